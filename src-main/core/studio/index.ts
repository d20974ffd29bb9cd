// The facade: the single door into core for Electron IPC, the CLI and the test bridge (README.md).
// createStudio opens one data folder (database, image store, lock), runs its job queue, and answers
// every call the UI makes through `studio.handlers` (the contract's call map, composed here from one
// file per domain); the same domains' typed methods are what the CLI calls. No return value ever
// carries a secret or an absolute library path (except resolveImageFile, for the image protocol).
import type { Job } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { RetryPolicy } from '../bedrock/index.ts';
import {
  describeOwner,
  openDataFolderLock,
  type DataFolderLock,
  type DataFolderLockOptions,
} from '../data-folder/index.ts';
import { ImportWorkerPool } from '../import-export/index.ts';
import { createBedrockInvoker, JobQueue, runtimeClients, type Invoker, type Sleep } from '../jobs/index.ts';
import { openStorage, systemClock, type Clock, type Storage } from '../storage/index.ts';
import { ApiKeyCalls, apiKeyHandlers, ApiKeyVault, type SecretStore } from './api-key.ts';
import { AppCalls, appHandlers } from './app.ts';
import { BackupCalls, backupHandlers } from './backups.ts';
import { canvasHandlers, CanvasCalls } from './canvases.ts';
import { ChatCalls, chatHandlers } from './chat.ts';
import { ChatRunner } from '../chat/index.ts';
import type { Env, EventEnvelope, StudioContext, StudioHandlers } from './context.ts';
import { DataFolderCalls, dataFolderHandlers } from './data-folder.ts';
import { ImageFileCalls, imageFileHandlers } from './image-files.ts';
import { ImageCalls, imageHandlers } from './images.ts';
import { LibraryFolderCalls, libraryFolderHandlers } from './library-folders.ts';
import { JobCalls, jobHandlers, jobUpdatedEvent, storedConcurrency } from './jobs.ts';
import { ModelRegions } from './model-regions.ts';
import { OrganiseCalls, organiseHandlers } from './organise.ts';
import { PriceCalls, priceHandlers, priceOverridesFor } from './prices.ts';
import { SettingsCalls, settingsHandlers } from './settings.ts';
import { SpendCalls, spendHandlers } from './spend.ts';
import { jobSummary } from './summaries.ts';
import { VideoCalls, videoHandlers } from './video.ts';

export type { AppInfo, DataFolderState, ListedModel, ModelListing } from './app.ts';
export type { ChatAvailability, ChatSendOptions } from './chat.ts';
export type { SentTurn } from '../chat/index.ts';
export type { ApiKeyStatus, SecretStore } from './api-key.ts';
export { API_KEY_SECRET } from './api-key.ts';
export { newestBackupIn, restoreBackup } from './backups.ts';
export type { BackupInfo, RestoreResult } from './backups.ts';
export { APP_NAME, APP_VERSION } from './app.ts';
export type { GenerateOptions, ListJobsOptions } from './jobs.ts';
export type { SelectionQuery } from './images.ts';
export type { ImportFileResult, ImportFilesOptions, LibraryCheckReport } from './image-files.ts';
export { MAX_MASK_BASE64, MAX_MASK_BYTES } from './masks.ts';
export type { MaskInput } from './masks.ts';
export type { PriceTableView } from './prices.ts';
export type { SpendReport } from './spend.ts';
export type { ImageDetail, ImageSummary, JobSummary } from './summaries.ts';
export type { ImageLineage, IntegrityReport } from '../storage/index.ts';
export type {
  CheckReport,
  ExportFileResult,
  ExportOptions,
  ExportResult,
  ImportResultMetadata,
  OverwritePolicy,
} from '../import-export/index.ts';
export type { SourceTool } from '../metadata/index.ts';
export type { LockOwner, DataMoveProgress, DataMoveResult } from '../data-folder/index.ts';
export { PREVIOUS_DATA_DIR_SETTING } from '../data-folder/index.ts';

