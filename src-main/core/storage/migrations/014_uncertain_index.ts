// 014: the ledger's uncertain entries by their own small index. Append-only: never edit, add 015_… instead.
//
// The Spend view lists open uncertain spend (jobs, chat turns, video segments) each time it opens
// and after every finished job. Migration 013 (database-size) dropped spend_bucket, the index that
// found the few 'uncertain' rows among millions, so the listing read the whole ledger again — 3M
// rows at 1M images. A partial index over the uncertain entries alone holds a handful of rows.
import type { Migration } from './index.ts';

export const migration014: Migration = {
  id: 14,
  name: 'uncertain-index',
  sql: `
CREATE INDEX spend_uncertain ON spend(at, id) WHERE kind = 'uncertain';
`,
};
