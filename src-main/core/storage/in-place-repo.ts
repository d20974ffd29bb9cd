// Images indexed in place (migration 010): the folders the user added without copying, and the
// rows whose file lives there. A file found gone is marked missing (the row stays, with its tags,
// ratings and collections); the same bytes found again at another path relink the row (a move);
// "Copy into library" turns the row into an ordinary library image.
import { sep } from 'node:path';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { NewImage } from './images-repo.ts';
import { parseId, toId, type DbImage } from './rows.ts';
import { cachedStatement } from './statements.ts';

export interface LibraryFolder {
  id: string;
  /** Absolute. */
  path: string;
  recursive: boolean;
  addedAt: string;
}

/** One in-place row as the folder scan compares it with the disk. */
export interface ExternalFile {
  imageId: string;
  sha256: string;
  /** Absolute path of the user's file. */
  path: string;
  bytes: number;
  mtimeMs: number | null;
  missing: boolean;
}

interface DbFolder {
  id: number;
  path: string;
  recursive: 0 | 1;
  added_at: string;
}

interface DbExternal {
  id: number;
  sha256: string;
  external_path: string;
  bytes: number;
  external_mtime_ms: number | null;
  missing_since: string | null;
}

const EXTERNAL_COLUMNS = 'id, sha256, external_path, bytes, external_mtime_ms, missing_since';

export class InPlaceRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Records a folder added in place (again: recursive if either time was). */
  addFolder(path: string, recursive: boolean): LibraryFolder {
    const row = this.#db
      .prepare<[string, number, string], DbFolder>(
        `INSERT INTO library_folders (path, recursive, added_at) VALUES (?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET recursive = max(recursive, excluded.recursive) RETURNING *`,
      )
      .get(path, recursive ? 1 : 0, isoNow(this.#clock));
    if (!row) throw new Error('library folder insert returned nothing');
    return folderFromRow(row);
  }

  folders(): LibraryFolder[] {
    return this.#db.prepare<[], DbFolder>('SELECT * FROM library_folders ORDER BY id').all().map(folderFromRow);
  }

  /** The in-place rows whose file lies under `folder` (absolute, without a trailing separator). */
  filesUnder(folder: string): ExternalFile[] {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return this.#db
      .prepare<[number, string], DbExternal>(
        `SELECT ${EXTERNAL_COLUMNS} FROM images WHERE external_path IS NOT NULL AND substr(external_path, 1, ?) = ?`,
      )
      .all(prefix.length, prefix)
      .map(externalFromRow);
  }

  /** The row of the file at `path` (the present one when a missing row once had the same path). */
  fileAt(path: string): ExternalFile | null {
    const row = cachedStatement<[string], DbExternal>(
      this.#db,
      `SELECT ${EXTERNAL_COLUMNS} FROM images WHERE external_path = ? ORDER BY missing_since IS NOT NULL, id DESC LIMIT 1`,
    ).get(path);
    return row ? externalFromRow(row) : null;
  }

  /** Marks rows missing (their file was moved or deleted); returns how many changed. */
  markMissing(ids: readonly string[]): number {
    const update = cachedStatement<[string, number], unknown>(
      this.#db,
      'UPDATE images SET missing_since = ? WHERE id = ? AND external_path IS NOT NULL AND missing_since IS NULL',
    );
    const now = isoNow(this.#clock);
    return this.#db.transaction(() => ids.reduce((n, id) => n + update.run(now, parseId(id, 'image')).changes, 0))();
  }

  /** The file of a missing row is back at its path with the same bytes. */
  markFound(id: string): void {
    this.#db.prepare('UPDATE images SET missing_since = NULL WHERE id = ?').run(parseId(id, 'image'));
  }

  /** After "Copy into library": the row's file is now `path` in library/ (an ordinary library image). */
  copiedIntoLibrary(id: string, path: string): void {
    this.#db
      .prepare(
        'UPDATE images SET path = ?, external_path = NULL, external_mtime_ms = NULL, missing_since = NULL WHERE id = ?',
      )
      .run(path, parseId(id, 'image'));
  }
}

/**
 * insertOrGet's rule for the same bytes found in place while the row's own file is missing: the
 * file was moved, so the row follows it. Returns the columns changed (none otherwise).
 */
export function relinkMissing(db: Db, existing: DbImage, image: NewImage): Partial<DbImage> {
  if (!image.externalPath || !existing.external_path || !existing.missing_since) return {};
  const changed = {
    external_path: image.externalPath,
    external_mtime_ms: image.externalMtimeMs ?? null,
    missing_since: null,
  };
  cachedStatement(
    db,
    'UPDATE images SET external_path = ?, external_mtime_ms = ?, missing_since = NULL WHERE id = ?',
  ).run(changed.external_path, changed.external_mtime_ms, existing.id);
  return changed;
}

function folderFromRow(row: DbFolder): LibraryFolder {
  return { id: toId(row.id), path: row.path, recursive: row.recursive === 1, addedAt: row.added_at };
}

function externalFromRow(row: DbExternal): ExternalFile {
  return {
    imageId: toId(row.id),
    sha256: row.sha256,
    path: row.external_path,
    bytes: row.bytes,
    mtimeMs: row.external_mtime_ms,
    missing: row.missing_since !== null,
  };
}
