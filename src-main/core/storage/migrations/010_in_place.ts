// 010: images indexed in place. A file the user keeps in their own folder (an A1111 or ComfyUI
// output folder) is recorded without being copied: `external_path` is its absolute path (null for
// files in library/), `external_mtime_ms` and `bytes` tell a changed file from the one indexed, and
// `missing_since` marks a file found moved or deleted: the row stays (shown as missing), never
// dropped silently. `path` keeps the library path a copy would take ("Copy into library").
// `library_folders` are the folders added in place, which the app watches for new images.
// ADD COLUMN keeps every existing row as it is (a library file: external_path null).
// Append-only: never edit, add 011_… instead.
import type { Migration } from './index.ts';

export const migration010: Migration = {
  id: 10,
  name: 'in_place',
  sql: `
ALTER TABLE images ADD COLUMN external_path TEXT;
ALTER TABLE images ADD COLUMN external_mtime_ms INTEGER;
ALTER TABLE images ADD COLUMN missing_since TEXT;
CREATE INDEX images_external_path ON images(external_path) WHERE external_path IS NOT NULL;
CREATE TABLE library_folders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL UNIQUE,
  recursive INTEGER NOT NULL CHECK (recursive IN (0,1)),
  added_at TEXT NOT NULL
);
`,
};
