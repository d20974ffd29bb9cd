// Opening the database: pragmas and the migration runner.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Migrations to know about (tests pass a prefix to build older databases). */
  migrations?: readonly Migration[];
  /** Open without migrating (inspection tools); the prefix rule is still checked. */
  migrate?: boolean;
}

/** Opens (creating if needed) an Easel database with WAL, foreign keys and a busy timeout, and migrates it. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (cause) {
    throw new EaselError('io', `Easel could not open its database at ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const known = options.migrations ?? MIGRATIONS;
    if (options.migrate === false) checkMigrationPrefix(appliedMigrations(db), known);
    else migrate(db, known);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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
export function migrate(db: Db, known: readonly Migration[] = MIGRATIONS): number[] {
  known.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migration list is broken: position ${i} holds id ${m.id}`);
  });
  const applied: number[] = [];
  checkMigrationPrefix(appliedMigrations(db), known);
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
