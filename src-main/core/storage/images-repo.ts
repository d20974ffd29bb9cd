// Image rows: insert (content-addressed, one row per file), look-ups, the library query
// (FTS text, tags, collection, model, seed, dates, favourite, source, rating; keyset paging),
// favourite/rating, and trash → restore / purge.
import {
  ImageQuerySchema,
  type ImageQueryInput,
  type ImageRecord,
  type ImageSource,
} from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { parseInput } from './input.ts';
import { toFtsQuery } from './fts-query.ts';
import type { StoredImage } from './image-store.ts';
import { relinkMissing } from './in-place-repo.ts';
import { imageFromRow, parseId, toId, type DbImage } from './rows.ts';
import { cachedStatement } from './statements.ts';

/** Masks painted for inpaint/erase (masks.create): source 'edited' with metadata {"kind": "mask"}. */
const NOT_A_MASK =
  "NOT (i.source = 'edited' AND i.metadata IS NOT NULL AND json_extract(i.metadata, '$.kind') = 'mask')";

/** A row to insert: the stored file's facts (as ImageStore.put returns them) and where it came from. */
export interface NewImage extends Omit<StoredImage, 'written'> {
  source: ImageSource;
  generationId?: string | null;
  parentImageId?: string | null;
  prompt?: string | null;
  negativePrompt?: string | null;
  seed?: number | null;
  modelId?: string | null;
  metadata?: Record<string, unknown> | null;
  createdAt?: string;
  /** Indexed in place: the user's file (absolute) and its modification time; `path` is where a copy would go. */
  externalPath?: string | null;
  externalMtimeMs?: number | null;
}

