// 003: one claim per batch item, so two runs of the same manifest at once never pay twice for it.
// Append-only: never edit, add 004_… instead.
//
// A batch item (`<batch>/<asset>#<variant>@<request hash>`, the job's batch_key) may have several
// jobs over time (a failed one is redone), but only one may hold the item: batch_claims has the
// batch key as its primary key and names the job that holds it. `GenerationsRepo.queue` reads the
// claim and takes it in its IMMEDIATE transaction (`batch-claims.ts`): a job that is queued,
// running or succeeded keeps the item; a failed, filtered, cancelled or interrupted one lets a new
// job take it. Backfill: the newest job of each key that holds it (running or succeeded), else the
// newest job.
import type { Migration } from './index.ts';

export const migration003: Migration = {
  id: 3,
  name: 'batch-claims',
  sql: `
CREATE TABLE batch_claims (
  batch_key TEXT PRIMARY KEY,
  generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO batch_claims (batch_key, generation_id)
  SELECT batch_key,
         coalesce(max(CASE WHEN status IN ('queued','sending','waiting','saving','succeeded') THEN id END), max(id))
  FROM generations WHERE batch_key IS NOT NULL GROUP BY batch_key;
`,
};
