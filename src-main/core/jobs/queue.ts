// The generation queue: one job per image, a concurrency limit, budget reservations written with the
// job, the run (build → invoke → parse → embed metadata → store → one outcome transaction), cancel,
// crash recovery, and "waiting for network". The spend rules are in README.md.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import {
  GenerationParamsSchema,
  type GenerationParams,
  type GenerationParamsInput,
  type Job,
} from '../../../src-shared/domain.ts';
import { EaselError, ERROR_CODES, type ErrorData } from '../../../src-shared/errors.ts';
import {
  buildRequestBody,
  findModel,
  parseResponseBody,
  priceMicroUsd,
  randomSeed,
  validateParams,
} from '../../../src-shared/models/index.ts';
import type { ImageSize, PriceOverrides } from '../../../src-shared/models/index.ts';
import type { AttemptInfo } from '../bedrock/index.ts';
import { sleep as defaultSleep } from '../bedrock/index.ts';
import { BudgetsRepo, GenerationsRepo, ImagesRepo, systemClock } from '../storage/index.ts';
import type { BudgetWarning, Clock, Db, ImageStore, OutcomeCharge, TerminalStatus } from '../storage/index.ts';
import { embedGenerationMetadata } from '../metadata/index.ts';
import type { EaselMetadata } from '../metadata/index.ts';
import { networkDetail, networkPhase } from './network-phase.ts';
import { isPng, pngSize, withoutImagePayloads } from './payloads.ts';

export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 16;

export interface InvokeArgs {
  modelId: string;
  body: Record<string, unknown>;
  profile: string | null;
  region: string;
  signal: AbortSignal;
  /** Called before each attempt (the request may reach Bedrock from then on). */
  onAttempt: (info: AttemptInfo) => void;
}

/** Sends one InvokeModel (with its own retries) and returns the parsed JSON body. */
export type Invoker = (args: InvokeArgs) => Promise<{ body: unknown; attempts: number }>;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface JobQueueOptions {
  db: Db;
  store: ImageStore;
  invoke: Invoker;
  clock?: Clock;
  /** The user's price overrides, read when a job is queued. */
  priceOverrides?: () => PriceOverrides;
  concurrency?: number;
  /** For seeds (tests pass a seeded one). */
  random?: () => number;
  /** Waits between network probes (tests pass a fast or fake one). */
  sleep?: Sleep;
  /** Backoff of the network probe: first wait, doubling up to max. */
  networkBackoff?: { initialMs: number; maxMs: number };
}

export interface SubmitOptions {
  profile?: string | null;
  /** Resolved by the caller (the facade) before queueing, so a missing region fails at once. */
  region: string;
  batchKey?: string | null;
}

export interface JobUpdate {
  job: Job;
  /** True while the job is queued because the network is down (it runs when the network returns). */
  waitingForNetwork: boolean;
  error: ErrorData | null;
}

export type JobListener = (update: JobUpdate) => void;

type Phase = 'preparing' | 'sent' | 'received';
type RunEnd = 'done' | 'network' | 'skipped';

export class JobQueue {
  readonly #store: ImageStore;
  readonly #invoke: Invoker;
  readonly #clock: Clock;
  readonly #overrides: () => PriceOverrides;
  readonly #random: () => number;
  readonly #sleep: Sleep;
  readonly #backoff: { initialMs: number; maxMs: number };
  readonly #generations: GenerationsRepo;
  readonly #budgets: BudgetsRepo;
  readonly #images: ImagesRepo;
  readonly #listeners = new Set<JobListener>();
  /** Queued job ids in run order. */
  readonly #pending: string[] = [];
  readonly #running = new Map<string, { controller: AbortController; done: Promise<RunEnd> }>();
  readonly #idleWaiters: (() => void)[] = [];
  #concurrency: number;
  #offline = false;
  #probing = false;
  #probeAbort = new AbortController();
  #closing = false;

