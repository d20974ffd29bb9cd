// One open data folder's storage: the database, the image store and every repository, over one data folder.
import { statSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { EaselError } from '../../../src-shared/errors.ts';
import { BudgetsRepo } from './budgets-repo.ts';
import { backupDatabase, backupDatabaseSync, dailyBackupDue, listBackups, type BackupInfo } from './backups.ts';
import { CanvasesRepo } from './canvases-repo.ts';
import { ChatRepo } from './chat-repo.ts';
import { checkLibrary, type CheckLibraryOptions, type LibraryCheck } from './check-library.ts';
import { systemClock, type Clock } from './clock.ts';
import { CollectionsRepo } from './collections-repo.ts';
import { damagedDatabaseError, libraryEvidence } from './damage.ts';
import { checkInWorker } from './background-check.ts';
import { describeQuickCheck, openDatabase, QUICK_CHECK_AT_OPEN_MAX_BYTES, type Db } from './db.ts';
import { ensureWritableFolder } from './folder-access.ts';
import { GenerationsRepo } from './generations-repo.ts';
import { integrityReport, type IntegrityReport } from './integrity.ts';
import { ImageStore } from './image-store.ts';
import { ImagesRepo, type PurgedFile } from './images-repo.ts';
import { InPlaceRepo } from './in-place-repo.ts';
import { dataPaths, type DataPaths } from './layout.ts';
import { PricesRepo } from './prices-repo.ts';
import { PromptsRepo } from './prompts-repo.ts';
import { VideoAssetsRepo } from './video-assets.ts';
import { VideosRepo } from './videos-repo.ts';
import { SettingsRepo } from './settings-repo.ts';
import { SpendRepo } from './spend-repo.ts';
import { TagsRepo } from './tags-repo.ts';
import { UncertainSpendRepo } from './uncertain-spend.ts';

export interface OpenStorageOptions {
  /** The data folder (resolved by the caller: core/data-folder's resolveDataLocation). */
  dataDir: string;
  clock?: Clock;
  /** Run quick_check at open only up to this database size (db.ts QUICK_CHECK_AT_OPEN_MAX_BYTES); larger: in a worker after open. */
  quickCheckMaxBytes?: number;
}

export interface Storage {
  readonly paths: DataPaths;
  readonly db: Db;
  readonly store: ImageStore;
  readonly images: ImagesRepo;
  /** Images indexed in place and the folders they come from (migration 010). */
  readonly inPlace: InPlaceRepo;
  readonly generations: GenerationsRepo;
  readonly prompts: PromptsRepo;
  readonly tags: TagsRepo;
  readonly collections: CollectionsRepo;
  readonly canvases: CanvasesRepo;
  readonly spend: SpendRepo;
  readonly budgets: BudgetsRepo;
  /** Uncertain spend of jobs, chat turns and video segments: listed and settled in one place. */
  readonly uncertain: UncertainSpendRepo;
  readonly chat: ChatRepo;
  readonly prices: PricesRepo;
  readonly settings: SettingsRepo;
  /** Video jobs (camera paths), their segments and their money. */
  readonly videos: VideosRepo;
  /** Finished videos in the library (poster row + MP4 + lineage). */
  readonly videoAssets: VideoAssetsRepo;
  /** Purges trashed images (all of the trash without ids): rows first, then their files. */
  purge(ids?: readonly string[]): Promise<PurgedFile[]>;
  checkLibrary(options?: CheckLibraryOptions): Promise<LibraryCheck>;
  /** SQLite's integrity_check as a readable report (reads the whole database). */
  integrity(): IntegrityReport;
  /**
   * Damage the background quick_check found after open (a database too large to check at open):
   * the connection then refuses writes (query_only); null while sound or not yet checked.
   */
  damage(): EaselError | null;
  /** Settles when the background quick_check has answered (at once when the open checked). */
  integrityChecked(): Promise<void>;
  readonly backups: StorageBackups;
  close(): void;
}

export interface StorageBackups {
  /** Newest first. */
  list(): BackupInfo[];
  /** A verified backup now (SQLite online backup); the newest KEEP_BACKUPS are kept. */
  create(): Promise<BackupInfo>;
  /** A backup when the newest is older than a day (or there is none), else null (also for a library this open created). */
  createIfDue(): Promise<BackupInfo | null>;
}

export function openStorage(options: OpenStorageOptions): Storage {
  const paths = dataPaths(options.dataDir);
  const clock = options.clock ?? systemClock;
  ensureWritableFolder(paths.root, paths.database);
  const isNew = refuseLostDatabase(paths);
  const checkAtOpenMax = options.quickCheckMaxBytes ?? QUICK_CHECK_AT_OPEN_MAX_BYTES;
  const checkLater = (statSync(paths.database, { throwIfNoEntry: false })?.size ?? 0) > checkAtOpenMax;
  const db = openDatabase(paths.database, {
    beforeMigrating: (old) => backupDatabaseSync(old, paths.root, { clock }),
    ...(options.quickCheckMaxBytes === undefined ? {} : { quickCheckMaxBytes: options.quickCheckMaxBytes }),
  });
  markDatabaseCreated(paths);
  const background = checkLater ? checkAfterOpen(db, paths.database) : null;
  const store = new ImageStore(paths.root);
  const images = new ImagesRepo(db, clock);
  const budgets = new BudgetsRepo(db, clock);
  const generations = new GenerationsRepo(db, clock);
  return {
    paths,
    db,
    store,
    images,
    inPlace: new InPlaceRepo(db, clock),
    generations,
    prompts: new PromptsRepo(db, clock),
    tags: new TagsRepo(db),
    collections: new CollectionsRepo(db, clock),
    canvases: new CanvasesRepo(db, clock),
    spend: new SpendRepo(db, clock),
    budgets,
    uncertain: new UncertainSpendRepo(db, generations, clock),
    chat: new ChatRepo(db, budgets, images, clock),
    prices: new PricesRepo(db, clock),
    settings: new SettingsRepo(db, clock),
    videos: new VideosRepo(db, clock),
    videoAssets: new VideoAssetsRepo(db, clock),
    async purge(ids) {
      const purged = images.purge(ids);
      // After the commit: a crash here leaves orphan files, which checkLibrary finds.
      for (const file of purged) await store.remove(file.sha256);
      return purged;
    },
    checkLibrary: (opts) => checkLibrary(db, store, opts),
    integrity: () => integrityReport(db),
    damage: () => background?.damage() ?? null,
    integrityChecked: () => background?.checked ?? Promise.resolve(),
    backups: {
      list: () => listBackups(paths.root),
      create: () => backupDatabase(db, paths.root, { clock }),
      // A library created by this open has nothing to lose yet.
      createIfDue: async () =>
        !isNew && dailyBackupDue(paths.root, clock()) ? backupDatabase(db, paths.root, { clock }) : null,
    },
    close: () => {
      void background?.stop();
      db.close();
    },
  };
}

/**
 * An empty or missing easel.db where the folder shows a library was: never started over silently.
 * Returns true when the database is new (this open creates it).
 */
function refuseLostDatabase(paths: DataPaths): boolean {
  const info = statSync(paths.database, { throwIfNoEntry: false });
  if (info && info.size > 0) return false;
  const evidence = libraryEvidence(paths);
  if (evidence === null) return true;
  throw damagedDatabaseError(
    paths.database,
    `it is ${info ? 'empty (0 bytes)' : 'missing'}, but ${evidence}, so starting a new library would lose its images' records, the spending ledger and the budgets (to start a new library on purpose, use an empty data folder)`,
  );
}

/** The marker that tells a later empty easel.db from a new one (damage.ts). */
function markDatabaseCreated(paths: DataPaths): void {
  try {
    writeFileSync(paths.databaseMarker, `${JSON.stringify({ id: randomUUID() })}\n`, { flag: 'wx' });
  } catch {
    // there already, or a folder Easel cannot write (then the database's own writes fail and say so)
  }
}

/**
 * quick_check of a database too large to check at open, in a worker thread with its own read-only
 * connection. Damage found makes this connection refuse every write (query_only) and is reported
 * by `damage()`, which the facade's guard turns into a database-damaged refusal.
 */
function checkAfterOpen(db: Db, file: string) {
  let found: EaselError | null = null;
  const check = checkInWorker({ kind: 'quick-check', file });
  const checked = check.result.then(
    (problems) => {
      if (problems === null || problems.length === 0 || !db.open) return;
      found = damagedDatabaseError(file, describeQuickCheck(problems));
      db.pragma('query_only = ON');
    },
    () => undefined, // the check itself failed (not the database): the daily backup's verification still runs
  );
  return { checked, damage: () => found, stop: () => check.stop() };
}