export interface StudioOptions {
  /** The data folder (database, library, thumbnails). */
  dataDir: string;
  /** Environment for AWS profiles, regions and endpoint overrides; default process.env. */
  env?: Env;
  clock?: Clock;
  /** Jobs running at once (default 2; also a setting). */
  concurrency?: number;
  /** Bedrock retry policy (tests shorten the delays). */
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout of InvokeModel. */
  timeoutMs?: number;
  /** Waits between network probes (tests). */
  sleep?: Sleep;
  networkBackoff?: { initialMs: number; maxMs: number };
  /** Seeds (tests). */
  random?: () => number;
  /** Another way to call Bedrock (tests of the queue only). */
  invoker?: Invoker;
  /** Pick up jobs left queued by an earlier session (default true). */
  resumeQueued?: boolean;
  /** Demo mode: talking to the local emulator (shown in app info). */
  demoMode?: boolean;
  /** Test seams of the data-folder lock (host name, pid, liveness check). */
  lock?: DataFolderLockOptions;
  /**
   * The pointer file a data-folder move writes (`<default folder>/location.json`, see
   * resolveDataLocation). Absent when EASEL_HOME or --data-dir chose the folder: moving is refused.
   */
  locationFile?: string;
  /**
   * Where the app keeps a Bedrock API key pasted in Settings (the shell's safeStorage). Without one
   * (the CLI) `apiKey.set` is refused and only AWS_BEARER_TOKEN_BEDROCK of env is used.
   */
  secrets?: SecretStore;
}

export type EventListener = (event: EventEnvelope) => void;

/** What the facade itself owns: the open folder's storage, the call map, events and closing. */
export interface StudioLifecycle {
  /** The open data folder's storage (the CLI's diagnostics and tests read it directly). */
  readonly library: Storage;
  /** The contract's call map: one handler per call; requests arrive already parsed by the gate. */
  readonly handlers: StudioHandlers;
  /** Jobs interrupted by the previous session (recovered when this studio opened). */
  readonly interruptedAtStart: Job[];
  /** The contract's events (job.updated, images.added) as the UI receives them; returns unsubscribe. */
  onEvent(listener: EventListener): () => void;
  /**
   * Stops the queue (running jobs are aborted: interrupted with uncertain spend if they may have
   * reached Bedrock, else left queued for the next start) and closes the database.
   */
  close(): Promise<void>;
}

/** A domain's public methods and getters (its private state stays behind). */
type Surface<T> = { readonly [K in keyof T]: T[K] };

export type Studio = StudioLifecycle &
  Surface<AppCalls> &
  Surface<ApiKeyCalls> &
  Surface<JobCalls> &
  Surface<ImageCalls> &
  Surface<ImageFileCalls> &
  Surface<LibraryFolderCalls> &
  Surface<OrganiseCalls> &
  Surface<CanvasCalls> &
  Surface<SpendCalls> &
  Surface<PriceCalls> &
  Surface<SettingsCalls> &
  Surface<DataFolderCalls> &
  Surface<BackupCalls> &
  Surface<VideoCalls> &
  Surface<ChatCalls>;

/** The data folder opened: storage, the lock, the queue, and crash recovery when this process may run it. */
interface OpenFolder {
  storage: Storage;
  lock: DataFolderLock;
  invoker: Invoker & { destroy?: () => void };
  queue: JobQueue;
  interrupted: Job[];
  recovered: boolean;
}

