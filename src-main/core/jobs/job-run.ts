// One job's run, end to end: claim, build the body, send it, receive the image, save it, settle
// (settle.ts decides the status and the ledger entries). A job that goes back to the queue is handed
// back to the queue, which owns the order, the concurrency and the network probe.
import type { Job } from '../../../src-shared/domain.ts';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import { buildRequestBody, randomSeed } from '../../../src-shared/models/index.ts';
import type { ParsedImage, PriceOverrides } from '../../../src-shared/models/index.ts';
import type { GenerationsRepo, ImageStore, ImagesRepo, StoredImage } from '../storage/index.ts';
import { networkPhase } from './network-phase.ts';
import { withoutImagePayloads } from './payloads.ts';
import { firstImage, loadSourceImages, withGenerationMetadata } from './run-steps.ts';
import { ledgerCharge, outcomeOfError, settle, type JobOutcome, type JobPhase, type Settlement } from './settle.ts';
import type { Invoker } from './types.ts';

/** How a run ended: recorded ('done'), or not run ('skipped': someone else claimed the job). */
export type RunEnd = 'done' | 'skipped';
/** The job goes back to the queue (reservation kept); the queue puts it first in line. */
export type Requeue = Extract<Settlement, { status: 'queued' }>;

export interface JobRunnerDeps {
  generations: GenerationsRepo;
  images: ImagesRepo;
  store: ImageStore;
  invoke: Invoker;
  overrides: () => PriceOverrides;
  random: () => number;
  /** True once the queue is closing: an abort then means "Easel closed", not "cancelled". */
  isClosing: () => boolean;
  emit: (job: Job, error?: ErrorData | null) => void;
}

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

export class JobRunner {
  readonly #generations: GenerationsRepo;
  readonly #images: ImagesRepo;
  readonly #store: ImageStore;
  readonly #invoke: Invoker;
  readonly #overrides: () => PriceOverrides;
  readonly #random: () => number;
  readonly #isClosing: () => boolean;
  readonly #emit: (job: Job, error?: ErrorData | null) => void;

  constructor(deps: JobRunnerDeps) {
    this.#generations = deps.generations;
    this.#images = deps.images;
    this.#store = deps.store;
    this.#invoke = deps.invoke;
    this.#overrides = deps.overrides;
    this.#random = deps.random;
    this.#isClosing = deps.isClosing;
    this.#emit = deps.emit;
  }

  /** One job end to end: claim, build, send, receive, save, settle. */
  async run(jobId: string, signal: AbortSignal): Promise<RunEnd | Requeue> {
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
      const context = { aborted: signal.aborted, closing: this.#isClosing(), brokenAfterSend: run.brokenAfterSend };
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
  #settle(run: Run, outcome: JobOutcome, result: { seed?: number; image?: StoredImage } = {}): RunEnd | Requeue {
    const settlement = settle(run.phase, outcome);
    if (settlement.status === 'queued') return settlement;
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
}
