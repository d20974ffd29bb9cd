// Backups of easel.db in <data>/backups/easel-<UTC time>.db: before each migration and once a day,
// and on demand; the newest KEEP_BACKUPS kept. Each copy is made whole in a temp file, verified
// (quick_check, journal mode DELETE so the copy is one self-contained file), then renamed into place,
// so a file named like a backup is always a complete, checked database.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import { checkInWorker } from './background-check.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import { dataPaths } from './layout.ts';

export const KEEP_BACKUPS = 7;
export const DAILY_BACKUP_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  /** Absolute path of the backup file. */
  file: string;
  /** Its name inside <data>/backups. */
  name: string;
  bytes: number;
  /** UTC ISO time the backup was taken (from its name). */
  createdAt: string;
}

// easel-2026-12-01T21-24-44-123Z.db: the UTC time, sortable as text, safe in every file system.
const BACKUP_NAME = /^easel-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;

export function backupName(at: Date): string {
  return `easel-${at.toISOString().replace(/[:.]/g, '-')}.db`;
}

/** The backups of a data folder, newest first (files whose name is not a backup's are ignored). */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = dataPaths(dataDir).backups;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const backups: BackupInfo[] = [];
  for (const name of names) {
    const match = BACKUP_NAME.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) continue;
    const [, day, h, m, s, ms] = match;
    backups.push({ file, name, bytes: info.size, createdAt: `${day}T${h}:${m}:${s}.${ms}Z` });
  }
  return backups.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export function newestBackup(dataDir: string): BackupInfo | null {
  return listBackups(dataDir)[0] ?? null;
}

/** True when the newest backup is older than a day (or there is none). */
export function dailyBackupDue(dataDir: string, now: Date): boolean {
  const newest = newestBackup(dataDir);
  return newest === null || now.getTime() - Date.parse(newest.createdAt) >= DAILY_BACKUP_MS;
}

export interface BackupOptions {
  clock: Clock;
  keep?: number;
}

/**
 * SQLite's online backup (consistent, the WAL included; runs in steps between other work), verified,
 * then the oldest beyond `keep` removed.
 */
export async function backupDatabase(db: Db, dataDir: string, options: BackupOptions): Promise<BackupInfo> {
  const { temp, target } = backupTarget(dataDir, options.clock);
  try {
    await db.backup(temp);
    // quick_check of the copy reads every page: in a worker thread, not on the main loop.
    const check = checkInWorker({ kind: 'verify-copy', file: temp });
    const problem = await check.result.catch((error: unknown) => `its check failed: ${(error as Error).message}`);
    return finishBackup(temp, target, dataDir, options.keep, problem);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The same, synchronously (VACUUM INTO: one consistent read of the database into a new file), for
 * the backup before a migration, which runs inside the synchronous open.
 */
export function backupDatabaseSync(db: Db, dataDir: string, options: BackupOptions): BackupInfo {
  const { temp, target } = backupTarget(dataDir, options.clock);
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    return finishBackup(temp, target, dataDir, options.keep, verifyDatabaseCopy(temp));
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * What is wrong with a database file, or null when it is a sound SQLite database (quick_check).
 * Leaves it in rollback-journal mode (DELETE) so it is one self-contained file: only for copies.
 */
export function verifyDatabaseCopy(file: string): string | null {
  let copy: Database.Database | undefined;
  try {
    copy = new Database(file, { fileMustExist: true });
    copy.pragma('journal_mode = DELETE');
    const problems = (copy.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') return problems.join('; ');
    const migrations = copy
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'",
      )
      .get();
    return migrations?.n === 1 ? null : 'it is not an Easel database (no migrations table)';
  } catch (error) {
    return (error as Error).message;
  } finally {
    copy?.close();
  }
}

function backupTarget(dataDir: string, clock: Clock): { temp: string; target: string } {
  const dir = dataPaths(dataDir).backups;
  mkdirSync(dir, { recursive: true });
  const name = backupName(clock());
  return { temp: join(dir, `.${name}.partial`), target: join(dir, name) };
}

function finishBackup(
  temp: string,
  target: string,
  dataDir: string,
  keep = KEEP_BACKUPS,
  problem: string | null,
): BackupInfo {
  if (problem !== null)
    throw new EaselError(
      'database-damaged',
      `The backup of Easel's database failed SQLite's check (${problem}), so the database itself may be damaged; no backup was kept. Run "easel check" to see what is damaged.`,
    );
  renameSync(temp, target);
  rotateBackups(dataDir, keep);
  const made = listBackups(dataDir).find((b) => b.file === target);
  if (!made) throw new EaselError('io', `The backup ${target} vanished right after it was written.`);
  return made;
}

/** Removes all but the newest `keep` backups. */
export function rotateBackups(dataDir: string, keep = KEEP_BACKUPS): void {
  for (const old of listBackups(dataDir).slice(keep)) rmSync(old.file, { force: true });
}
