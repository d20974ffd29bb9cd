// Backups of the library database: the newest one and backing up now (Settings, `easel backup`),
// the daily backup started in the background when the folder opens, and restoring a backup, which
// runs on a closed folder (the database may be damaged): `restoreBackup`, for the CLI and the shell.
import { restoreDatabase, type DataFolderLockOptions, type RestoreResult } from '../data-folder/index.ts';
import { KEEP_BACKUPS, newestBackup, type BackupInfo } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export type { BackupInfo, RestoreResult };

export class BackupCalls {
  readonly #ctx: StudioContext;
  #running: Promise<unknown> = Promise.resolve();
  #lastError: string | null = null;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  /** The data folder's backups, newest first. */
  listBackups(): BackupInfo[] {
    return this.#ctx.storage.backups.list();
  }

  /** Where the backups are (<data>/backups). */
  get backupsFolder(): string {
    return this.#ctx.storage.paths.backups;
  }

  /** Why the last automatic backup failed (null: it did not). */
  get backupError(): string | null {
    return this.#lastError;
  }

  /** A verified backup now; the newest KEEP_BACKUPS are kept. */
  async backupNow(): Promise<BackupInfo> {
    this.#ctx.assertOpen();
    return this.#after(() => this.#ctx.storage.backups.create());
  }

  /**
   * The daily backup, in the background when the newest is older than a day (the folder's queue
   * owner only, so the app and a CLI do not both copy). A failure is kept for `backups.info`.
   */
  startDailyBackup(): void {
    if (!this.#ctx.lock.owner) return;
    this.#after(() => this.#ctx.storage.backups.createIfDue()).then(
      () => {
        this.#lastError = null;
      },
      (error: unknown) => {
        this.#lastError = error instanceof Error ? error.message : String(error);
      },
    );
  }

  /** Resolves once no backup is being written (closing waits for it). */
  async whenBackupsDone(): Promise<void> {
    await this.#running.catch(() => undefined);
  }

  /** One backup at a time: each starts after the one before it settled. */
  #after<T>(make: () => Promise<T>): Promise<T> {
    const next = this.#running.catch(() => undefined).then(make);
    this.#running = next;
    return next;
  }
}

/**
 * Restores a backup (default the newest) over the data folder's database, keeping the one it
 * replaces as easel.db.damaged-<time> (or .replaced-<time>). Only on a folder no process has open.
 * @throws EaselError 'not-found' (no backup), 'validation' (the backup fails its check), 'io' (the folder is open)
 */
export function restoreBackup(options: {
  dataDir: string;
  file?: string;
  lock?: DataFolderLockOptions;
}): Promise<RestoreResult> {
  return restoreDatabase(options);
}

/** The newest backup of a data folder (open or not), or null. */
export function newestBackupIn(dataDir: string): BackupInfo | null {
  return newestBackup(dataDir);
}

export function backupHandlers(backups: BackupCalls) {
  const summary = (b: BackupInfo) => ({ name: b.name, bytes: b.bytes, createdAt: b.createdAt });
  return {
    'backups.info': async () => {
      const all = backups.listBackups();
      const last = all[0];
      return {
        folder: backups.backupsFolder,
        last: last ? summary(last) : null,
        count: all.length,
        keep: KEEP_BACKUPS,
        lastError: backups.backupError,
      };
    },
    'backups.create': async () => summary(await backups.backupNow()),
  } satisfies Pick<StudioHandlers, 'backups.info' | 'backups.create'>;
}
