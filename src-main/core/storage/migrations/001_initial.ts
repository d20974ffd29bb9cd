// 001: the first schema. Append-only: never edit a released migration, add 002_… instead.
//
// Choices that matter at 1,000,000 images:
// - Integer primary keys everywhere (rowid tables): "newest" is id order, which is insertion order,
//   so the first page is a backwards walk of the primary key and keyset paging is `id < cursor`.
//   AUTOINCREMENT wherever rows are deleted, so an id (in a URL, a UI selection, a script) never
//   comes back meaning another image.
// - images_fts and prompts_fts are FTS5 tables with EXTERNAL content: the text already lives in
//   images/prompts, so it is not stored twice, snippet()/highlight() still work, and
//   `INSERT INTO x_fts(x_fts) VALUES('rebuild')` can always repair an index from its table.
//   Triggers keep them in step; the image update trigger fires only when the prompt changes, so
//   favourite/rating/trash updates never touch the index. FTS results come back in rowid order, so
//   "newest first" search streams (ORDER BY rowid DESC LIMIT n) instead of sorting every match.
// - image_tags is WITHOUT ROWID keyed (tag_id, image_id): a tag filter streams newest-first too.
// - spend is an append-only ledger; generations.reserved_micro_usd mirrors the open hold of each
//   job (set and cleared in the same transaction as the ledger rows) so a budget check sums a tiny
//   partial index instead of the whole ledger.
import type { Migration } from './index.ts';

export const migration001: Migration = {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE generations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','sending','waiting','saving','succeeded','failed','filtered','cancelled','interrupted')),
  model_id TEXT NOT NULL,
  profile TEXT,
  region TEXT,
  params TEXT NOT NULL,
  request TEXT,
  seed INTEGER,
  error_code TEXT,
  error_message TEXT,
  estimate_micro_usd INTEGER NOT NULL DEFAULT 0,
  price_micro_usd INTEGER,
  reserved_micro_usd INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  finished_at TEXT,
  batch_key TEXT,
  source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  image_id INTEGER REFERENCES images(id) ON DELETE SET NULL
);
CREATE INDEX generations_active ON generations(status) WHERE status IN ('queued','sending','waiting','saving');
CREATE INDEX generations_batch_key ON generations(batch_key) WHERE batch_key IS NOT NULL;
CREATE INDEX generations_open_holds ON generations(reserved_micro_usd) WHERE reserved_micro_usd <> 0;
CREATE INDEX generations_model ON generations(model_id, status);
CREATE INDEX generations_image ON generations(image_id) WHERE image_id IS NOT NULL;
CREATE INDEX generations_source_image ON generations(source_image_id) WHERE source_image_id IS NOT NULL;

CREATE TABLE images (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('png','jpeg','webp')),
  created_at TEXT NOT NULL,
  generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
  source TEXT NOT NULL CHECK (source IN ('generated','imported','edited')),
  parent_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0,1)),
  rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  deleted_at TEXT,
  prompt TEXT,
  negative_prompt TEXT,
  seed INTEGER,
  model_id TEXT,
  metadata TEXT
);
CREATE INDEX images_created ON images(created_at);
CREATE INDEX images_model ON images(model_id, id) WHERE model_id IS NOT NULL;
CREATE INDEX images_seed ON images(seed) WHERE seed IS NOT NULL;
CREATE INDEX images_rating ON images(rating, id);
CREATE INDEX images_favorite ON images(id) WHERE favorite = 1;
CREATE INDEX images_trash ON images(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX images_generation ON images(generation_id) WHERE generation_id IS NOT NULL;
CREATE INDEX images_parent ON images(parent_image_id) WHERE parent_image_id IS NOT NULL;

CREATE VIRTUAL TABLE images_fts USING fts5(
  prompt, negative_prompt,
  content='images', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
  INSERT INTO images_fts(rowid, prompt, negative_prompt) VALUES (new.id, new.prompt, new.negative_prompt);
END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
  INSERT INTO images_fts(images_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.id, old.prompt, old.negative_prompt);
END;
CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt, negative_prompt ON images BEGIN
  INSERT INTO images_fts(images_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.id, old.prompt, old.negative_prompt);
  INSERT INTO images_fts(rowid, prompt, negative_prompt) VALUES (new.id, new.prompt, new.negative_prompt);
END;

CREATE TABLE prompts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  prompt TEXT NOT NULL,
  negative_prompt TEXT NOT NULL DEFAULT '',
  first_used_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  use_count INTEGER NOT NULL DEFAULT 1,
  favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0,1)),
  UNIQUE (prompt, negative_prompt)
);
CREATE INDEX prompts_last_used ON prompts(last_used_at);
CREATE INDEX prompts_favorite ON prompts(last_used_at) WHERE favorite = 1;