export interface ImagePage {
  images: ImageRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A file whose row was purged: delete it (and its thumbnail) from the store. */
export interface PurgedFile {
  imageId: string;
  sha256: string;
  path: string;
}

/** An image's lineage (see ImagesRepo.lineage). */
export interface ImageLineage {
  /** The image this one was made from (an edit's source), if any. */
  parentImageId: string | null;
  /** Images made from this one, newest first (up to 100). */
  editIds: string[];
  /** Profile and region of the generation that made it (null for imports). */
  profile: string | null;
  region: string | null;
}

type SqlValue = string | number | null;

export class ImagesRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Inserts an image, or returns the existing row for the same bytes (sha256) — restoring it from
   * the trash, since the user has just made or imported it again. `created` says which.
   */
  insertOrGet(image: NewImage): { image: ImageRecord; created: boolean } {
    const run = this.#db.transaction(() => {
      const existing = cachedStatement<[string], DbImage>(this.#db, 'SELECT * FROM images WHERE sha256 = ?').get(
        image.sha256,
      );
      if (existing) {
        if (existing.deleted_at !== null)
          this.#db.prepare('UPDATE images SET deleted_at = NULL WHERE id = ?').run(existing.id);
        const relinked = relinkMissing(this.#db, existing, image);
        return { image: imageFromRow({ ...existing, ...relinked, deleted_at: null }), created: false };
      }
      const row = cachedStatement<SqlValue[], DbImage>(
        this.#db,
        `INSERT INTO images (sha256, path, width, height, bytes, format, created_at, generation_id, source, parent_image_id,
             prompt, negative_prompt, seed, model_id, metadata, external_path, external_mtime_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ).get(
        image.sha256,
        image.path,
        image.width,
        image.height,
        image.bytes,
        image.format,
        image.createdAt ?? isoNow(this.#clock),
        image.generationId ? parseId(image.generationId, 'generation') : null,
        image.source,
        image.parentImageId ? parseId(image.parentImageId, 'image') : null,
        image.prompt ?? null,
        image.negativePrompt ?? null,
        image.seed ?? null,
        image.modelId ?? null,
        image.metadata ? JSON.stringify(image.metadata) : null,
        image.externalPath ?? null,
        image.externalMtimeMs ?? null,
      );
      if (!row) throw new Error('image insert returned nothing');
      return { image: imageFromRow(row), created: true };
    });
    return run.immediate();
  }

  get(id: string): ImageRecord {
    const row = this.#db.prepare<[number], DbImage>('SELECT * FROM images WHERE id = ?').get(parseId(id, 'image'));
    if (!row) throw new EaselError('not-found', `There is no image with id ${id} in the library.`);
    return imageFromRow(row);
  }

  find(id: string): ImageRecord | null {
    if (!/^[1-9]\d{0,15}$/.test(id)) return null;
    const row = this.#db.prepare<[number], DbImage>('SELECT * FROM images WHERE id = ?').get(Number(id));
    return row ? imageFromRow(row) : null;
  }

  getBySha(sha256: string): ImageRecord | null {
    const row = this.#db.prepare<[string], DbImage>('SELECT * FROM images WHERE sha256 = ?').get(sha256);
    return row ? imageFromRow(row) : null;
  }

  /**
   * Where an image came from and what was made from it: its parent (the image's own parent, else
   * the source image of the generation that made it), the images made from it (edits, variations,
   * masks; newest first, up to 100) and the profile/region of its generation (null for imports).
   * @throws EaselError 'not-found'
   */
  lineage(id: string): ImageLineage {
    const image = this.get(id);
    const n = parseId(image.id, 'image');
    const generation = this.#db
      .prepare<[number], { source: number | null; profile: string | null; region: string | null }>(
        'SELECT source_image_id AS source, profile, region FROM generations WHERE id = (SELECT generation_id FROM images WHERE id = ?)',
      )
      .get(n);
    const edits = this.#db
      .prepare<[number, number], { id: number }>(
        `SELECT id FROM (SELECT image_id AS id FROM generations WHERE source_image_id = ? AND image_id IS NOT NULL
           UNION SELECT id FROM images WHERE parent_image_id = ?) ORDER BY id DESC LIMIT 100`,
      )
      .all(n, n);
    const source = generation?.source ?? null;
    return {
      parentImageId: image.parentImageId ?? (source === null ? null : toId(source)),
      editIds: edits.map((e) => toId(e.id)).filter((e) => e !== image.id),
      profile: generation?.profile ?? null,
      region: generation?.region ?? null,
    };
  }

  /** The library grid: every filter ANDed, newest first by default, keyset paging. */
  list(input: ImageQueryInput = {}): ImagePage {
    const q = parseInput(ImageQuerySchema, input, 'library query');
    const params: SqlValue[] = [];
    const where: string[] = [];
    let from: string;
    let key: string; // the column that orders newest/oldest (an image id)
    const add = (condition: string, ...values: SqlValue[]): void => {
      where.push(condition);
      params.push(...values);
    };

    const match = q.text === undefined ? null : toFtsQuery(q.text);
    if (q.text !== undefined && q.text.trim() !== '' && match === null) return { images: [], nextCursor: null };
    const tags = [...new Set((q.tags ?? []).map((t) => t.trim()).filter((t) => t !== ''))];

    // Drive the query from its most selective, already-ordered source so that
    // "newest first, LIMIT n" streams instead of sorting every match.
    if (match !== null) {
      from = 'images_fts JOIN images i ON i.id = images_fts.rowid';
      where.push('images_fts MATCH ?');
      params.push(match);
      key = 'images_fts.rowid';
    } else if (tags.length > 0) {
      from = 'image_tags t0 JOIN images i ON i.id = t0.image_id';
      where.push('t0.tag_id = (SELECT id FROM tags WHERE name = ?)');
      params.push(tags.shift() ?? '');
      key = 't0.image_id';
    } else {
      from = 'images i';
      key = 'i.id';
    }
    for (const tag of tags) {
      where.push(
        'EXISTS (SELECT 1 FROM image_tags tx WHERE tx.image_id = i.id AND tx.tag_id = (SELECT id FROM tags WHERE name = ?))',
      );
      params.push(tag);
    }
    if (q.collectionId !== undefined) {
      where.push('EXISTS (SELECT 1 FROM collection_items ci WHERE ci.collection_id = ? AND ci.image_id = i.id)');
      params.push(parseId(q.collectionId, 'collection'));
    }
    where.push(q.trashed ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL');
    // Inpaint masks are library images (so jobs and lineage resolve them) but not pictures to browse.
    where.push(NOT_A_MASK);
    if (q.modelId !== undefined) add('i.model_id = ?', q.modelId);
    if (q.seed !== undefined) add('i.seed = ?', q.seed);
    if (q.from !== undefined || q.to !== undefined) {
      // `+` keeps the planner on the ordered driver above (rowid, FTS, tag) instead of sorting the
      // whole date range; the id window below takes it straight to the range.
      if (q.from !== undefined) add('+i.created_at >= ?', q.from);
      if (q.to !== undefined) add('+i.created_at < ?', q.to);
      const window = this.#dateWindow(q.from, q.to);
      if (window === 'empty') return { images: [], nextCursor: null };
      add(`${key} BETWEEN ? AND ?`, window.lo, window.hi);
    }
    if (q.favorite !== undefined) add('i.favorite = ?', q.favorite ? 1 : 0);
    if (q.source !== undefined) add('i.source = ?', q.source);
    if (q.minRating !== undefined) add('i.rating >= ?', q.minRating);
    if (q.media !== undefined) add('i.media = ?', q.media);

    const order = orderAndCursor(q.sort, key, q.cursor, add);
    params.push(q.limit + 1);
    const rows = this.#db
      .prepare<SqlValue[], DbImage>(`SELECT i.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`)
      .all(...params);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page.at(-1);
    const nextCursor = more && last ? (q.sort === 'rating' ? `${last.rating}:${last.id}` : String(last.id)) : null;
    return { images: page.map(imageFromRow), nextCursor };
  }

  /**
   * A window [lo, hi] that holds the id of every image created in [from, to), whatever the order of
   * ids and dates; 'empty' when no image can be in the range. From image_days (migration 007): the
   * smallest and largest id of each day the range touches. A created_at in [from, to) has its day
   * (first 10 characters) in [day of from, day of to] as strings compare, so the days read are a
   * superset; the query's own created_at conditions keep exactly the range.
   */
  #dateWindow(from: string | undefined, to: string | undefined): { lo: number; hi: number } | 'empty' {
    const window = this.#db
      .prepare<[{ from: string | null; to: string | null }], { lo: number | null; hi: number | null }>(
        `SELECT min(min_id) AS lo, max(max_id) AS hi FROM image_days
         WHERE (@from IS NULL OR day >= substr(@from, 1, 10)) AND (@to IS NULL OR day <= substr(@to, 1, 10))`,
      )
      .get({ from: from ?? null, to: to ?? null });
    return window?.lo === null || window?.lo === undefined || window.hi === null
      ? 'empty'
      : { lo: window.lo, hi: window.hi };
  }

  /** Images in a collection, in the collection's order. */
  listCollection(collectionId: string, options: { includeTrashed?: boolean } = {}): ImageRecord[] {
    return this.#db
      .prepare<[number], DbImage>(
        `SELECT i.* FROM collection_items ci JOIN images i ON i.id = ci.image_id
         WHERE ci.collection_id = ? ${options.includeTrashed ? '' : 'AND i.deleted_at IS NULL'} ORDER BY ci.position`,
      )
      .all(parseId(collectionId, 'collection'))
      .map(imageFromRow);
  }

  setFavorite(ids: readonly string[], favorite: boolean): number {
    return this.#updateMany(ids, 'favorite = ?', [favorite ? 1 : 0]);
  }

  setRating(ids: readonly string[], rating: number): number {
    if (!Number.isInteger(rating) || rating < 0 || rating > 5)
      throw new EaselError('validation', 'A rating is a whole number from 0 to 5.', { field: 'rating' });
    return this.#updateMany(ids, 'rating = ?', [rating]);
  }

  /** Moves images to the trash (files stay until purge). Returns how many moved. */
  trash(ids: readonly string[]): number {
    return this.#updateMany(ids, 'deleted_at = ?', [isoNow(this.#clock)], 'deleted_at IS NULL');
  }

  restore(ids: readonly string[]): number {
    return this.#updateMany(ids, 'deleted_at = NULL', [], 'deleted_at IS NOT NULL');
  }

  /**
   * Deletes trashed images' rows (tags, collection and canvas entries go with them) and returns
   * their files for the caller to delete after this commits. Without ids: the whole trash.
   * Images not in the trash are left alone.
   */
  purge(ids?: readonly string[]): PurgedFile[] {
    const run = this.#db.transaction(() => {
      const rows =
        ids === undefined
          ? this.#db.prepare<[], DbImage>('SELECT * FROM images WHERE deleted_at IS NOT NULL').all()
          : ids
              .map((id) =>
                this.#db
                  .prepare<[number], DbImage>('SELECT * FROM images WHERE id = ? AND deleted_at IS NOT NULL')
                  .get(parseId(id, 'image')),
              )
              .filter((row): row is DbImage => row !== undefined);
      const del = this.#db.prepare('DELETE FROM images WHERE id = ?');
      for (const row of rows) del.run(row.id);
      return rows.map((row) => ({ imageId: toId(row.id), sha256: row.sha256, path: row.path }));
    });
    return run.immediate();
  }

  /** Removes rows regardless of trash state (check-library repair of rows whose file is gone). */
  deleteRows(ids: readonly string[]): number {
    const del = this.#db.prepare('DELETE FROM images WHERE id = ?');
    const run = this.#db.transaction(() => ids.reduce((n, id) => n + del.run(parseId(id, 'image')).changes, 0));
    return run.immediate();
  }

  count(options: { trashed?: boolean } = {}): number {
    const row = this.#db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM images i WHERE i.deleted_at ${options.trashed ? 'IS NOT NULL' : 'IS NULL'} AND ${NOT_A_MASK}`,
      )
      .get();
    return row?.n ?? 0;
  }

  #updateMany(ids: readonly string[], set: string, values: SqlValue[], condition = '1'): number {
    const numeric = ids.map((id) => parseId(id, 'image'));
    const update = this.#db.prepare(`UPDATE images SET ${set} WHERE id = ? AND ${condition}`);
    const run = this.#db.transaction(() => numeric.reduce((n, id) => n + update.run(...values, id).changes, 0));
    return run.immediate();
  }
}

