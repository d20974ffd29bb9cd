// Tags on images. Names are case-insensitive (the first spelling is kept) and trimmed.
import type { Tag } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { Db } from './db.ts';
import { parseId, tagFromRow, type DbTagWithCount } from './rows.ts';

const MAX_TAG_LENGTH = 100;

export function normaliseTagName(name: string): string {
  const tag = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (tag === '') throw new EaselError('validation', 'A tag needs at least one visible character.', { field: 'tag' });
  if (tag.length > MAX_TAG_LENGTH)
    throw new EaselError('validation', `A tag can be at most ${MAX_TAG_LENGTH} characters long.`, { field: 'tag' });
  return tag;
}

export class TagsRepo {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Adds each tag to each image (creating tags as needed). Returns how many links were new. */
  add(imageIds: readonly string[], names: readonly string[]): number {
    const images = imageIds.map((id) => parseId(id, 'image'));
    const tags = names.map(normaliseTagName);
    const run = this.#db.transaction(() => {
      let added = 0;
      for (const name of tags) {
        const tagId = this.#ensure(name);
        for (const imageId of images) {
          const exists = this.#db.prepare('SELECT 1 FROM images WHERE id = ?').get(imageId);
          if (!exists) throw new EaselError('not-found', `There is no image with id ${imageId} in the library.`);
          added += this.#db
            .prepare('INSERT OR IGNORE INTO image_tags (tag_id, image_id) VALUES (?, ?)')
            .run(tagId, imageId).changes;
        }
      }
      return added;
    });
    return run.immediate();
  }

  /** Removes tags from images; a tag left on no image is deleted. Returns how many links went. */
  remove(imageIds: readonly string[], names: readonly string[]): number {
    const images = imageIds.map((id) => parseId(id, 'image'));
    const run = this.#db.transaction(() => {
      let removed = 0;
      for (const name of names.map(normaliseTagName)) {
        const tag = this.#db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?').get(name);
        if (!tag) continue;
        for (const imageId of images)
          removed += this.#db
            .prepare('DELETE FROM image_tags WHERE tag_id = ? AND image_id = ?')
            .run(tag.id, imageId).changes;
        this.#db
          .prepare('DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM image_tags WHERE tag_id = ?)')
          .run(tag.id, tag.id);
      }
      return removed;
    });
    return run.immediate();
  }

  /** Every tag with its number of (live and trashed) images, by name (the count is kept by triggers: migration 008). */
  list(): Tag[] {
    return this.#db
      .prepare<[], DbTagWithCount>('SELECT id, name, image_count FROM tags ORDER BY name COLLATE NOCASE')
      .all()
      .map(tagFromRow);
  }

  /** Tag names per image id (ids without tags map to []). */
  forImages(imageIds: readonly string[]): Map<string, string[]> {
    const result = new Map<string, string[]>(imageIds.map((id) => [id, []]));
    const query = this.#db.prepare<[number], { name: string }>(
      'SELECT t.name FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = ? ORDER BY t.name COLLATE NOCASE',
    );
    for (const id of imageIds)
      result.set(
        id,
        query.all(parseId(id, 'image')).map((r) => r.name),
      );
    return result;
  }

  rename(from: string, to: string): void {
    const target = normaliseTagName(to);
    const run = this.#db.transaction(() => {
      const tag = this.#db
        .prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?')
        .get(normaliseTagName(from));
      if (!tag) throw new EaselError('not-found', `There is no tag "${from}".`);
      const other = this.#db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?').get(target);
      if (other && other.id !== tag.id) {
        // Renaming onto an existing tag merges the two.
        this.#db
          .prepare(
            'INSERT OR IGNORE INTO image_tags (tag_id, image_id) SELECT ?, image_id FROM image_tags WHERE tag_id = ?',
          )
          .run(other.id, tag.id);
        this.#db.prepare('DELETE FROM tags WHERE id = ?').run(tag.id);
      } else {
        this.#db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(target, tag.id);
      }
    });
    run.immediate();
  }

  delete(name: string): void {
    this.#db.prepare('DELETE FROM tags WHERE name = ?').run(normaliseTagName(name));
  }

  #ensure(name: string): number {
    this.#db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)').run(name);
    const row = this.#db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?').get(name);
    if (!row) throw new Error('tag vanished');
    return row.id;
  }
}
