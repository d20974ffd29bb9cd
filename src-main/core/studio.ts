// The facade: the single door into core for Electron IPC, the CLI and the test bridge. It opens one
// data folder (database, image store), runs the job queue, and answers every call the UI makes.
// `studio.handlers` is the contract's call map (src-shared/contract/); the typed methods below are
// what the CLI uses directly. No return value ever carries a secret or an absolute library path
// (except resolveImageFile, for the image protocol in main).
import { stat } from 'node:fs/promises';
import {
  type Budget,
  type BudgetPeriod,
  type Canvas,
  type Collection,
  type GenerationParamsInput,
  type ImageQueryInput,
  type ImageRecord,
  type Job,
  type JobStatus,
  type PromptEntry,
  type Tag,
} from '../../src-shared/domain.ts';
import { EaselError, type ErrorData } from '../../src-shared/errors.ts';
import { CheckedRequest } from '../../src-shared/generation-check.ts';
import type { Settings, SettingUpdate } from '../../src-shared/settings.ts';
import { mergeDiscovered, PRICE_TABLE, type CatalogEntry, type PriceOverrides } from '../../src-shared/models/index.ts';
import { createControlClient, listImageModels, type RetryPolicy } from './bedrock/index.ts';
import { credentialsFor, listProfiles, resolveRegion, type ProfileInfo } from './credentials/index.ts';
import { createBedrockInvoker, JobQueue, type Invoker, type JobListener, type Sleep } from './jobs/index.ts';
import {
  openStorage,
  systemClock,
  thumbRelPath,
  type BudgetUsage,
  type BudgetWarning,
  type CanvasItemInput,
  type Clock,
  type DaySpend,
  type Storage,
  type ModelOutcomes,
  type ModelSpend,
  type MonthForecast,
  type PriceOverride,
  type SpendRange,
  type SpendSummary,
} from './storage/index.ts';
import {
  checkLibrary as checkLibraryFiles,
  exportImages,
  importFiles,
  type CheckReport,
  type ExportOptions,
  type ExportResult,
  type ImportResult,
  type ImportResultMetadata,
} from './import-export/index.ts';
import type { SourceTool } from './metadata/index.ts';
import { createHandlers, type StudioHandlerMap } from './studio/handlers.ts';
import { createMask, type MaskInput } from './studio/masks.ts';
import {
  describeOwner,
  openDataFolderLock,
  type DataFolderLock,
  type DataFolderLockOptions,
  type LockOwner,
  moveDataFolder,
  PREVIOUS_DATA_DIR_SETTING,
  type DataMoveProgress,
  type DataMoveResult,
} from './data-folder/index.ts';

export type {
  CheckReport,
  ExportFileResult,
  ExportOptions,
  ExportResult,
  ImportResultMetadata,
  OverwritePolicy,
} from './import-export/index.ts';
export type { SourceTool } from './metadata/index.ts';
export type { LockOwner, DataMoveProgress, DataMoveResult } from './data-folder/index.ts';
export { PREVIOUS_DATA_DIR_SETTING } from './data-folder/index.ts';

/** Who runs the queue of the data folder (see studio/README.md, "One data folder, several processes"). */
export interface DataFolderState {
  /** This process holds the data folder's lock: it runs recovery and picks up jobs left queued. */
  owner: boolean;
  /** The lock holder: this process, or the other one (the app, a CLI). */
  heldBy: LockOwner | null;
  /** Crash recovery ran when this studio opened (owner, and no other live process on the folder). */
  recovered: boolean;
}

/**
 * One file's import result (= the CLI's `import --json` element). `metadata` is present when the
 * file carried generation metadata of a tool Easel reads (or unrecognised text chunks: 'unknown');
 * a plain image has none. A seed beyond 2^53 is a decimal string in `seed`, repeated in `seedText`.
 */
export interface ImportFileResult extends Omit<ImportResult, 'metadata'> {
  metadata?: Omit<ImportResultMetadata, 'sourceTool'> & { sourceTool: SourceTool; seedText?: string };
}

export interface ImportFilesOptions {
  /** After each file (results in order). */
  onProgress?: (progress: { done: number; total: number; result: ImportFileResult }) => void;
  /** Import the images inside folders (depth first, name order) instead of refusing folders. */
  recurse?: boolean;
  /** Stops before the next file; the files not reached are failed with code 'aborted'. */
  signal?: AbortSignal;
}

