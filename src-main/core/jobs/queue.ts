// The generation queue: one job per image, a concurrency limit, budget reservations written with the
// job, cancel, crash recovery, and "waiting for network". Each job runs in job-run.ts (claim → build
// → send → receive → save → settle); who pays what is decided by settle.ts (rules in README.md).
import type { GenerationParams, Job } from '../../../src-shared/domain.ts';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import { CheckedRequest } from '../../../src-shared/generation-check.ts';
import { buildRequestBody, imageSeed, randomSeed } from '../../../src-shared/models/index.ts';
import type { PriceOverrides } from '../../../src-shared/models/index.ts';
import { sleep as defaultSleep } from '../bedrock/index.ts';
import { BudgetsRepo, GenerationsRepo, ImagesRepo, isDiskFull, ResponseSpool, systemClock } from '../storage/index.ts';
import type { BudgetWarning, Clock } from '../storage/index.ts';
import { bytesPerImage, checkRoomFor, DISK_HEADROOM_BYTES, diskFull } from './disk-space.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner, type Requeue, type RunEnd as RunnerEnd } from './job-run.ts';
import { reservationQuote } from './settle.ts';
import { spooledAnswers } from './spooled.ts';
import type { JobListener, JobQueueOptions, Sleep, SubmitOptions } from './types.ts';

export type { InvokeArgs, Invoker, JobListener, JobQueueOptions, JobUpdate, Sleep, SubmitOptions } from './types.ts';

export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 16;

/** A run's end as the network probe sees it: 'network' = requeued because the network is down. */
type RunEnd = RunnerEnd | 'network';