function openFolder(options: StudioOptions, env: Env, clock: Clock, keys: ApiKeyVault): OpenFolder {
  const storage = openStorage({ dataDir: options.dataDir, clock });
  let lock: DataFolderLock;
  try {
    lock = openDataFolderLock(options.dataDir, storage.db, options.lock);
  } catch (error) {
    storage.close();
    throw error;
  }
  try {
    const invoker =
      options.invoker ??
      createBedrockInvoker({
        env,
        apiKey: () => keys.current(),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    const queue = new JobQueue({
      db: storage.db,
      store: storage.store,
      invoke: invoker,
      clock,
      priceOverrides: () => priceOverridesFor(storage),
      concurrency: options.concurrency ?? storedConcurrency(storage),
      ...(options.random ? { random: options.random } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.networkBackoff ? { networkBackoff: options.networkBackoff } : {}),
    });
    // Only the lock holder recovers, and only while no other process (e.g. a CLI that opened the
    // folder while this one was closed) may be running jobs. The check and the recovery share one
    // IMMEDIATE transaction, so a job another process starts meanwhile is not taken for a crashed one.
    let interrupted: Job[] = [];
    let recovered = false;
    if (lock.owner) {
      storage.db
        .transaction(() => {
          if (lock.otherSessions().length > 0) return;
          interrupted = queue.recover({ resumeQueued: false });
          recovered = true;
        })
        .immediate();
    }
    if (recovered && (options.resumeQueued ?? true)) queue.resumeQueued();
    return { storage, lock, invoker, queue, interrupted, recovered };
  } catch (error) {
    storage.close();
    lock.release();
    throw error;
  }
}

/** The guards every domain checks: closed, the data folder moving, another process on the folder. */
function guards(dataDir: string, lock: DataFolderLock, storage: Storage) {
  let closed = false;
  let moving: { to: string; done: boolean } | null = null;
  return {
    close: () => {
      const first = !closed;
      closed = true;
      return first;
    },
    setMoving: (next: typeof moving) => {
      moving = next;
    },
    assertOpen(): void {
      if (closed) throw new EaselError('internal', 'This studio is closed.');
      // Damage found by the check after open (a large database): nothing more is written to it.
      const damage = storage.damage();
      if (damage) throw damage;
      if (moving?.done)
        throw new EaselError('io', `The data folder has moved to ${moving.to}. Restart Easel to continue there.`);
      if (moving)
        throw new EaselError('io', `Easel is moving its data folder to ${moving.to}. Try again once it has restarted.`);
    },
    refuseWhileShared(what: string): void {
      if (!lock.owner) {
        throw new EaselError(
          'io',
          `Easel is already running with this data folder (${describeOwner(lock.heldBy)}). Close it first to ${what}, or do it from there. (If no Easel is running, delete the file easel.lock in ${dataDir}.)`,
        );
      }
      const other = lock.otherSessions()[0];
      if (other)
        throw new EaselError(
          'io',
          `Another Easel process is using this data folder (${describeOwner(other)}). Close it first to ${what}.`,
        );
    },
  };
}

/**
 * Puts each domain's public methods (bound to it) and getters on the facade, so callers write
 * `studio.generate(...)` whichever file owns it. Two domains may not claim the same name.
 */
function expose(target: object, part: object): void {
  const descriptors = Object.getOwnPropertyDescriptors(Object.getPrototypeOf(part) as object);
  for (const [name, d] of Object.entries(descriptors)) {
    if (name === 'constructor') continue;
    if (Object.prototype.hasOwnProperty.call(target, name)) throw new Error(`The facade has two "${name}".`);
    const getter = d.get;
    if (getter) Object.defineProperty(target, name, { get: () => getter.call(part), enumerable: true });
    else if (typeof d.value === 'function')
      Object.defineProperty(target, name, { value: (d.value as () => unknown).bind(part), enumerable: true });
  }
}

/** Sends an event to every listener; a listener's fault must not break the call that announced it. */
function emitTo(listeners: ReadonlySet<EventListener>, event: Parameters<EventListener>[0]): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // ignored: see above
    }
  }
}