export const APP_NAME = 'Easel';
export const APP_VERSION = '0.1.0';

export interface StudioOptions {
  /** The data folder (database, library, thumbnails). */
  dataDir: string;
  /** Environment for AWS profiles, regions and endpoint overrides; default process.env. */
  env?: Record<string, string | undefined>;
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
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  demoMode: boolean;
  /** Set when another Easel process holds the data folder (this one does not run recovery). */
  otherProcess?: LockOwner | null;
}

export interface GenerateOptions {
  profile?: string;
  region?: string;
  batchKey?: string;
}

export interface ModelListing {
  entries: CatalogEntry[];
  /** False when discovery was unavailable (offline, no permission): the built-in list is shown. */
  discovered: boolean;
  /** Why discovery was unavailable, for the UI. */
  problem?: string;
  /** The same as a typed error (code + message), so the UI can give advice per failure kind. */
  error?: ErrorData;
}

export interface ImageLineage {
  /** The image this one was made from (an edit's source), if any. */
  parentImageId: string | null;
  /** Images made from this one, newest first (up to 100). */
  editIds: string[];
  /** Profile and region of the generation that made it (null for imports). */
  profile: string | null;
  region: string | null;
}

export interface PriceTableView {
  version: number;
  asOf: string;
  source: string;
  entries: {
    key: string;
    modelId: string;
    label: string;
    microUsd: number | null;
    unconfirmed: boolean;
    overrideMicroUsd: number | null;
  }[];
  /** Overrides by base model id (models the table does not price). */
  modelOverrides: { modelId: string; microUsd: number }[];
}

export interface SpendReport {
  summary: SpendSummary;
  byModel: ModelSpend[];
  byDay: DaySpend[];
  byProfile: { profile: string | null; microUsd: number }[];
  outcomes: ModelOutcomes[];
  forecast: MonthForecast;
}

export class Studio {
  readonly dataDir: string;
  readonly library: Storage;
  readonly handlers: StudioHandlerMap;
  readonly #env: Record<string, string | undefined>;
  readonly #clock: Clock;
  readonly #queue: JobQueue;
  readonly #invoker: Invoker & { destroy?: () => void };
  readonly #demoMode: boolean;
  readonly #lock: DataFolderLock;
  readonly #recovered: boolean;
  readonly #locationFile: string | undefined;
  #closed = false;
  /** Set while the data folder is being copied, and to the new place once moved (restart to use it). */
  #moving: { to: string; done: boolean } | null = null;
  /** Jobs interrupted by the previous session (recovered when this studio opened). */
  readonly interruptedAtStart: Job[];

