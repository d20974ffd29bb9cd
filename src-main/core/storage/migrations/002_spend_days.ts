// 002: a per-day rollup of the spend ledger, so all-time and long-range totals read a few hundred
// rows instead of every ledger entry (spend summary at 1,000,000 charges: a 1M-entry index scan
// before, ~1,000 rollup rows after). Append-only: never edit, add 003_… instead.
//
// spend_days holds, per bucket and UTC calendar day (the first 10 characters of the ledger's ISO
// `at`), the sum and count of the entries. The ledger stays append-only; its AFTER INSERT trigger
// keeps the rollup in the same transaction as the entry, so the two can never disagree. A range
// total = rollup for the whole days inside it + the ledger index for the partial days at its ends.
import type { Migration } from './index.ts';

export const migration002: Migration = {
  id: 2,
  name: 'spend-days',
  sql: `
CREATE TABLE spend_days (
  bucket TEXT NOT NULL,
  day TEXT NOT NULL,
  amount_micro_usd INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  PRIMARY KEY (bucket, day)
) WITHOUT ROWID;
INSERT INTO spend_days (bucket, day, amount_micro_usd, entries)
  SELECT bucket, substr(at, 1, 10), SUM(amount_micro_usd), count(*) FROM spend GROUP BY bucket, substr(at, 1, 10);
CREATE TRIGGER spend_days_insert AFTER INSERT ON spend BEGIN
  INSERT INTO spend_days (bucket, day, amount_micro_usd, entries) VALUES (new.bucket, substr(new.at, 1, 10), new.amount_micro_usd, 1)
  ON CONFLICT (bucket, day) DO UPDATE SET amount_micro_usd = amount_micro_usd + excluded.amount_micro_usd, entries = entries + 1;
END;
`,
};