/** Every domain of the facade over one context, and the contract's call map they answer together. */
function createDomains(ctx: StudioContext, keys: ApiKeyVault, chatRunner: ChatRunner) {
  const app = new AppCalls(ctx);
  const apiKey = new ApiKeyCalls(keys);
  const jobs = new JobCalls(ctx);
  const images = new ImageCalls(ctx);
  const imageFiles = new ImageFileCalls(ctx);
  const folders = new LibraryFolderCalls(ctx);
  const organise = new OrganiseCalls(ctx);
  const canvases = new CanvasCalls(ctx);
  const spend = new SpendCalls(ctx);
  const prices = new PriceCalls(ctx);
  const settings = new SettingsCalls(ctx, jobs);
  const dataFolder = new DataFolderCalls(ctx);
  const backups = new BackupCalls(ctx);
  const video = new VideoCalls(ctx);
  const chat = new ChatCalls(ctx, chatRunner);
  const summarise = (job: Job) => jobSummary(job, jobs.waitingForNetwork);
  const handlers: StudioHandlers = {
    ...appHandlers(app),
    ...apiKeyHandlers(apiKey),
    ...jobHandlers(jobs, summarise),
    ...imageHandlers(images),
    ...imageFileHandlers(imageFiles),
    ...libraryFolderHandlers(folders),
    ...organiseHandlers(organise),
    ...canvasHandlers(canvases),
    ...spendHandlers(spend, summarise),
    ...priceHandlers(prices),
    ...settingsHandlers(settings),
    ...dataFolderHandlers(dataFolder),
    ...backupHandlers(backups),
    ...videoHandlers(video),
    ...chatHandlers(chat),
  };
  const parts = [
    app,
    apiKey,
    jobs,
    images,
    imageFiles,
    folders,
    organise,
    canvases,
    spend,
    prices,
    settings,
    dataFolder,
    backups,
    video,
    chat,
  ];
  return { handlers, backups, video, folders, parts };
}

export function createStudio(options: StudioOptions): Studio {
  const env = options.env ?? process.env;
  const keys = new ApiKeyVault(options.secrets ?? null, env);
  const clock = options.clock ?? systemClock;
  const folder = openFolder(options, env, clock, keys);
  const { storage, lock, queue } = folder;
  const guard = guards(options.dataDir, lock, storage);
  const listeners = new Set<EventListener>();
  let pool: ImportWorkerPool | null = null;
  const ctx: StudioContext = {
    dataDir: options.dataDir,
    storage,
    queue,
    env,
    apiKey: () => keys.current(),
    regions: new ModelRegions({ env, storage, apiKey: () => keys.current(), now: () => clock().getTime() }),
    demoMode: options.demoMode ?? false,
    locationFile: options.locationFile,
    lock,
    recovered: folder.recovered,
    assertOpen: guard.assertOpen,
    refuseWhileShared: guard.refuseWhileShared,
    setMoving: guard.setMoving,
    emit: (event) => emitTo(listeners, event),
    importPool: () => (pool ??= new ImportWorkerPool()),
  };
  queue.onJobUpdate((update) => {
    if (listeners.size > 0) ctx.emit(jobUpdatedEvent(update));
  });
  const clients = runtimeClients(env, () => keys.current());
  const chatRunner = new ChatRunner({
    storage,
    clientFor: clients.clientFor,
    priceOverrides: () => priceOverridesFor(storage),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const { handlers, backups, video, folders, parts } = createDomains(ctx, keys, chatRunner);
  const lifecycle: StudioLifecycle = {
    library: storage,
    handlers,
    interruptedAtStart: folder.interrupted,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (!guard.close()) return;
      await chatRunner.stop();
      const watching = folders.stopWatchingFolders();
      await queue.close();
      await video.closeVideos();
      await pool?.close();
      await watching;
      await backups.whenBackupsDone();
      clients.destroy();
      folder.invoker.destroy?.();
      storage.close();
      lock.release();
    },
  };
  for (const part of parts) expose(lifecycle, part);
  backups.startDailyBackup();
  // Like queued images: only a session that may start paid work resumes paths (not `easel library list`).
  if (options.resumeQueued ?? true) video.resumeVideos();
  // expose() added exactly the domains' surfaces that the Studio type lists.
  return lifecycle as Studio;
}