CREATE VIRTUAL TABLE prompts_fts USING fts5(
  prompt, negative_prompt,
  content='prompts', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
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

CREATE TABLE tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE image_tags (
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  PRIMARY KEY (tag_id, image_id)
) WITHOUT ROWID;
CREATE INDEX image_tags_image ON image_tags(image_id, tag_id);

CREATE TABLE collections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL
);
CREATE TABLE collection_items (
  collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (collection_id, image_id)
) WITHOUT ROWID;
CREATE INDEX collection_items_order ON collection_items(collection_id, position);
CREATE INDEX collection_items_image ON collection_items(image_id);

CREATE TABLE canvases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE canvas_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  canvas_id INTEGER NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  x REAL NOT NULL DEFAULT 0,
  y REAL NOT NULL DEFAULT 0,
  scale REAL NOT NULL DEFAULT 1,
  rotation REAL NOT NULL DEFAULT 0,
  z INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX canvas_items_canvas ON canvas_items(canvas_id, z);
CREATE INDEX canvas_items_image ON canvas_items(image_id);

CREATE TABLE spend (
  id INTEGER PRIMARY KEY,
  generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
  model_id TEXT,
  profile TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('charge','reservation','release','uncertain','adjustment')),
  amount_micro_usd INTEGER NOT NULL,
  price_source TEXT,
  at TEXT NOT NULL,
  ref_id INTEGER REFERENCES spend(id),
  -- 'hold' (reservation and its release), 'uncertain' (uncertain and its release) or 'spend'
  -- (charge, adjustment): budgets sum 'spend' + 'uncertain' in their window plus open holds.
  bucket TEXT NOT NULL CHECK (bucket IN ('hold','uncertain','spend')),
  note TEXT
);
CREATE INDEX spend_at ON spend(at, bucket, amount_micro_usd);
CREATE INDEX spend_bucket ON spend(bucket, at, amount_micro_usd);
CREATE INDEX spend_generation ON spend(generation_id);
CREATE INDEX spend_ref ON spend(ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX spend_model ON spend(model_id, at);
CREATE TRIGGER spend_append_only_update BEFORE UPDATE ON spend BEGIN
  SELECT RAISE(ABORT, 'the spend ledger is append-only');
END;
CREATE TRIGGER spend_append_only_delete BEFORE DELETE ON spend BEGIN
  SELECT RAISE(ABORT, 'the spend ledger is append-only');
END;

CREATE TABLE budgets (
  period TEXT PRIMARY KEY CHECK (period IN ('day','month')),
  limit_micro_usd INTEGER NOT NULL CHECK (limit_micro_usd >= 0),
  hard INTEGER NOT NULL CHECK (hard IN (0,1)),
  updated_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE price_overrides (
  model_id TEXT NOT NULL,
  -- '' for the model's base price, else a family-specific key (e.g. 'premium', '1024x1024')
  price_key TEXT NOT NULL DEFAULT '',
  price_micro_usd INTEGER NOT NULL CHECK (price_micro_usd >= 0),
  note TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (model_id, price_key)
);
`,
};