export class JobQueue {
  readonly #clock: Clock;
  readonly #overrides: () => PriceOverrides;
  readonly #random: () => number;
  readonly #sleep: Sleep;
  readonly #backoff: { initialMs: number; maxMs: number };
  readonly #generations: GenerationsRepo;
  readonly #budgets: BudgetsRepo;
  readonly #images: ImagesRepo;
  readonly #spool: ResponseSpool;
  readonly #dataDir: string;
  readonly #events = new JobEvents();
  readonly #runner: JobRunner;
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
    this.#clock = options.clock ?? systemClock;
    this.#overrides = options.priceOverrides ?? (() => ({}));
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#backoff = options.networkBackoff ?? { initialMs: 2_000, maxMs: 60_000 };
    this.#concurrency = checkConcurrency(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#generations = new GenerationsRepo(options.db, this.#clock);
    this.#budgets = new BudgetsRepo(options.db, this.#clock);
    this.#images = new ImagesRepo(options.db, this.#clock);
    this.#spool = new ResponseSpool(options.store);
    this.#dataDir = options.store.paths.root;
    this.#runner = new JobRunner({
      generations: this.#generations,
      images: this.#images,
      store: options.store,
      spool: this.#spool,
      invoke: options.invoke,
      overrides: this.#overrides,
      random: this.#random,
      isClosing: () => this.#closing,
      emit: (job, error) => this.#emit(job, error),
    });
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
    return this.#events.on(listener);
  }

  /**
   * Crash recovery, run once when the data folder is opened: a running job whose answer is in the
   * spool is saved and charged from it (in the background: `whenIdle` waits for it); other jobs
   * left sending/waiting/saving become `interrupted` with their reservation turned into `uncertain`
   * spend; a spool file whose job is settled is deleted; queued jobs are picked up again (their
   * reservation is still held). Returns the interrupted jobs.
   */
  recover(options: { resumeQueued?: boolean } = {}): Job[] {
    const answers = spooledAnswers(this.#spool, this.#generations);
    const interrupted = this.#generations.recoverInterrupted({ except: new Set(answers.map((a) => a.job.id)) });
    for (const job of interrupted) this.#emit(job);
    for (const answer of answers) {
      const { id } = answer.job;
      this.#track(id, new AbortController(), () => this.#runner.finishSpooled(answer));
    }
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
   * Picks each image's seed, prices it and queues one job per image with its reservation, all in
   * one transaction. The request was checked where it entered (CheckedRequest); the family's
   * builder checks it again when it builds the body.
   * @throws EaselError 'budget-exceeded', 'validation' (from the builder).
   */
  submit(request: CheckedRequest, options: SubmitOptions): { jobs: Job[]; warnings: BudgetWarning[]; held: Job[] } {
    if (this.#closing) throw new EaselError('internal', 'Easel is shutting down; it does not take new work now.');
    const { params } = request;
    const hardBudget = this.#budgets.list().some((b) => b.hard);
    const quote = reservationQuote(params, this.#overrides(), hardBudget);
    // Room for these images and those already queued or running here (at this request's size).
    checkRoomFor(this.#dataDir, params.count + this.#pending.length + this.#running.size, bytesPerImage(params));
    const inputs = Array.from({ length: params.count }, (_, index) => {
      // A given seed is the run's: image i uses seed + i (imageSeed), never the same seed twice.
      const seed =
        params.seed === undefined
          ? randomSeed(params.modelId, this.#random)
          : imageSeed(params.modelId, params.seed, index);
      // Text-to-image bodies are complete now (stored for the record); edits are built at run time
      // with the source image, which is never stored in the job row.
      const body = params.task === 'text-to-image' ? buildRequestBody(params, { seed }) : undefined;
      return {
        params,
        profile: options.profile ?? null,
        region: options.region,
        invokeId: options.invokeId ?? params.modelId,
        // Unknown price: nothing to reserve, and the job is marked so its charge is unpriced, not $0.
        estimateMicroUsd: quote.perImageMicroUsd ?? 0,
        unpriced: !quote.known,
        seed,
        ...(body === undefined ? {} : { request: body }),
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

  /**
   * Queues the same request again as a new job, with the seed the job used (same image expected).
   * A retry is an entrance of its own: the request is checked again (its source image may be gone).
   */
  retry(jobId: string): { jobs: Job[]; warnings: BudgetWarning[]; held: Job[] } {
    const job = this.#generations.get(jobId);
    const params: GenerationParams = { ...job.params, count: 1, ...(job.seed === null ? {} : { seed: job.seed }) };
    const request = CheckedRequest.require(params, { sourceSize: (imageId) => this.#images.get(imageId) });
    // A failed batch item is retried as that item (its claim is taken again, or the job now holding
    // it is answered in `held`); another image of a succeeded one is new work outside the batch.
    const batchKey = job.status === 'succeeded' ? null : job.batchKey;
    // The same region and id as the job called (a job queued before Easel recorded it: its model id).
    return this.submit(request, { profile: job.profile, region: job.region ?? '', invokeId: job.invokeId, batchKey });
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
    this.#events.emit(job, this.#offline && job.status === 'queued', error);
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
    return this.#track(jobId, controller, () => this.#runner.run(jobId, controller.signal));
  }

  /** Runs one job's work as a running job of this queue (it counts against the concurrency). */
  #track(jobId: string, controller: AbortController, work: () => Promise<RunnerEnd | Requeue>): Promise<RunEnd> {
    const done = this.#run(jobId, work).finally(() => {
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

  /** One job's run (job-run.ts); a job that goes back to the queue is handled here. */
  async #run(jobId: string, work: () => Promise<RunnerEnd | Requeue>): Promise<RunEnd> {
    let end: RunnerEnd | Requeue;
    try {
      end = await work();
    } catch (caught) {
      return this.#runBroke(jobId, caught);
    }
    return typeof end === 'string' ? end : this.#requeue(jobId, end);
  }

  /**
   * A run whose status could not even be written (a full disk under the database): the process
   * keeps running and the job's listeners are told, with the job as failed; the database keeps its
   * last status, which the next start's recovery settles.
   */
  #runBroke(jobId: string, caught: unknown): RunEnd {
    const error = isDiskFull(caught)
      ? new EaselError('io', `${diskFull(this.#dataDir, DISK_HEADROOM_BYTES)} Free some space and restart Easel.`)
      : new EaselError(
          'internal',
          'Something went wrong inside Easel while running this job. The details are in the log.',
        );
    let job: Job;
    try {
      job = this.#generations.get(jobId);
    } catch {
      return 'skipped';
    }
    const data = error.toData();
    this.#events.emit({ ...job, status: 'failed', errorCode: data.code, errorMessage: data.message }, false, data);
    return 'skipped';
  }

  #requeue(jobId: string, settlement: Requeue): RunEnd {
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
