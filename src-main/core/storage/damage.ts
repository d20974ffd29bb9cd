// Telling a damaged or emptied database apart from a new one, before anything writes to it. A file
// that is not SQLite, is shorter than its header says, fails quick_check, or is empty while the data
// folder shows it once held a library is refused with 'database-damaged': the message names the
// file, what is wrong and the newest backup to restore. The file itself is left byte for byte.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import { listBackups } from './backups.ts';
import type { Db } from './db.ts';
import { dataPaths, type DataPaths } from './layout.ts';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What is wrong with the file before SQLite opens it (null: absent, empty, or plausible). */
export function inspectDatabaseFile(file: string): string | null {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info || info.size === 0) return null;
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(HEADER))
    return `it is not an SQLite database (its first bytes are not "SQLite format 3"; ${info.size} bytes)`;
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  const sizeIsValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pages > 0;
  // With a non-empty WAL the newest pages may not be in the file yet: quick_check decides then.
  const wal = statSync(`${file}-wal`, { throwIfNoEntry: false });
  if (sizeIsValid && (!wal || wal.size === 0) && info.size < pages * pageSize)
    return `it is truncated: ${info.size} bytes where its header says ${pages * pageSize}`;
  return null;
}

/**
 * What is wrong with a database file, checked read-only (empty, not SQLite, truncated, quick_check),
 * or null when it is sound. For a file no process is writing (restore moves it aside).
 */
export function databaseFileProblem(file: string): string | null {
  if (statSync(file).size === 0) return 'it is empty (0 bytes)';
  const problem = inspectDatabaseFile(file);
  if (problem !== null) return problem;
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = quickCheckProblems(db);
    return problems.length === 0 ? null : problems.join('; ');
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/** quick_check's findings (empty when sound). Corruption that stops the check itself is a finding too. */
export function quickCheckProblems(db: Db): string[] {
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  } catch (error) {
    if (isCorruption(error)) return [(error as Error).message];
    throw error;
  }
}

/** quick_check of a database file through a read-only connection of its own (the integrity worker). */
export function quickCheckFile(file: string): string[] {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return quickCheckProblems(db);
  } catch (error) {
    if (isCorruption(error)) return [(error as Error).message];
    throw error;
  } finally {
    db?.close();
  }
}

/** SQLite's codes for a file that is not a database or is malformed. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** Why an empty easel.db cannot be a new library (null: nothing says the folder had one). */
export function libraryEvidence(paths: DataPaths): string | null {
  if (existsSync(paths.databaseMarker)) return `${paths.databaseMarker} shows a database was created here before`;
  if (listBackups(paths.root).length > 0) return `the folder has backups in ${paths.backups}`;
  if (hasFiles(paths.library)) return `the folder has images in ${paths.library}`;
  // core/data-folder's session files (its SESSIONS_DIR): a process has opened this folder before.
  if (existsSync(join(paths.root, 'sessions'))) return 'Easel has run with this folder before';
  return null;
}

/** The error for a damaged database: which file, what is wrong, and the newest backup to restore. */
export function damagedDatabaseError(file: string, problem: string): EaselError {
  const newest = listBackups(dirname(file))[0];
  const restore = newest
    ? `The newest backup is ${newest.file} (taken ${newest.createdAt}). Restore it with "easel restore" (or "easel restore ${newest.file}"), or in the app when it offers to restore at start. The damaged file is kept beside it as easel.db.damaged-<time>.`
    : `There is no backup in ${dataPaths(dirname(file)).backups}. Keep a copy of this file: it may still be repairable with SQLite's ".recover" command.`;
  return new EaselError(
    'database-damaged',
    `Easel's database ${file} is damaged: ${problem}. Easel has not written to it. ${restore}`,
  );
}

function hasFiles(dir: string): boolean {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).some((entry) => entry.isFile());
  } catch {
    return false;
  }
}
