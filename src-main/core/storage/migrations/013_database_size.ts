// 013: a smaller database, same data (issue 16: 2.5 GB at 1M images). Append-only: never edit,
// add 014_… instead.
//
// - The ledger's time index covered every row twice: spend_at (at, bucket, amount) and spend_bucket
//   (bucket, at, amount), 144 MB each at 3M ledger rows. Since the report reads rollups (migration
//   012), the ledger is only summed over the partial days at a range's ends, and only the 'spend'
//   and 'uncertain' buckets: both are replaced by spend_billed_at, the same columns over those rows
//   alone (a partial index: a third of the rows, 43 MB). Queries name its condition, bucket <> 'hold'.
//   The one query over every kind by time, the ledger's entries (CSV export), reads an id window
//   instead: spend_day_ids keeps the smallest and largest ledger id of each UTC day of `at` (like
//   image_days, migration 007; the ledger is append-only, so an insert trigger is all it needs).
// - generations_model (model_id, status), 53 MB at 1M jobs, dropped: no statement filters jobs by
//   model (outcomes per model read generation_outcomes, migration 012; EXPLAIN QUERY PLAN of every
//   jobs statement: primary key, generations_active, _finished, _batch_key, _image, _source_image).
// - prompts: UNIQUE (prompt, negative_prompt) kept both texts a second time in its index (108 MB
//   at 800,000 prompts). The table is rebuilt with the same rows and ids, minus that constraint,
//   plus text_key (prompt-key.ts: 48 bits of the texts' SHA-256) and a plain index on it (~12 MB);
//   the history's upsert looks a pair up by key and texts. Uniqueness stays in the database: a
//   trigger refuses a second row with the same texts (one index probe per insert). The FTS index
//   (external content, by rowid) stays valid: ids do not change, and neither does the next id.
import type { Migration } from './index.ts';
import { promptTextKey } from '../prompt-key.ts';

const PROMPTS_REBUILD = `
CREATE TABLE prompts_keyed (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  prompt TEXT NOT NULL,
  negative_prompt TEXT NOT NULL DEFAULT '',
  first_used_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  use_count INTEGER NOT NULL DEFAULT 1,
  favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0,1)),
  text_key INTEGER NOT NULL
);
INSERT INTO prompts_keyed (id, prompt, negative_prompt, first_used_at, last_used_at, use_count, favorite, text_key)
  SELECT id, prompt, negative_prompt, first_used_at, last_used_at, use_count, favorite, prompt_text_key(prompt, negative_prompt)
  FROM prompts ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'prompts_keyed';
INSERT INTO sqlite_sequence (name, seq) SELECT 'prompts_keyed', seq FROM sqlite_sequence WHERE name = 'prompts';
DROP TABLE prompts;
ALTER TABLE prompts_keyed RENAME TO prompts;
CREATE INDEX prompts_text_key ON prompts(text_key);
CREATE INDEX prompts_last_used ON prompts(last_used_at);
CREATE INDEX prompts_favorite ON prompts(last_used_at) WHERE favorite = 1;
CREATE TRIGGER prompts_unique_insert BEFORE INSERT ON prompts
WHEN EXISTS (SELECT 1 FROM prompts WHERE text_key = new.text_key AND prompt = new.prompt AND negative_prompt = new.negative_prompt)
BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: prompts.prompt, prompts.negative_prompt');
END;
CREATE TRIGGER prompts_unique_update BEFORE UPDATE OF prompt, negative_prompt, text_key ON prompts
WHEN EXISTS (SELECT 1 FROM prompts WHERE text_key = new.text_key AND prompt = new.prompt AND negative_prompt = new.negative_prompt AND id <> new.id)
BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: prompts.prompt, prompts.negative_prompt');
END;
CREATE TRIGGER prompts_fts_insert AFTER INSERT ON prompts BEGIN
  INSERT INTO prompts_fts(rowid, prompt, negative_prompt) VALUES (new.id, new.prompt, new.negative_prompt);
END;
CREATE TRIGGER prompts_fts_delete AFTER DELETE ON prompts BEGIN
  INSERT INTO prompts_fts(prompts_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.id, old.prompt, old.negative_prompt);
END;
CREATE TRIGGER prompts_fts_update AFTER UPDATE OF prompt, negative_prompt ON prompts BEGIN
  INSERT INTO prompts_fts(prompts_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.id, old.prompt, old.negative_prompt);
  INSERT INTO prompts_fts(rowid, prompt, negative_prompt) VALUES (new.id, new.prompt, new.negative_prompt);
END;
`;

export const migration013: Migration = {
  id: 13,
  name: 'database-size',
  sql: `
CREATE TABLE spend_day_ids (
  day TEXT PRIMARY KEY,
  min_id INTEGER NOT NULL,
  max_id INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO spend_day_ids (day, min_id, max_id) SELECT substr(at, 1, 10), min(id), max(id) FROM spend GROUP BY 1;
CREATE TRIGGER spend_day_ids_insert AFTER INSERT ON spend BEGIN
  INSERT INTO spend_day_ids (day, min_id, max_id) VALUES (substr(new.at, 1, 10), new.id, new.id)
  ON CONFLICT (day) DO UPDATE SET min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id);
END;
DROP INDEX spend_at;
DROP INDEX spend_bucket;
CREATE INDEX spend_billed_at ON spend(at, bucket, amount_micro_usd) WHERE bucket <> 'hold';
DROP INDEX generations_model;
`,
  up: (db) => {
    db.function('prompt_text_key', { deterministic: true }, (prompt, negative) =>
      promptTextKey(String(prompt), String(negative)),
    );
    db.exec(PROMPTS_REBUILD);
  },
};
