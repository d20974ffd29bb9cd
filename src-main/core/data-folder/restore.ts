// Restoring a backup of easel.db (core/storage/backups.ts) over the current database, which may be
// damaged and so is never opened for writing. Steps: the backup copied into the data folder and
// verified (quick_check, an Easel database) → the folder taken alone (no app, no CLI on it) → the
// current easel.db (and its -wal/-shm) renamed aside, never deleted → the verified copy renamed in.
//
// core/storage (SQLite, sharp) loads only when a restore runs: this module is reachable from the
// light index (data-folder's index.ts, for `easel data where`).
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import type * as StorageModuleType from '../storage/index.ts';
import type { BackupInfo } from '../storage/index.ts';
import { claimDataFolderAlone, type DataFolderLockOptions } from './lock.ts';

type StorageModule = typeof StorageModuleType;

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

export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const storage = await import('../storage/index.ts');
  const { dataPaths, verifyDatabaseCopy, databaseFileProblem } = storage;
  const paths = dataPaths(options.dataDir);
  const backup = chooseBackup(storage, options.dataDir, options.file);
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
      const damaged = existsSync(paths.database) && databaseFileProblem(paths.database) !== null;
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

function chooseBackup(
  { dataPaths, listBackups, newestBackup }: StorageModule,
  dataDir: string,
  file: string | undefined,
): { file: string; createdAt: string | null } {
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
