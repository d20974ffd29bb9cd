// 005: an unknown price is never recorded as $0. A job queued while its model had no known price
// (an Image Service the price table does not cover and the user has not priced) is marked
// `generations.unpriced`; its charge is a ledger row with amount 0 and `spend.unpriced = 1`, which
// the Spend summary counts apart ("n images not priced yet") instead of adding a false $0.00.
// ADD COLUMN keeps every existing row (and the append-only triggers) as they are.
// Append-only: never edit, add 006_… instead.
import type { Migration } from './index.ts';

export const migration005: Migration = {
  id: 5,
  name: 'unpriced',
  sql: `
ALTER TABLE generations ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0 CHECK (unpriced IN (0,1));
ALTER TABLE spend ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0 CHECK (unpriced IN (0,1));
CREATE INDEX spend_unpriced ON spend(at) WHERE unpriced = 1;
`,
};
