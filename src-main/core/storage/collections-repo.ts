// Ordered collections of images. Positions are 0..n-1 and rewritten on every change, so the
// order is exactly what the user last arranged.
import type { Collection } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { collectionFromRow, parseId, toId, type DbCollectionWithCount } from './rows.ts';

const SELECT = `SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM collection_items ci WHERE ci.collection_id = c.id) AS image_count FROM collections c`;

function collectionName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  if (trimmed === '' || trimmed.length > 200)
    throw new EaselError('validation', 'A collection name is 1 to 200 characters.', { field: 'name' });
  return trimmed;
}

export class CollectionsRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  create(name: string): Collection {
    const clean = collectionName(name);
    try {
      const row = this.#db
        .prepare<[string, string], { id: number }>(
          'INSERT INTO collections (name, created_at) VALUES (?, ?) RETURNING id',
        )
        .get(clean, isoNow(this.#clock));
      if (!row) throw new Error('collection insert returned nothing');
      return this.get(toId(row.id));
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message))
        throw new EaselError('validation', `A collection named "${clean}" already exists.`, { field: 'name' });
      throw error;
    }
  }

  get(id: string): Collection {
    const row = this.#db
      .prepare<[number], DbCollectionWithCount>(`${SELECT} WHERE c.id = ?`)
      .get(parseId(id, 'collection'));
    if (!row) throw new EaselError('not-found', `There is no collection with id ${id}.`);
    return collectionFromRow(row);
  }

  findByName(name: string): Collection | null {
    const row = this.#db.prepare<[string], DbCollectionWithCount>(`${SELECT} WHERE c.name = ?`).get(name.trim());
    return row ? collectionFromRow(row) : null;
  }

  list(): Collection[] {
    return this.#db
      .prepare<[], DbCollectionWithCount>(`${SELECT} ORDER BY c.name COLLATE NOCASE`)
      .all()
      .map(collectionFromRow);
  }

  rename(id: string, name: string): void {
    const changes = this.#db
      .prepare('UPDATE collections SET name = ? WHERE id = ?')
      .run(collectionName(name), parseId(id, 'collection')).changes;
    if (changes === 0) throw new EaselError('not-found', `There is no collection with id ${id}.`);
  }

  delete(id: string): void {
    this.#db.prepare('DELETE FROM collections WHERE id = ?').run(parseId(id, 'collection'));
  }

  /** Image ids in order. */
  imageIds(id: string): string[] {
    return this.#db
      .prepare<[number], { image_id: number }>(
        'SELECT image_id FROM collection_items WHERE collection_id = ? ORDER BY position',
      )
      .all(parseId(id, 'collection'))
      .map((r) => toId(r.image_id));
  }

  /** Inserts images (those not in it yet) at `index` (default: the end), keeping the rest in order. */
  add(id: string, imageIds: readonly string[], index?: number): void {
    const run = this.#db.transaction(() => {
      const current = this.imageIds(id);
      const adding = [...new Set(imageIds)].filter((imageId) => !current.includes(imageId));
      const at = index === undefined ? current.length : Math.max(0, Math.min(index, current.length));
      current.splice(at, 0, ...adding);
      this.#write(id, current);
    });
    run.immediate();
  }

  remove(id: string, imageIds: readonly string[]): void {
    const run = this.#db.transaction(() => {
      const gone = new Set(imageIds);
      this.#write(
        id,
        this.imageIds(id).filter((imageId) => !gone.has(imageId)),
      );
    });
    run.immediate();
  }

  /** Sets the full order; `imageIds` must hold exactly the collection's images. */
  reorder(id: string, imageIds: readonly string[]): void {
    const run = this.#db.transaction(() => {
      const current = this.imageIds(id);
      const same =
        current.length === imageIds.length &&
        new Set(imageIds).size === imageIds.length &&
        imageIds.every((i) => current.includes(i));
      if (!same)
        throw new EaselError('validation', 'The new order must list each image of the collection exactly once.', {
          field: 'imageIds',
        });
      this.#write(id, imageIds);
    });
    run.immediate();
  }

  /** Moves one image to `index` (0-based). */
  move(id: string, imageId: string, index: number): void {
    const run = this.#db.transaction(() => {
      const current = this.imageIds(id);
      const from = current.indexOf(imageId);
      if (from < 0) throw new EaselError('not-found', `Image ${imageId} is not in collection ${id}.`);
      current.splice(from, 1);
      current.splice(Math.max(0, Math.min(index, current.length)), 0, imageId);
      this.#write(id, current);
    });
    run.immediate();
  }

  #write(id: string, imageIds: readonly string[]): void {
    const collectionId = parseId(id, 'collection');
    if (!this.#db.prepare('SELECT 1 FROM collections WHERE id = ?').get(collectionId))
      throw new EaselError('not-found', `There is no collection with id ${id}.`);
    this.#db.prepare('DELETE FROM collection_items WHERE collection_id = ?').run(collectionId);
    const insert = this.#db.prepare(
      'INSERT INTO collection_items (collection_id, image_id, position) VALUES (?, ?, ?)',
    );
    imageIds.forEach((imageId, position) => {
      try {
        insert.run(collectionId, parseId(imageId, 'image'), position);
      } catch (error) {
        if (error instanceof Error && /FOREIGN KEY/.test(error.message))
          throw new EaselError('not-found', `There is no image with id ${imageId} in the library.`);
        throw error;
      }
    });
  }
}