/** The ORDER BY of a sort, and the condition that starts the page after `cursor` (added with `add`). */
function orderAndCursor(
  sort: string,
  key: string,
  cursorText: string | undefined,
  add: (condition: string, ...values: SqlValue[]) => void,
): string {
  const cursor = cursorText === undefined ? null : parseCursor(cursorText, sort);
  if (sort === 'rating') {
    if (cursor) add(`(i.rating < ? OR (i.rating = ? AND ${key} < ?))`, cursor.rating, cursor.rating, cursor.id);
    return `i.rating DESC, ${key} DESC`;
  }
  if (sort === 'oldest') {
    if (cursor) add(`${key} > ?`, cursor.id);
    return `${key} ASC`;
  }
  if (cursor) add(`${key} < ?`, cursor.id);
  return `${key} DESC`;
}

function parseCursor(cursor: string, sort: string): { id: number; rating: number } {
  const match = sort === 'rating' ? /^([0-5]):(\d{1,16})$/.exec(cursor) : /^()(\d{1,16})$/.exec(cursor);
  if (!match)
    throw new EaselError(
      'validation',
      'The page cursor is not valid for this sort order; start again from the first page.',
      { field: 'cursor' },
    );
  return { rating: Number(match[1] || 0), id: Number(match[2]) };
}