  constructor(options: JobQueueOptions) {
    this.#store = options.store;
    this.#invoke = options.invoke;
    this.#clock = options.clock ?? systemClock;
    this.#overrides = options.priceOverrides ?? (() => ({}));
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#backoff = options.networkBackoff ?? { initialMs: 2_000, maxMs: 60_000 };
    this.#concurrency = checkConcurrency(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#generations = new GenerationsRepo(options.db, this.#clock);
    this.#budgets = new BudgetsRepo(options.db, this.#clock);
    this.#images = new ImagesRepo(options.db, this.#clock);
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  setConcurrency(n: number): void {
    this.#concurrency = checkConcurrency(n);
    this.#pump();
  }

  /** True while the queue waits for the network to come back. */
  get offline(): boolean {
    return this.#offline;
  }

  onJobUpdate(listener: JobListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Crash recovery, run once when the data folder is opened: jobs left sending/waiting/saving become
   * `interrupted` with their reservation turned into `uncertain` spend; queued jobs are picked up
   * again (their reservation is still held). Returns the interrupted jobs.
   */
  recover(options: { resumeQueued?: boolean } = {}): Job[] {
    const interrupted = this.#generations.recoverInterrupted();
    for (const job of interrupted) this.#emit(job);
    if (options.resumeQueued ?? true) this.resumeQueued();
    return interrupted;
  }

  /** Picks up every job queued in the database (by an earlier session) that this queue does not hold. */
  resumeQueued(): void {
    for (const job of this.#generations.active()) {
      if (job.status === 'queued' && !this.#pending.includes(job.id) && !this.#running.has(job.id))
        this.#pending.push(job.id);
    }
    this.#pump();
  }

  /**
   * Validates the request with the catalog, picks each image's seed, prices it and queues one job
   * per image with its reservation, all in one transaction.
   * @throws EaselError 'validation' (with the field), 'not-found' (source image), 'budget-exceeded'.
   */
  submit(input: GenerationParamsInput, options: SubmitOptions): { jobs: Job[]; warnings: BudgetWarning[] } {
    if (this.#closing) throw new EaselError('internal', 'Easel is shutting down; it does not take new work now.');
    const parsed = GenerationParamsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      throw new EaselError(
        'validation',
        `The request is not valid${field ? ` (${field})` : ''}: ${issue?.message ?? 'bad input'}`,
        field ? { field } : {},
      );
    }
    const params = parsed.data;
    const initImageSize = params.initImageId === undefined ? undefined : this.#imageSize(params.initImageId);
    if (params.maskImageId !== undefined) this.#imageSize(params.maskImageId);
    const issues = validateParams(params, initImageSize ? { initImageSize } : {});
    const first = issues[0];
    if (first) throw new EaselError('validation', first.message, { field: String(first.field) });
    const quote = priceMicroUsd(params, this.#overrides());
    if (!quote.known && this.#budgets.list().some((b) => b.hard)) {
      throw new EaselError(
        'budget-exceeded',
        `Easel does not know what ${findModel(params.modelId)?.label ?? params.modelId} costs, so it cannot keep your hard budget. Set its price in settings first.`,
      );
    }
    const inputs = Array.from({ length: params.count }, () => {
      const seed = params.seed ?? randomSeed(params.modelId, this.#random);
      // Text-to-image bodies are complete now (stored for the record); edits are built at run time
      // with the source image, which is never stored in the job row.
      const request = params.task === 'text-to-image' ? buildRequestBody(params, { seed }) : undefined;
      return {
        params,
        profile: options.profile ?? null,
        region: options.region,
        estimateMicroUsd: quote.perImageMicroUsd,
        seed,
        ...(request === undefined ? {} : { request }),
        batchKey: options.batchKey ?? null,
        sourceImageId: params.initImageId ?? null,
      };
    });
    const result = this.#generations.queue(inputs);
    for (const job of result.jobs) {
      this.#pending.push(job.id);
      this.#emit(job);
    }
    this.#pump();
    return result;
  }

  /**
   * Cancels a job: a queued one is dropped with its reservation released (no charge); a running one
   * is aborted (its outcome is recorded by the run: see README for the spend rule). Finished jobs
   * are left as they are. Returns the job as it stands after the request.
   */
  cancel(jobId: string): Job {
    const running = this.#running.get(jobId);
    if (running) {
      running.controller.abort(new EaselError('aborted', 'Cancelled by you.'));
      return this.#generations.get(jobId);
    }
    const job = this.#generations.get(jobId);
    if (job.status !== 'queued') return job;
    const index = this.#pending.indexOf(jobId);
    if (index >= 0) this.#pending.splice(index, 1);
    const cancelled = this.#generations.cancelQueued(jobId);
    this.#emit(cancelled);
    this.#settleIdle();
    return cancelled;
  }

  /** Cancels every queued and running job. Returns how many it touched. */
  cancelAll(): number {
    const ids = [...this.#pending, ...this.#running.keys()];
    for (const id of ids) this.cancel(id);
    return ids.length;
  }

  /** Queues the same request again as a new job, with the seed the job used (same image expected). */
  retry(jobId: string): { jobs: Job[]; warnings: BudgetWarning[] } {
    const job = this.#generations.get(jobId);
    const params: GenerationParams = { ...job.params, count: 1, ...(job.seed === null ? {} : { seed: job.seed }) };
    return this.submit(params, { profile: job.profile, region: job.region ?? '', batchKey: job.batchKey });
  }

  /** Resolves when nothing is queued or running (or at once if so). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops taking work: running jobs are aborted (recorded as interrupted with uncertain spend if
   * the request may have reached Bedrock, else put back in the queue); queued jobs stay queued in
   * the database and run at the next start.
   */
  async close(): Promise<void> {
    this.#closing = true;
    this.#probeAbort.abort();
    for (const { controller } of this.#running.values())
      controller.abort(new EaselError('aborted', 'Easel is shutting down.'));
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
    this.#pending.length = 0;
    this.#settleIdle();
  }

  // -------------------------------------------------------------------------------------------

  #isIdle(): boolean {
    return this.#running.size === 0 && this.#pending.length === 0;
  }

  #settleIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #emit(job: Job, error: ErrorData | null = null): void {
    const update: JobUpdate = {
      job,
      waitingForNetwork: this.#offline && job.status === 'queued',
      error:
        error ??
        (job.errorCode === null ? null : { code: toErrorCode(job.errorCode), message: job.errorMessage ?? '' }),
    };
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch {
        // a listener's fault must not break the queue
      }
    }
  }

  #imageSize(imageId: string): ImageSize {
    const image = this.#images.get(imageId);
    return { width: image.width, height: image.height };
  }

  #pump(): void {
    if (this.#closing || this.#offline) return;
    while (this.#running.size < this.#concurrency && this.#pending.length > 0) {
      const id = this.#pending.shift();
      if (id !== undefined) this.#start(id);
    }
    this.#settleIdle();
  }

  #start(jobId: string): Promise<RunEnd> {
    const controller = new AbortController();
    const done = this.#run(jobId, controller.signal).finally(() => {
      this.#running.delete(jobId);
      this.#pump();
      this.#settleIdle();
    });
    this.#running.set(jobId, { controller, done });
    return done;
  }

