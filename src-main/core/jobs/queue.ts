// The generation queue: one job per image, a concurrency limit, budget reservations written with the
// job, the run of each job (claim → build → send → receive → save → settle), cancel, crash recovery,
// and "waiting for network". Who pays what is decided by settle.ts; the rules are in README.md.
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
  priceMicroUsd,
  randomSeed,
  validateParams,
} from '../../../src-shared/models/index.ts';
import type { ImageSize, ParsedImage, PriceOverrides } from '../../../src-shared/models/index.ts';
import { sleep as defaultSleep } from '../bedrock/index.ts';
import { BudgetsRepo, GenerationsRepo, ImagesRepo, systemClock } from '../storage/index.ts';
import type { BudgetWarning, Clock, ImageStore, StoredImage } from '../storage/index.ts';
import { networkPhase } from './network-phase.ts';
import { withoutImagePayloads } from './payloads.ts';
import { firstImage, loadSourceImages, withGenerationMetadata } from './run-steps.ts';
import { ledgerCharge, outcomeOfError, settle, type JobOutcome, type JobPhase, type Settlement } from './settle.ts';
import type { Invoker, JobListener, JobQueueOptions, JobUpdate, Sleep, SubmitOptions } from './types.ts';

export type { InvokeArgs, Invoker, JobListener, JobQueueOptions, JobUpdate, Sleep, SubmitOptions } from './types.ts';

export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 16;

type RunEnd = 'done' | 'network' | 'skipped';

/** A job while it runs: how far it got, and what its outcome will record. */
interface Run {
  job: Job;
  signal: AbortSignal;
  phase: JobPhase;
  attempts: number;
  /** The native request body without image payloads, as stored with the job. */
  request: unknown;
  seed: number;
  /** A network failure after the request may have been written: it stopped the client's retries. */
  brokenAfterSend: EaselError | null;
}

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

  /** One job end to end: claim, build, send, receive, save, settle. */
  async #run(jobId: string, signal: AbortSignal): Promise<RunEnd> {
    const job = this.#generations.claim(jobId);
    if (!job) return 'skipped';
    this.#emit(job);
    const run: Run = {
      job,
      signal,
      phase: 'not-sent',
      attempts: job.attempts,
      request: job.request,
      seed: job.seed ?? randomSeed(job.modelId, this.#random),
      brokenAfterSend: null,
    };
    try {
      const body = await this.#build(run);
      const answer = await this.#send(run, body);
      const image = firstImage(run.job.modelId, answer);
      const seed = image.seed ?? run.seed;
      if (image.outcome !== 'ok') {
        const kind = image.outcome === 'filtered' ? 'filtered' : 'model-error';
        return this.#settle(run, { kind, reason: image.reason ?? null }, { seed });
      }
      const stored = await this.#save(run, image, seed);
      return this.#settle(run, { kind: 'image' }, { seed, image: stored });
    } catch (caught) {
      const context = { aborted: signal.aborted, closing: this.#closing, brokenAfterSend: run.brokenAfterSend };
      return this.#settle(run, outcomeOfError(caught, context));
    }
  }

  /** The native body (source images read from the store); the stored copy names them instead. */
  async #build(run: Run): Promise<Record<string, unknown>> {
    const { ctx, payloads } = await loadSourceImages(run.job.params, this.#images, this.#store);
    const body = buildRequestBody(run.job.params, { seed: run.seed, ...ctx });
    run.request = withoutImagePayloads(body, payloads);
    return body;
  }

  /** InvokeModel with the client's retries; returns the response body. */
  async #send(run: Run, body: Record<string, unknown>): Promise<unknown> {
    if (run.signal.aborted) throw new EaselError('aborted', 'Cancelled by you.');
    // A network failure that may have reached Bedrock stops the client's retries (see README,
    // "Network failures"): sending it again could make and bill the image twice.
    const stopRetry = new AbortController();
    const result = await this.#invoke({
      modelId: run.job.modelId,
      body,
      profile: run.job.profile,
      region: run.job.region ?? '',
      signal: AbortSignal.any([run.signal, stopRetry.signal]),
      onAttempt: (info) => {
        if (info.error?.code === 'network' && networkPhase(info.error) === 'maybe-sent') {
          run.brokenAfterSend = info.error;
          stopRetry.abort(info.error);
          return;
        }
        this.#attemptStarted(run);
      },
    });
    run.phase = 'answered';
    return result.body;
  }

  /** From here on Bedrock may have the request: the job is `waiting` and the attempt is counted. */
  #attemptStarted(run: Run): void {
    run.phase = 'maybe-sent';
    run.attempts += 1;
    const { id, status } = run.job;
    if (status !== 'waiting') run.job = this.#generations.setRunningStatus(id, 'waiting', { attempts: run.attempts });
    else {
      this.#generations.setAttempts(id, run.attempts);
      run.job = { ...run.job, attempts: run.attempts };
    }
    this.#emit(run.job);
  }

  /** Stores the image (with its metadata when it is a PNG). */
  async #save(run: Run, image: ParsedImage, seed: number): Promise<StoredImage> {
    run.job = this.#generations.setRunningStatus(run.job.id, 'saving');
    this.#emit(run.job);
    return this.#store.put(withGenerationMetadata(image, run.job, run.request, seed));
  }

  /** Records the run's end as settle.ts rules it: one outcome transaction, or back to the queue. */
  #settle(run: Run, outcome: JobOutcome, result: { seed?: number; image?: StoredImage } = {}): RunEnd {
    const settlement = settle(run.phase, outcome);
    if (settlement.status === 'queued') return this.#requeue(run.job.id, settlement);
    const { job } = this.#generations.recordGenerationOutcome({
      jobId: run.job.id,
      status: settlement.status,
      charge: ledgerCharge(settlement.ledger, run.job, this.#overrides()),
      seed: result.seed ?? run.seed,
      request: run.request ?? undefined,
      attempts: run.attempts,
      ...(settlement.error ? { error: { code: settlement.error.code, message: settlement.error.message } } : {}),
      ...(result.image ? { image: result.image } : {}),
    });
    this.#emit(job, settlement.error);
    return 'done';
  }

  #requeue(jobId: string, settlement: Extract<Settlement, { status: 'queued' }>): RunEnd {
    this.#generations.requeue(jobId);
    if (!this.#closing) this.#pending.unshift(jobId);
    if (settlement.waitingForNetwork) {
      this.#offline = true;
      void this.#probeLoop();
    }
    this.#emit(this.#generations.get(jobId), settlement.error);
    return settlement.waitingForNetwork ? 'network' : 'skipped';
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

function toErrorCode(code: string): ErrorData['code'] {
  return (ERROR_CODE_SET.has(code) ? code : 'internal') as ErrorData['code'];
}

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);
