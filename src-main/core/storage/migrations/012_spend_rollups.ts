// 012: rollups of the Spend view's report, kept by triggers in the same transaction as the row they
// count (like spend_days, migration 002), built here from the rows already there. Append-only: never
// edit, add 013_… instead.
//
// The report (spend.summary) grouped every ledger charge by model, profile and local day and every
// finished job by model and status: at 1M images (3M ledger rows) 20–30 s on the main process.
// - spend_model_days: 'spend'-bucket sums per UTC day, model and profile (NOT NULL keys for the
//   upsert: model '' for none, as the report shows it; profile '' plus no_profile = 1 for none).
// - spend_quarters: 'spend'-bucket sums per UTC quarter hour ('YYYY-MM-DDTHH:MM'): every time
//   zone's offset is a whole number of quarter hours, so date(quarter, 'localtime') is the local day
//   of each entry in it, exactly as date(at, 'localtime') was.
// - generation_outcomes: finished jobs per UTC day of finished_at, model and terminal status; an
//   update that moves a job in or out of a key takes it from the old key and adds it to the new.
// - generations_finished: a range's partial days at its ends are read from the jobs themselves.
import type { Migration } from './index.ts';

const QUARTER = (at: string) =>
  `substr(${at}, 1, 14) || printf('%02d', (CAST(substr(${at}, 15, 2) AS INTEGER) / 15) * 15)`;
const FINISHED = (row: string) =>
  `${row}.finished_at IS NOT NULL AND ${row}.status IN ('succeeded','failed','filtered','cancelled','interrupted')`;

export const migration012: Migration = {
  id: 12,
  name: 'spend-rollups',
  sql: `
CREATE TABLE spend_model_days (
  day TEXT NOT NULL,
  model_id TEXT NOT NULL,
  profile TEXT NOT NULL,
  no_profile INTEGER NOT NULL CHECK (no_profile IN (0,1)),
  amount_micro_usd INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  PRIMARY KEY (day, model_id, profile, no_profile)
) WITHOUT ROWID;
INSERT INTO spend_model_days (day, model_id, profile, no_profile, amount_micro_usd, entries)
  SELECT substr(at, 1, 10), coalesce(model_id, ''), coalesce(profile, ''), profile IS NULL, SUM(amount_micro_usd), count(*)
  FROM spend WHERE bucket = 'spend' GROUP BY 1, 2, 3, 4;
CREATE TABLE spend_quarters (
  quarter TEXT NOT NULL PRIMARY KEY,
  amount_micro_usd INTEGER NOT NULL,
  entries INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO spend_quarters (quarter, amount_micro_usd, entries)
  SELECT ${QUARTER('at')}, SUM(amount_micro_usd), count(*) FROM spend WHERE bucket = 'spend' GROUP BY 1;
CREATE TRIGGER spend_rollups_insert AFTER INSERT ON spend WHEN new.bucket = 'spend' BEGIN
  INSERT INTO spend_model_days (day, model_id, profile, no_profile, amount_micro_usd, entries)
  VALUES (substr(new.at, 1, 10), coalesce(new.model_id, ''), coalesce(new.profile, ''), new.profile IS NULL, new.amount_micro_usd, 1)
  ON CONFLICT DO UPDATE SET amount_micro_usd = amount_micro_usd + excluded.amount_micro_usd, entries = entries + 1;
  INSERT INTO spend_quarters (quarter, amount_micro_usd, entries) VALUES (${QUARTER('new.at')}, new.amount_micro_usd, 1)
  ON CONFLICT DO UPDATE SET amount_micro_usd = amount_micro_usd + excluded.amount_micro_usd, entries = entries + 1;
END;
CREATE TABLE generation_outcomes (
  day TEXT NOT NULL,
  model_id TEXT NOT NULL,
  status TEXT NOT NULL,
  jobs INTEGER NOT NULL,
  PRIMARY KEY (day, model_id, status)
) WITHOUT ROWID;
INSERT INTO generation_outcomes (day, model_id, status, jobs)
  SELECT substr(finished_at, 1, 10), model_id, status, count(*) FROM generations g WHERE ${FINISHED('g')} GROUP BY 1, 2, 3;
CREATE TRIGGER generation_outcomes_insert AFTER INSERT ON generations WHEN ${FINISHED('new')} BEGIN
  INSERT INTO generation_outcomes (day, model_id, status, jobs) VALUES (substr(new.finished_at, 1, 10), new.model_id, new.status, 1)
  ON CONFLICT DO UPDATE SET jobs = jobs + 1;
END;
CREATE TRIGGER generation_outcomes_update_old AFTER UPDATE OF status, finished_at, model_id ON generations WHEN ${FINISHED('old')} BEGIN
  UPDATE generation_outcomes SET jobs = jobs - 1
  WHERE day = substr(old.finished_at, 1, 10) AND model_id = old.model_id AND status = old.status;
END;
CREATE TRIGGER generation_outcomes_update_new AFTER UPDATE OF status, finished_at, model_id ON generations WHEN ${FINISHED('new')} BEGIN
  INSERT INTO generation_outcomes (day, model_id, status, jobs) VALUES (substr(new.finished_at, 1, 10), new.model_id, new.status, 1)
  ON CONFLICT DO UPDATE SET jobs = jobs + 1;
END;
CREATE TRIGGER generation_outcomes_delete AFTER DELETE ON generations WHEN ${FINISHED('old')} BEGIN
  UPDATE generation_outcomes SET jobs = jobs - 1
  WHERE day = substr(old.finished_at, 1, 10) AND model_id = old.model_id AND status = old.status;
END;
CREATE INDEX generations_finished ON generations(finished_at) WHERE finished_at IS NOT NULL;
`,
};
