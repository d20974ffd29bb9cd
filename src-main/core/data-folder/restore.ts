// Restoring a backup of easel.db (core/storage/backups.ts) over the current database, which may be
// damaged and so is never opened for writing. Steps: the backup copied into the data folder and
// verified (quick_check, an Easel database) → the folder taken alone (no app, no CLI on it) → the
// current easel.db (and its -wal/-shm) renamed aside, never deleted → the verified copy renamed in.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import {
  dataPaths,
  inspectDatabaseFile,
  listBackups,
  newestBackup,
  verifyDatabaseCopy,
  type BackupInfo,
} from '../storage/index.ts';
import { claimDataFolderAlone, type DataFolderLockOptions } from './lock.ts';

export interface RestoreOptions {
  dataDir: string;
  /** A backup file (a path, or a name inside <data>/backups); default the newest backup. */
  file?: string;
  now?: () => Date;
  lock?: DataFolderLockOptions;
}

export interface RestoreResult {
  /** The backup restored. */
  restored: string;
  /** When it was taken (UTC ISO), null for a file not named like a backup. */
  backupCreatedAt: string | null;
  /** Where the database it replaced was kept (null: there was none). */
  keptAs: string | null;
  /** The replaced database failed its check (it was kept as easel.db.damaged-<time>). */
  replacedWasDamaged: boolean;
}

export function restoreDatabase(options: RestoreOptions): RestoreResult {
  const paths = dataPaths(options.dataDir);
  const backup = chooseBackup(options.dataDir, options.file);
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const staged = join(paths.root, `.easel.db.restore-${stamp}.tmp`);
  copyFileSync(backup.file, staged);
  try {
    fsyncFile(staged);
    const problem = verifyDatabaseCopy(staged);
    if (problem !== null)
      throw new EaselError('validation', `${backup.file} cannot be restored: ${problem}. Nothing was changed.`);
    const release = claimDataFolderAlone(paths.root, 'restore a backup', options.lock);
    try {
      const damaged = existsSync(paths.database) && currentIsDamaged(paths.database);
      const keptAs = existsSync(paths.database)
        ? `${paths.database}.${damaged ? 'damaged' : 'replaced'}-${stamp}`
        : null;
      if (keptAs !== null) {
        // The WAL belongs to the file it was written with: it moves aside with it.
        for (const suffix of ['-wal', '-shm']) {
          if (existsSync(paths.database + suffix)) renameSync(paths.database + suffix, keptAs + suffix);
        }
        renameSync(paths.database, keptAs);
      }
      renameSync(staged, paths.database);
      fsyncFolder(paths.root);
      return {
        restored: backup.file,
        backupCreatedAt: backup.createdAt,
        keptAs,
        replacedWasDamaged: damaged,
      };
    } finally {
      release();
    }
  } finally {
    rmSync(staged, { force: true });
  }
}

function chooseBackup(dataDir: string, file: string | undefined): { file: string; createdAt: string | null } {
  if (file === undefined) {
    const newest = newestBackup(dataDir);
    if (!newest) throw new EaselError('not-found', `There is no backup to restore in ${dataPaths(dataDir).backups}.`);
    return newest;
  }
  const candidates = isAbsolute(file) ? [file] : [resolve(file), join(dataPaths(dataDir).backups, file)];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new EaselError('not-found', `There is no backup file ${file}.`);
  const listed: BackupInfo | undefined = listBackups(dataDir).find((b) => b.name === basename(found));
  return { file: found, createdAt: listed?.file === found ? listed.createdAt : null };
}

/** The current database fails the same checks as at open (read only: it is not written). */
function currentIsDamaged(file: string): boolean {
  if (statSync(file).size === 0 || inspectDatabaseFile(file) !== null) return true;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
    return rows[0]?.quick_check !== 'ok';
  } catch {
    return true;
  } finally {
    db?.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncFolder(path: string): void {
  try {
    fsyncFile(path);
  } catch {
    // not every platform can fsync a folder (Windows); the rename itself is atomic
  }
}
