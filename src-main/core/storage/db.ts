// Opening the database: pragmas and the migration runner.
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import { damagedDatabaseError, inspectDatabaseFile, isCorruption, quickCheckProblems } from './damage.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Migrations to know about (tests pass a prefix to build older databases). */
  migrations?: readonly Migration[];
  /** Open without migrating (inspection tools); the prefix rule is still checked. */
  migrate?: boolean;
  /** Called once before migrations are applied to a database that already has some (a backup). */
  beforeMigrating?: (db: Db) => void;
  /** Run quick_check at open only up to this file size (default QUICK_CHECK_AT_OPEN_MAX_BYTES). */
  quickCheckMaxBytes?: number;
}

/**
 * quick_check reads every page: ~4 s for a 250 MB database (100,000 images) on a loaded 2-CPU
 * machine. Up to this size it runs at open, before anything writes (~0.1 s); a larger database is
 * opened at once and checked in a worker thread right after (storage.ts: damage found there makes
 * the connection refuse writes), and its backups are verified in a worker too.
 */
export const QUICK_CHECK_AT_OPEN_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Opens (creating if needed) an Easel database with WAL, foreign keys and a busy timeout, and
 * migrates it. A damaged file (not SQLite, truncated, failing quick_check) is refused with
 * 'database-damaged' before anything writes to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(file), { recursive: true });
    const problem = inspectDatabaseFile(file);
    if (problem !== null) throw damagedDatabaseError(file, problem);
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (cause) {
    if (isCorruption(cause)) throw damagedDatabaseError(file, (cause as Error).message);
    throw new EaselError('io', `Easel could not open its database at ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Before any pragma that may write: a damaged file stays as it was.
    const size = onDisk ? (statSync(file, { throwIfNoEntry: false })?.size ?? 0) : 0;
    const check = size > 0 && size <= (options.quickCheckMaxBytes ?? QUICK_CHECK_AT_OPEN_MAX_BYTES);
    const problems = check ? quickCheckProblems(db) : [];
    if (problems.length > 0) throw damagedDatabaseError(file, describeQuickCheck(problems));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const known = options.migrations ?? MIGRATIONS;
    if (options.migrate === false) checkMigrationPrefix(appliedMigrations(db), known);
    else migrate(db, known, options.beforeMigrating);
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw damagedDatabaseError(file, (error as Error).message);
    throw error;
  }
}

export function describeQuickCheck(problems: readonly string[]): string {
  const first = problems[0]?.replace(/^\*\*\* in database main \*\*\*\n/, '') ?? '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more finding${problems.length > 2 ? 's' : ''})` : '';
  return `SQLite's quick check found "${first}"${more}`;
}

export interface AppliedMigration {
  id: number;
  name: string;
  applied_at: string;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  return db.prepare<[], AppliedMigration>('SELECT id, name, applied_at FROM migrations ORDER BY id').all();
}

/** Refuses a database whose applied migrations are not a prefix of the ones this Easel knows. */
export function checkMigrationPrefix(applied: readonly AppliedMigration[], known: readonly Migration[]): void {
  for (let i = 0; i < applied.length; i++) {
    const done = applied[i];
    const mine = known[i];
    if (done === undefined) break;
    if (mine === undefined) {
      throw new EaselError(
        'validation',
        `This library was last opened by a newer version of Easel (database migration ${done.id} "${done.name}" is unknown to this version). ` +
          'Update Easel to open it; nothing has been changed.',
      );
    }
    if (mine.id !== done.id || mine.name !== done.name) {
      throw new EaselError(
        'validation',
        `This library's database history does not match this version of Easel (migration ${done.id} is "${done.name}", expected ${mine.id} "${mine.name}"). ` +
          'It was probably written by a different build of Easel; nothing has been changed.',
      );
    }
  }
}

/** Applies the missing migrations, each in its own IMMEDIATE transaction. Returns the ids applied. */
export function migrate(
  db: Db,
  known: readonly Migration[] = MIGRATIONS,
  beforeMigrating?: (db: Db) => void,
): number[] {
  known.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migration list is broken: position ${i} holds id ${m.id}`);
  });
  const applied: number[] = [];
  const done = appliedMigrations(db);
  checkMigrationPrefix(done, known);
  // A database with a history is copied before it changes (a new one has nothing to lose).
  if (done.length > 0 && done.length < known.length) beforeMigrating?.(db);
  for (const migration of known) {
    const run = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const done = appliedMigrations(db);
      checkMigrationPrefix(done, known);
      if (done.some((d) => d.id === migration.id)) return false;
      db.exec(migration.sql);
      migration.up?.(db);
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        migration.id,
        migration.name,
        new Date().toISOString(),
      );
      return true;
    });
    if (run.immediate()) applied.push(migration.id);
  }
  return applied;
}