  constructor(options: StudioOptions) {
    this.dataDir = options.dataDir;
    this.#env = options.env ?? process.env;
    this.#clock = options.clock ?? systemClock;
    this.#demoMode = options.demoMode ?? false;
    this.#locationFile = options.locationFile;
    this.library = openStorage({ dataDir: options.dataDir, clock: this.#clock });
    try {
      this.#lock = openDataFolderLock(options.dataDir, this.library.db, options.lock);
    } catch (error) {
      this.library.close();
      throw error;
    }
    try {
      this.#invoker =
        options.invoker ??
        createBedrockInvoker({
          env: this.#env,
          ...(options.retry ? { retry: options.retry } : {}),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
      const storedConcurrency = this.library.settings.read('jobs.concurrency');
      this.#queue = new JobQueue({
        db: this.library.db,
        store: this.library.store,
        invoke: this.#invoker,
        clock: this.#clock,
        priceOverrides: () => this.#priceOverrides(),
        concurrency: options.concurrency ?? storedConcurrency,
        ...(options.random ? { random: options.random } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.networkBackoff ? { networkBackoff: options.networkBackoff } : {}),
      });
      // Only the lock holder recovers, and only while no other process (e.g. a CLI that opened the
      // folder while this one was closed) may be running jobs. The check and the recovery share one
      // IMMEDIATE transaction, so a job another process starts meanwhile is not taken for a crashed one.
      let interrupted: Job[] = [];
      let recovered = false;
      if (this.#lock.owner) {
        this.library.db
          .transaction(() => {
            if (this.#lock.otherSessions().length > 0) return;
            interrupted = this.#queue.recover({ resumeQueued: false });
            recovered = true;
          })
          .immediate();
      }
      this.interruptedAtStart = interrupted;
      this.#recovered = recovered;
      if (recovered && (options.resumeQueued ?? true)) this.#queue.resumeQueued();
    } catch (error) {
      this.library.close();
      this.#lock.release();
      throw error;
    }
    this.handlers = createHandlers(this);
  }

  // ---- app, profiles, models -------------------------------------------------------------------

  appInfo(): AppInfo {
    return {
      name: APP_NAME,
      version: APP_VERSION,
      dataDir: this.dataDir,
      demoMode: this.#demoMode,
      otherProcess: this.#lock.owner ? null : this.#lock.heldBy,
    };
  }

  /** Whether this process owns the data folder's queue (see DataFolderState). */
  get dataFolder(): DataFolderState {
    return { owner: this.#lock.owner, heldBy: this.#lock.heldBy, recovered: this.#recovered };
  }

  /** AWS profiles (never a secret). */
  listProfiles(): Promise<ProfileInfo[]> {
    return listProfiles(this.#env);
  }

  /**
   * The catalog merged with what the region's ListFoundationModels reports. Works offline: when
   * discovery fails for any reason, the built-in list comes back with `discovered: false`.
   */
  async listModels(options: { profile?: string; region?: string; timeoutMs?: number } = {}): Promise<ModelListing> {
    try {
      const region = await resolveRegion(options.profile, options.region, this.#env);
      const endpoint = this.#env.AWS_ENDPOINT_URL_BEDROCK ?? this.#env.AWS_ENDPOINT_URL;
      const client = createControlClient({
        region,
        credentials: credentialsFor(options.profile, this.#env),
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(endpoint ? { endpoint } : {}),
      });
      try {
        const summaries = await listImageModels(client, { signal: AbortSignal.timeout(options.timeoutMs ?? 8_000) });
        return { entries: mergeDiscovered(summaries), discovered: true };
      } finally {
        client.destroy();
      }
    } catch (error) {
      const problem = error instanceof EaselError ? error.message : 'The model list could not be fetched.';
      const data: ErrorData = error instanceof EaselError ? error.toData() : { code: 'network', message: problem };
      return { entries: mergeDiscovered(undefined), discovered: false, problem, error: data };
    }
  }

  // ---- generation and jobs ---------------------------------------------------------------------

  /**
   * Queues one job per image. The region is resolved now (explicit, env, then the profile's), so a
   * missing one fails here, before anything is reserved. This is where a request from the IPC gate
   * or `easel generate` is checked, once; a CheckedRequest was checked where it entered (a manifest).
   * @throws EaselError 'validation', 'no-region', 'unknown-profile', 'budget-exceeded', 'not-found'.
   */
  async generate(
    params: GenerationParamsInput | CheckedRequest,
    options: GenerateOptions = {},
  ): Promise<{ jobs: Job[]; warnings: BudgetWarning[] }> {
    this.#open();
    const region = await resolveRegion(options.profile, options.region, this.#env);
    const request =
      params instanceof CheckedRequest
        ? params
        : CheckedRequest.require(params, { sourceSize: (imageId) => this.library.images.get(imageId) });
    return this.#queue.submit(request, {
      profile: options.profile ?? null,
      region,
      batchKey: options.batchKey ?? null,
    });
  }

  cancel(jobId: string): Job {
    return this.#queue.cancel(jobId);
  }

  cancelAll(): number {
    return this.#queue.cancelAll();
  }

  retry(jobId: string): { jobs: Job[]; warnings: BudgetWarning[] } {
    this.#open();
    return this.#queue.retry(jobId);
  }

  getJob(jobId: string): Job {
    return this.library.generations.get(jobId);
  }

  listJobs(
    options: { statuses?: readonly JobStatus[]; limit?: number; before?: string; batchKey?: string } = {},
  ): Job[] {
    return this.library.generations.list({
      ...(options.statuses ? { statuses: options.statuses } : {}),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.before === undefined ? {} : { beforeId: options.before }),
      ...(options.batchKey === undefined ? {} : { batchKey: options.batchKey }),
    });
  }

  /** Job progress: called for every status change with the job as it now stands. */
  onJobUpdate(listener: JobListener): () => void {
    return this.#queue.onJobUpdate(listener);
  }

  get concurrency(): number {
    return this.#queue.concurrency;
  }

  /** Changes the number of jobs running at once, now and for later sessions. */
  setConcurrency(n: number): number {
    this.#queue.setConcurrency(n);
    this.library.settings.set('jobs.concurrency', n);
    return n;
  }

  /** True while jobs wait for the network. */
  get waitingForNetwork(): boolean {
    return this.#queue.offline;
  }

  /** Resolves when no job is queued or running. */
  whenIdle(): Promise<void> {
    return this.#queue.whenIdle();
  }

  // ---- images ----------------------------------------------------------------------------------

  listImages(query: ImageQueryInput = {}): { images: ImageRecord[]; nextCursor: string | null } {
    return this.library.images.list(query);
  }

  getImage(imageId: string): ImageRecord {
    return this.library.images.get(imageId);
  }

  /** Where an image came from and what was made from it (edits, variations), with its generation's profile/region. */
  imageLineage(imageId: string): ImageLineage {
    const image = this.library.images.get(imageId);
    const id = Number(image.id);
    const row = this.library.db
      .prepare<[number], { source: number | null; profile: string | null; region: string | null }>(
        'SELECT source_image_id AS source, profile, region FROM generations WHERE id = (SELECT generation_id FROM images WHERE id = ?)',
      )
      .get(id);
    const edits = this.library.db
      .prepare<[number, number], { id: number }>(
        `SELECT id FROM (SELECT image_id AS id FROM generations WHERE source_image_id = ? AND image_id IS NOT NULL
           UNION SELECT id FROM images WHERE parent_image_id = ?) ORDER BY id DESC LIMIT 100`,
      )
      .all(id, id);
    const parent =
      image.parentImageId ?? (row?.source === null || row?.source === undefined ? null : String(row.source));
    return {
      parentImageId: parent,
      editIds: edits.map((e) => String(e.id)).filter((e) => e !== image.id),
      profile: row?.profile ?? null,
      region: row?.region ?? null,
    };
  }

  updateImages(imageIds: readonly string[], patch: { favorite?: boolean; rating?: number }): number {
    let n = 0;
    if (patch.favorite !== undefined) n = this.library.images.setFavorite(imageIds, patch.favorite);
    if (patch.rating !== undefined) n = this.library.images.setRating(imageIds, patch.rating);
    return n;
  }

  trashImages(imageIds: readonly string[]): number {
    return this.library.images.trash(imageIds);
  }

  restoreImages(imageIds: readonly string[]): number {
    return this.library.images.restore(imageIds);
  }

  /** Deletes trashed images for good (rows, then files). Without ids: the whole trash. */
  async purgeImages(imageIds?: readonly string[]): Promise<number> {
    return (await this.library.purge(imageIds)).length;
  }

  /**
   * "Select all" then Delete permanently: purges the trashed images matching `query` (forced to the
   * trash), minus `exceptIds`, 1,000 at a time (one transaction per batch, then its files), so the
   * ids never all sit in memory or cross IPC. Resolves with the number purged.
   */
  async purgeMatching(
    query: Omit<ImageQueryInput, 'limit' | 'cursor' | 'trashed'>,
    exceptIds: readonly string[] = [],
  ): Promise<number> {
    this.#open();
    const except = new Set(exceptIds);
    let purged = 0;
    let cursor: string | null = null;
    do {
      // Keyset paging: the cursor is a position (sort key + id), so rows purged behind it do not shift it.
      const page = this.library.images.list({
        ...query,
        trashed: true,
        limit: 1000,
        ...(cursor === null ? {} : { cursor }),
      });
      const ids = page.images.map((image) => image.id).filter((id) => !except.has(id));
      if (ids.length > 0) purged += (await this.library.purge(ids)).length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    return purged;
  }

  /**
   * The file behind an image id for the image protocol: the stored file or its 256 px WebP
   * thumbnail (made on demand). Null for unknown ids or missing files.
   */
  async resolveImageFile(
    imageId: string,
    variant: 'full' | 'thumb',
  ): Promise<{ filePath: string; mimeType: string } | null> {
    const image = this.library.images.find(imageId);
    if (!image) return null;
    if (variant === 'thumb') {
      try {
        return { filePath: await this.library.store.thumbnail(image.sha256), mimeType: 'image/webp' };
      } catch {
        return null;
      }
    }
    const filePath = this.library.store.absolute(image.path);
    if (!(await stat(filePath).catch(() => null))?.isFile()) return null;
    return { filePath, mimeType: `image/${image.format}` };
  }

  /**
   * Verifies a mask painted over `sourceImageId` (PNG, same size, ≤ 25 MB, fully decoded) and stores a
   * clean re-encoded copy as an edited image whose parent is the source (see studio/masks.ts).
   */
  createMask(input: MaskInput): Promise<{ imageId: string }> {
    this.#open();
    return createMask(this.library, input);
  }

  /** Relative path of an image's thumbnail inside the data folder. */
  thumbnailPath(image: ImageRecord): string {
    return thumbRelPath(image.sha256);
  }

  /**
   * Copies image files into the library (content-addressed; the same bytes twice → `duplicateOf`)
   * and reads their generation metadata (Easel, A1111/Forge, ComfyUI, InvokeAI, NovelAI, Fooocus).
   * Never throws for a bad file: each gets a failed result with a message naming it.
   */
  async importFiles(files: readonly string[], options: ImportFilesOptions = {}): Promise<ImportFileResult[]> {
    this.#open();
    const { onProgress } = options;
    const results = await importFiles(this.library, files, {
      ...(options.recurse === undefined ? {} : { recurse: options.recurse }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(onProgress
        ? { onProgress: (p) => onProgress({ done: p.done, total: p.total, result: studioImportResult(p.result) }) }
        : {}),
    });
    return results.map(studioImportResult);
  }

  /** Copies images (ids or a collection) to a folder under template names (thin wrapper, used by the CLI). */
  exportImages(options: ExportOptions): Promise<ExportResult> {
    this.#open();
    return exportImages(this.library, options);
  }

  /**
   * Compares the database with the files: missing files, orphans, temp files, missing thumbnails;
   * with `repair`, fixes them (orphans adopted, dead rows removed, thumbnails regenerated). The
   * report's `summary` has one readable line per finding or repair.
   */
  async checkLibrary(options: { repair?: boolean } = {}): Promise<CheckReport> {
    this.#open();
    if (options.repair) this.#refuseWhileShared('repair the library');
    return checkLibraryFiles(this.library, { repair: options.repair ?? false });
  }

  // ---- prompts, tags, collections, canvases ----------------------------------------------------

  listPrompts(options: { text?: string; favoriteOnly?: boolean; limit?: number } = {}): PromptEntry[] {
    return this.library.prompts.list(options);
  }

  setPromptFavorite(promptId: string, favorite: boolean): void {
    this.library.prompts.setFavorite(promptId, favorite);
  }

  listTags(): Tag[] {
    return this.library.tags.list();
  }

  addTags(imageIds: readonly string[], names: readonly string[]): number {
    return this.library.tags.add(imageIds, names);
  }

  removeTags(imageIds: readonly string[], names: readonly string[]): number {
    return this.library.tags.remove(imageIds, names);
  }

  tagsOf(imageIds: readonly string[]): Map<string, string[]> {
    return this.library.tags.forImages(imageIds);
  }

  listCollections(): Collection[] {
    return this.library.collections.list();
  }

  createCollection(name: string): Collection {
    return this.library.collections.create(name);
  }

  collectionImageIds(collectionId: string): string[] {
    return this.library.collections.imageIds(collectionId);
  }

  addToCollection(collectionId: string, imageIds: readonly string[], index?: number): void {
    this.library.collections.add(collectionId, imageIds, index);
  }

  removeFromCollection(collectionId: string, imageIds: readonly string[]): void {
    this.library.collections.remove(collectionId, imageIds);
  }

  reorderCollection(collectionId: string, imageIds: readonly string[]): void {
    this.library.collections.reorder(collectionId, imageIds);
  }

  deleteCollection(collectionId: string): void {
    this.library.collections.delete(collectionId);
  }

  listCanvases(): Omit<Canvas, 'items'>[] {
    return this.library.canvases.list();
  }

  getCanvas(canvasId: string): Canvas {
    return this.library.canvases.get(canvasId);
  }

  createCanvas(name: string): Canvas {
    return this.library.canvases.create(name);
  }

  saveCanvas(canvasId: string, items: readonly CanvasItemInput[]): Canvas {
    return this.library.canvases.saveItems(canvasId, items);
  }

  deleteCanvas(canvasId: string): void {
    this.library.canvases.delete(canvasId);
  }

  // ---- spend, budgets, prices ------------------------------------------------------------------

  spendSummary(): SpendSummary {
    return this.library.spend.summary();
  }

  spendReport(range: SpendRange = {}): SpendReport {
    const spend = this.library.spend;
    return {
      summary: spend.summary(),
      byModel: spend.byModel(range),
      byDay: spend.byDay(range),
      byProfile: spend.byProfile(range),
      outcomes: spend.outcomesByModel(range),
      forecast: spend.forecast(),
    };
  }

  spendCsv(range: SpendRange = {}): string {
    return this.library.spend.toCsv(range);
  }

  budgets(): BudgetUsage[] {
    return this.library.budgets.usage();
  }

  setBudget(budget: Budget): Budget {
    return this.library.budgets.set(budget);
  }

  clearBudget(period: BudgetPeriod): void {
    this.library.budgets.clear(period);
  }

  /** Jobs whose spend is uncertain (interrupted or aborted in flight), to confirm or dismiss. */
  uncertainJobs(): Job[] {
    return this.library.generations.uncertainJobs();
  }

  /** billed: confirm (charge, default the uncertain amount); not billed: dismiss (release). */
  resolveUncertain(jobId: string, resolution: { billed: boolean; amountMicroUsd?: number; note?: string }): Job {
    return this.library.generations.resolveUncertain(jobId, resolution);
  }

  priceTable(): PriceTableView {
    const overrides = this.library.prices.list();
    const byKey = new Map(overrides.filter((o) => o.priceKey !== '').map((o) => [o.priceKey, o.priceMicroUsd]));
    return {
      version: PRICE_TABLE.version,
      asOf: PRICE_TABLE.asOf,
      source: PRICE_TABLE.source,
      entries: PRICE_TABLE.entries.map((e) => ({
        key: e.key,
        modelId: e.modelId,
        label: e.label,
        microUsd: e.microUsd,
        unconfirmed: e.unconfirmed,
        overrideMicroUsd: byKey.get(e.key) ?? null,
      })),
      modelOverrides: overrides
        .filter((o) => o.priceKey === '')
        .map((o) => ({ modelId: o.modelId, microUsd: o.priceMicroUsd })),
    };
  }

  /**
   * Overrides a price for new jobs: `key` is a price table entry key (e.g. "sdxl-1.0/steps<=50") or
   * a base model id (models the table does not price). null removes the override.
   */
  setPriceOverride(key: string, microUsd: number | null, note?: string): void {
    const entry = PRICE_TABLE.entries.find((e) => e.key === key);
    const modelId = entry ? entry.modelId : key;
    const priceKey = entry ? entry.key : '';
    if (microUsd === null) this.library.prices.remove(modelId, priceKey);
    else this.library.prices.set(modelId, microUsd, { priceKey, ...(note === undefined ? {} : { note }) });
  }

  priceOverrides(): PriceOverride[] {
    return this.library.prices.list();
  }

  // ---- settings --------------------------------------------------------------------------------

  /** Every setting of the table in src-shared/settings.ts (defaults for those never set). */
  settings(): Settings {
    return this.library.settings.readAll();
  }

  /** One setting, already valid for its key (the gate parses it); concurrency also applies now. */
  setSetting(update: SettingUpdate): void {
    if (update.key === 'jobs.concurrency') this.setConcurrency(update.value);
    else this.library.settings.set(update.key, update.value);
  }

  // ---- data folder -----------------------------------------------------------------------------

  /** Where a move would write its pointer (null: the folder was chosen with EASEL_HOME or --data-dir). */
  get locationFile(): string | null {
    return this.#locationFile ?? null;
  }

  /**
   * Copies the data folder to `folder` (absolute; empty or not there; not inside the current one),
   * verifies the copy and points the app and the CLI at it from their next start. The old folder
   * is left in place (the new database remembers it in `data.previousDir`). Only the process that
   * holds the folder's lock may move it, with no other process on it and no job queued or running.
   * Work that writes files is refused from the start of the move on (restart to use the new folder).
   * @throws EaselError 'validation' (where it may not go, demo mode, EASEL_HOME), 'io' (another
   * process, jobs, space, a failed copy: then the partial copy is removed and nothing changes).
   */
  async moveDataFolder(
    folder: string,
    options: { onProgress?: (progress: DataMoveProgress) => void } = {},
  ): Promise<DataMoveResult> {
    this.#open();
    const refusal = this.dataMoveRefusal();
    if (refusal !== null || this.#locationFile === undefined)
      throw new EaselError('validation', refusal ?? 'The data folder cannot be moved from here.');
    this.#refuseWhileShared('move the data folder');
    const active = this.library.generations.list({
      statuses: ['queued', 'sending', 'waiting', 'saving'],
      limit: 1000,
    }).length;
    if (active > 0) {
      throw new EaselError(
        'io',
        `${active} image${active === 1 ? ' is' : 's are'} still being generated. Wait for ${active === 1 ? 'it' : 'them'} to finish (or cancel ${active === 1 ? 'it' : 'them'}), then move the data folder.`,
      );
    }
    this.#moving = { to: folder, done: false };
    try {
      const result = await moveDataFolder({
        db: this.library.db,
        from: this.dataDir,
        to: folder,
        locationFile: this.#locationFile,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      this.#moving = { to: result.to, done: true };
      return result;
    } catch (error) {
      this.#moving = null;
      throw error;
    }
  }

  /** Why this data folder cannot be moved from here at all (demo mode, EASEL_HOME), or null. */
  dataMoveRefusal(): string | null {
    if (this.#demoMode)
      return 'Demo mode keeps its own data folder. Quit demo mode (restart Easel) to move your data folder.';
    if (this.#locationFile === undefined)
      return `This data folder was chosen with EASEL_HOME (or --data-dir), so Easel cannot move it. Quit Easel, move the folder yourself and change EASEL_HOME.`;
    return null;
  }

  /** The folder this data folder was moved from (still on disk until the user deletes it), or null. */
  previousDataDir(): string | null {
    return this.library.settings.read(PREVIOUS_DATA_DIR_SETTING);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Stops the queue (running jobs are aborted: interrupted with uncertain spend if they may have
   * reached Bedrock, else left queued for the next start) and closes the database.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.close();
    this.#invoker.destroy?.();
    this.library.close();
    this.#lock.release();
  }

  /**
   * Work that would disturb another process's jobs or files in flight (library repair adopts files
   * it may be writing) waits until this process is alone on the data folder.
   * @throws EaselError 'io'
   */
  #refuseWhileShared(what: string): void {
    if (!this.#lock.owner) {
      throw new EaselError(
        'io',
        `Easel is already running with this data folder (${describeOwner(this.#lock.heldBy)}). Close it first to ${what}, or do it from there. (If no Easel is running, delete the file easel.lock in ${this.dataDir}.)`,
      );
    }
    const other = this.#lock.otherSessions()[0];
    if (other)
      throw new EaselError(
        'io',
        `Another Easel process is using this data folder (${describeOwner(other)}). Close it first to ${what}.`,
      );
  }

  #open(): void {
    if (this.#closed) throw new EaselError('internal', 'This studio is closed.');
    if (this.#moving?.done)
      throw new EaselError('io', `The data folder has moved to ${this.#moving.to}. Restart Easel to continue there.`);
    if (this.#moving)
      throw new EaselError(
        'io',
        `Easel is moving its data folder to ${this.#moving.to}. Try again once it has restarted.`,
      );
  }

  #priceOverrides(): PriceOverrides {
    const out: Record<string, number> = {};
    for (const o of this.library.prices.list()) out[o.priceKey === '' ? o.modelId : o.priceKey] = o.priceMicroUsd;
    return out;
  }
}

/** The import-export module's result with the facade's metadata rule (see ImportFileResult). */
function studioImportResult(result: ImportResult): ImportFileResult {
  const { metadata, ...rest } = result;
  if (!metadata || metadata.sourceTool === null) return rest;
  const { sourceTool, ...fields } = metadata;
  return {
    ...rest,
    metadata: { sourceTool, ...fields, ...(typeof fields.seed === 'string' ? { seedText: fields.seed } : {}) },
  };
}

export function createStudio(options: StudioOptions): Studio {
  return new Studio(options);
}
