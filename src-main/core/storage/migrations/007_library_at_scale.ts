// 006: library queries at a million images. Append-only: never edit, add 007_… instead.
//
// - images_fts gets prefix indexes for 1 to 8 characters (was 2 and 3). A prefix term of an
//   indexed length is one doclist that FTS5 reads lazily, newest first, and stops at the page's
//   LIMIT; a longer or unindexed one makes FTS5 collect and merge every hit of every word it covers
//   first (one letter "d" at 1M images: 510,242 hits, ~90 ms; "portr": ~12 ms; now ~0.2 ms each). Search as
//   you type ends every query with a prefix term, so this is every search. Beyond 8 characters the
//   merge covers one or two words (~3 ms for 100,000 hits). Cost: ~200 MB more index at 1M images.
//   The table is dropped and made again (the triggers on images name it, so they stay as they are)
//   and rebuilt from `images`: ~30 s at 1M images on 2 busy cores.
// - image_days: per UTC day of created_at (its first 10 characters), the smallest and largest image
//   id created that day, kept by triggers on insert and on a change of created_at (a delete leaves
//   the bounds as they were: still a superset). A date range's ids lie within the [min, max] of the
//   days it touches, whatever the order of ids and times, so the library query walks only that id
//   window instead of scanning the range in images_created to find it (everything older than a
//   year at 1M: 40–60 ms, now well under 1 ms).
import type { Migration } from './index.ts';

export const migration007: Migration = {
  id: 7,
  name: 'library-at-scale',
  sql: `
DROP TABLE images_fts;
CREATE VIRTUAL TABLE images_fts USING fts5(
  prompt, negative_prompt,
  content='images', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6 7 8'
);
INSERT INTO images_fts(images_fts) VALUES('rebuild');

CREATE TABLE image_days (
  day TEXT PRIMARY KEY,
  min_id INTEGER NOT NULL,
  max_id INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO image_days (day, min_id, max_id)
  SELECT substr(created_at, 1, 10), min(id), max(id) FROM images GROUP BY substr(created_at, 1, 10);
CREATE TRIGGER image_days_insert AFTER INSERT ON images BEGIN
  INSERT INTO image_days (day, min_id, max_id) VALUES (substr(new.created_at, 1, 10), new.id, new.id)
  ON CONFLICT (day) DO UPDATE SET min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id);
END;
CREATE TRIGGER image_days_update AFTER UPDATE OF created_at ON images BEGIN
  INSERT INTO image_days (day, min_id, max_id) VALUES (substr(new.created_at, 1, 10), new.id, new.id)
  ON CONFLICT (day) DO UPDATE SET min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id);
END;
`,
};
