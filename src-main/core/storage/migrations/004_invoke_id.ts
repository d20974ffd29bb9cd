// 004: every job records the id or inference profile it invokes (`invoke_id`) beside the region it
// calls (`region`, which from now on is the region called, not necessarily the profile's): a
// text-to-image model runs in us-west-2, an Image Service through `us.stability.…` from the
// profile's region. Jobs queued before 004 have none (they were called by `model_id` in `region`).
// Append-only: never edit, add 005_… instead.
import type { Migration } from './index.ts';

export const migration004: Migration = {
  id: 4,
  name: 'invoke-id',
  sql: `ALTER TABLE generations ADD COLUMN invoke_id TEXT;`,
};