  /** Network down: the queue holds its jobs and probes with backoff by running the oldest alone. */
  async #probeLoop(): Promise<void> {
    if (this.#probing) return;
    this.#probing = true;
    let delay = this.#backoff.initialMs;
    try {
      while (this.#offline && !this.#closing) {
        // Wait for the jobs still running to fail or finish before probing.
        await Promise.allSettled([...this.#running.values()].map((r) => r.done));
        try {
          await this.#sleep(delay, this.#probeAbort.signal);
        } catch {
          break;
        }
        if (this.#closing) break;
        const id = this.#pending.shift();
        if (id === undefined) {
          this.#offline = false;
          break;
        }
        const end = await this.#start(id);
        if (end !== 'network') {
          this.#offline = false;
          break;
        }
        delay = Math.min(delay * 2, this.#backoff.maxMs);
      }
    } finally {
      this.#probing = false;
    }
    this.#pump();
  }

  async #run(jobId: string, signal: AbortSignal): Promise<RunEnd> {
    const claimed = this.#generations.claim(jobId);
    if (!claimed) return 'skipped';
    let job = claimed;
    this.#emit(job);
    let phase = 'preparing' as Phase;
    let attempts = job.attempts;
    let request: unknown = job.request;
    const seed = job.seed ?? randomSeed(job.modelId, this.#random);
    // A network failure that may have reached Bedrock stops the client's retries (see README,
    // "Network failures"): sending it again could make and bill the image twice.
    const stopRetry = new AbortController();
    let brokenAfterSend: EaselError | null = null;
    try {
      const { ctx, payloads } = await this.#loadImages(job.params);
      const body = buildRequestBody(job.params, { seed, ...ctx });
      request = withoutImagePayloads(body, payloads);
      if (signal.aborted) throw new EaselError('aborted', 'Cancelled by you.');
      const result = await this.#invoke({
        modelId: job.modelId,
        body,
        profile: job.profile,
        region: job.region ?? '',
        signal: AbortSignal.any([signal, stopRetry.signal]),
        onAttempt: (info) => {
          if (info.error?.code === 'network' && networkPhase(info.error) === 'maybe-sent') {
            brokenAfterSend = info.error;
            stopRetry.abort(info.error);
            return;
          }
          phase = 'sent';
          attempts += 1;
          if (job.status !== 'waiting') job = this.#generations.setRunningStatus(jobId, 'waiting', { attempts });
          else {
            this.#generations.setAttempts(jobId, attempts);
            job = { ...job, attempts };
          }
          this.#emit(job);
        },
      });
      phase = 'received';
      const parsed = parseResponseBody(job.modelId, result.body);
      const image = parsed.images[0];
      if (!image)
        throw new EaselError(
          'malformed-response',
          'Bedrock answered with no image. Try again; if it persists, report it.',
        );
      const charge = this.#charge(job);
      const usedSeed = image.seed ?? seed;
      if (image.outcome !== 'ok') {
        const filtered = image.outcome === 'filtered';
        const error: ErrorData = filtered
          ? {
              code: 'content-filtered',
              message: `The model's content filter blocked this image${image.reason ? ` (${image.reason})` : ''}. It is charged: Bedrock bills filtered images. Change the prompt and try again.`,
            }
          : {
              code: 'model-error',
              message: `The model could not make this image${image.reason ? ` (${image.reason})` : ''}. Try again.`,
            };
        return this.#finish(jobId, filtered ? 'filtered' : 'failed', charge, {
          error,
          seed: usedSeed,
          request,
          attempts,
        });
      }
      job = this.#generations.setRunningStatus(jobId, 'saving');
      this.#emit(job);
      let bytes: Buffer = Buffer.from(image.base64, 'base64');
      if (isPng(bytes)) {
        const size = pngSize(bytes);
        const easel: EaselMetadata = {
          version: 1,
          modelId: job.modelId,
          seed: usedSeed,
          request: (request ?? {}) as Record<string, unknown>,
          // No job id here: the same request and seed must give byte-identical files (one stored copy).
          params: { ...job.params, count: 1, seed: usedSeed },
        };
        bytes = embedGenerationMetadata(bytes, {
          parameters: {
            prompt: job.params.prompt,
            ...(job.params.negativePrompt ? { negativePrompt: job.params.negativePrompt } : {}),
            ...(job.params.steps === undefined ? {} : { steps: job.params.steps }),
            ...(job.params.sampler === undefined ? {} : { sampler: job.params.sampler }),
            ...(job.params.cfgScale === undefined ? {} : { cfgScale: job.params.cfgScale }),
            seed: usedSeed,
            width: size.width,
            height: size.height,
            model: job.modelId,
            extra: {},
          },
          easel,
        });
      }
      const stored = await this.#store.put(bytes);
      return this.#finish(jobId, 'succeeded', charge, {
        image: {
          sha256: stored.sha256,
          path: stored.path,
          width: stored.width,
          height: stored.height,
          bytes: stored.bytes,
          format: stored.format,
        },
        seed: usedSeed,
        request,
        attempts,
      });
    } catch (caught) {
      let error = asEaselError(caught);
      if (brokenAfterSend && !signal.aborted) error = brokenAfterSend;
      if (error.code === 'aborted' || signal.aborted) {
        if (this.#closing && phase === 'preparing') return this.#requeue(jobId, false);
        const status: TerminalStatus = this.#closing ? 'interrupted' : 'cancelled';
        const message = this.#closing ? 'Easel was closed while this image was being generated.' : 'Cancelled by you.';
        // Sent but not answered: Bedrock may bill it. Answered: it is billed.
        const charge: OutcomeCharge =
          phase === 'received' ? this.#charge(job) : phase === 'sent' ? { kind: 'uncertain' } : { kind: 'none' };
        return this.#finish(jobId, status, charge, { error: { code: 'aborted', message }, seed, request, attempts });
      }
      if (error.code === 'network' && phase !== 'received') {
        if (phase === 'preparing' || networkPhase(error) === 'before-send') return this.#requeue(jobId, true);
        // The request was written and the connection broke: Bedrock may have made (and billed) it.
        const detail = networkDetail(error);
        return this.#finish(
          jobId,
          'failed',
          { kind: 'uncertain' },
          {
            error: {
              code: 'network',
              message: `The connection to Bedrock broke after the request was sent${detail ? ` (${detail})` : ''}, so Bedrock may have made — and billed — this image. Easel did not send it again, to avoid paying twice: its estimate is kept as uncertain spend until you settle it (Spend → Uncertain). Retry the job if you want the image.`,
            },
            seed,
            request,
            attempts,
          },
        );
      }
      let charge: OutcomeCharge = { kind: 'none' };
      if (phase === 'received' || error.code === 'malformed-response') charge = this.#charge(job);
      else if (error.code === 'timeout') charge = { kind: 'uncertain' };
      return this.#finish(jobId, 'failed', charge, { error: error.toData(), seed, request, attempts });
    }
  }

  #requeue(jobId: string, networkDown: boolean): RunEnd {
    this.#generations.requeue(jobId);
    if (!this.#closing) this.#pending.unshift(jobId);
    if (networkDown) {
      this.#offline = true;
      void this.#probeLoop();
    }
    this.#emit(
      this.#generations.get(jobId),
      networkDown
        ? {
            code: 'network',
            message: 'Waiting for the network: this image will be sent when the connection returns.',
            retryable: true,
          }
        : null,
    );
    return networkDown ? 'network' : 'skipped';
  }

  #finish(
    jobId: string,
    status: TerminalStatus,
    charge: OutcomeCharge,
    rest: {
      error?: ErrorData;
      seed: number;
      request: unknown;
      attempts: number;
      image?: {
        sha256: string;
        path: string;
        width: number;
        height: number;
        bytes: number;
        format: 'png' | 'jpeg' | 'webp';
      };
    },
  ): RunEnd {
    const { job } = this.#generations.recordGenerationOutcome({
      jobId,
      status,
      charge,
      seed: rest.seed,
      request: rest.request ?? undefined,
      attempts: rest.attempts,
      ...(rest.error ? { error: { code: rest.error.code, message: rest.error.message } } : {}),
      ...(rest.image ? { image: rest.image } : {}),
    });
    this.#emit(job, rest.error ?? null);
    return 'done';
  }

  /** The price applied: the one quoted (and reserved) when the job was queued. */
  #charge(job: Job): OutcomeCharge {
    const quote = priceMicroUsd(job.params, this.#overrides());
    const priceSource = quote.perImageMicroUsd === job.estimateMicroUsd ? quote.source : 'price quoted when queued';
    return { kind: 'charge', amountMicroUsd: job.estimateMicroUsd, priceSource };
  }

  async #loadImages(params: GenerationParams): Promise<{
    ctx: { initImageBase64?: string; maskBase64?: string; initImageSize?: ImageSize };
    payloads: Map<string, string>;
  }> {
    const payloads = new Map<string, string>();
    const ctx: { initImageBase64?: string; maskBase64?: string; initImageSize?: ImageSize } = {};
    if (params.initImageId !== undefined) {
      const record = this.#images.get(params.initImageId);
      const base64 = (await this.#readImage(record.path)).toString('base64');
      ctx.initImageBase64 = base64;
      ctx.initImageSize = { width: record.width, height: record.height };
      payloads.set(base64, params.initImageId);
    }
    if (params.maskImageId !== undefined) {
      const record = this.#images.get(params.maskImageId);
      let bytes = await this.#readImage(record.path);
      // Easel masks are white where the image changes; some models want black there.
      if (findModel(params.modelId)?.limits.maskChanges === 'black')
        bytes = await sharp(bytes).negate({ alpha: false }).png().toBuffer();
      const base64 = bytes.toString('base64');
      ctx.maskBase64 = base64;
      payloads.set(base64, params.maskImageId);
    }
    return { ctx, payloads };
  }

  async #readImage(relPath: string): Promise<Buffer> {
    try {
      return await readFile(this.#store.absolute(relPath));
    } catch (cause) {
      throw new EaselError(
        'not-found',
        `The source image file ${relPath} is missing from the library folder; run "check library".`,
        { cause },
      );
    }
  }
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new EaselError('validation', `Concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got ${n}).`, {
      field: 'concurrency',
    });
  }
  return n;
}

function asEaselError(error: unknown): EaselError {
  if (error instanceof EaselError) return error;
  return new EaselError(
    'internal',
    'Something went wrong inside Easel while generating this image. The details are in the log.',
    { cause: error },
  );
}

function toErrorCode(code: string): ErrorData['code'] {
  return (ERROR_CODE_SET.has(code) ? code : 'internal') as ErrorData['code'];
}

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);
