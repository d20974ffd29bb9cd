// One job's run, end to end: claim, build the body, send it, receive the answer (spooled to disk at
// once), save the image, settle (settle.ts decides the status and the ledger entries). A job that
// goes back to the queue is handed back to the queue, which owns the order, the concurrency and the
// network probe. Recovery finishes a spooled answer here too (`finishSpooled`).
import type { Job } from '../../../src-shared/domain.ts';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import { buildRequestBody, randomSeed } from '../../../src-shared/models/index.ts';
import type { PriceOverrides } from '../../../src-shared/models/index.ts';
import { isDiskFull } from '../storage/index.ts';
import type { GenerationsRepo, ImageStore, ImagesRepo, ResponseSpool, StoredImage } from '../storage/index.ts';
import { DISK_HEADROOM_BYTES, diskFull } from './disk-space.ts';
import { networkPhase } from './network-phase.ts';
import { withoutImagePayloads } from './payloads.ts';
import { firstImage, loadSourceImages, receiveAhead, receiveImage, withGenerationMetadata } from './run-steps.ts';
import type { ReceivedImage } from './run-steps.ts';
import type { SpooledAnswer, SpoolRecord } from './spooled.ts';
import {
  ledgerCharge,
  outcomeOfError,
  settle,
  type JobOutcome,
  type JobPhase,
  type LedgerMove,
  type Settlement,
} from './settle.ts';
import type { Invoker } from './types.ts';

/** How a run ended: recorded ('done'), or not run ('skipped': someone else claimed the job). */
export type RunEnd = 'done' | 'skipped';
/** The job goes back to the queue (reservation kept); the queue puts it first in line. */
export type Requeue = Extract<Settlement, { status: 'queued' }>;

export interface JobRunnerDeps {
  generations: GenerationsRepo;
  images: ImagesRepo;
  store: ImageStore;
  spool: ResponseSpool;
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
  /** The answer's size as spooled (JSON), once received: what saving it needs on the disk. */
  answerBytes: number;
}

export class JobRunner {
  readonly #generations: GenerationsRepo;
  readonly #images: ImagesRepo;
  readonly #store: ImageStore;
  readonly #spool: ResponseSpool;
  readonly #invoke: Invoker;
  readonly #overrides: () => PriceOverrides;
  readonly #random: () => number;
  readonly #isClosing: () => boolean;
  readonly #emit: (job: Job, error?: ErrorData | null) => void;

  constructor(deps: JobRunnerDeps) {
    this.#generations = deps.generations;
    this.#images = deps.images;
    this.#store = deps.store;
    this.#spool = deps.spool;
    this.#invoke = deps.invoke;
    this.#overrides = deps.overrides;
    this.#random = deps.random;
    this.#isClosing = deps.isClosing;
    this.#emit = deps.emit;
  }

  /** One job end to end: claim, build, send, receive (spooled), save, settle. */
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
      answerBytes: 0,
    };
    try {
      const body = await this.#build(run);
      const answer = await this.#send(run, body);
      // The image's check decode starts now, on sharp's threads, while the answer is spooled.
      const received = receiveAhead(run.job.modelId, answer);
      await this.#spoolAnswer(run, answer);
      return await this.#finish(run, answer, received);
    } catch (caught) {
      return this.#failed(run, caught);
    }
  }

  /**
   * Recovery: a job whose answer a stopped process had spooled is saved and settled from the spool,
   * as the run would have done (billed once).
   */
  async finishSpooled({ job, record }: SpooledAnswer): Promise<RunEnd | Requeue> {
    const run: Run = {
      job,
      signal: new AbortController().signal,
      phase: 'spooled',
      attempts: record.attempts,
      request: record.request,
      seed: record.seed,
      brokenAfterSend: null,
      answerBytes: JSON.stringify(record).length,
    };
    try {
      return await this.#finish(run, record.body);
    } catch (caught) {
      return this.#failed(run, caught);
    }
  }

  /** From the answer on: read it (unless `received` has), store the image, settle. */
  async #finish(run: Run, answer: unknown, received: ReceivedImage | null = null): Promise<RunEnd | Requeue> {
    const image = received?.image ?? firstImage(run.job.modelId, answer);
    const seed = image.seed ?? run.seed;
    if (image.outcome !== 'ok') {
      const kind = image.outcome === 'filtered' ? 'filtered' : 'model-error';
      return this.#settle(run, { kind, reason: image.reason ?? null }, { seed });
    }
    const { stored, thumbnail } = await this.#save(run, received ?? receiveImage(image), seed);
    const end = this.#settle(run, { kind: 'image' }, { seed, image: stored });
    // Recorded and announced: the canvas shows the full image; its thumbnail is made now, off the
    // critical path (one the run never makes, after a crash, is made when first shown).
    await thumbnail();
    return end;
  }

  /** A run that threw: its outcome (a full disk included), settled. */
  #failed(run: Run, caught: unknown): RunEnd | Requeue {
    if (isDiskFull(caught)) return this.#settle(run, { kind: 'disk-full', error: this.#diskFullError(run) });
    const context = { aborted: run.signal.aborted, closing: this.#isClosing(), brokenAfterSend: run.brokenAfterSend };
    return this.#settle(run, outcomeOfError(caught, context));
  }

  /** "Disk full: about N MB needed at <folder>", and what became of the image. */
  #diskFullError(run: Run): ErrorData {
    const needed = 2 * run.answerBytes + DISK_HEADROOM_BYTES;
    const where = diskFull(this.#store.paths.root, needed);
    if (run.phase === 'spooled')
      return {
        code: 'io',
        message: `${where} Bedrock made (and billed) this image; Easel keeps it in ${this.#spool.path(run.job.id)} and saves it to the library the next time Easel starts with room on the disk. Free some space, then restart Easel.`,
      };
    if (run.phase === 'answered')
      return {
        code: 'io',
        message: `${where} Bedrock made (and billed) this image, but Easel could not keep it on the full disk. Free some space and retry the job.`,
      };
    return { code: 'io', message: `${where} Free some space and try again.` };
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
      modelId: run.job.invokeId ?? run.job.modelId,
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

  /**
   * Bedrock answered: the image is billed. Its body goes to the spool (fsynced) before anything
   * else, so a stop from here on loses nothing paid for; then the job is `saving`.
   */
  async #spoolAnswer(run: Run, answer: unknown): Promise<void> {
    const { id } = run.job;
    const record: SpoolRecord = {
      version: 1,
      jobId: id,
      seed: run.seed,
      attempts: run.attempts,
      request: run.request,
      body: answer,
    };
    const json = JSON.stringify(record);
    run.answerBytes = json.length;
    await this.#spool.write(id, json);
    run.phase = 'spooled';
    run.job = this.#generations.setRunningStatus(id, 'saving', { attempts: run.attempts });
    this.#emit(run.job);
  }

  /**
   * Stores the image (with its metadata when it is a PNG); its thumbnail is made when asked. The
   * check decode (`received.pixels`) is already under way on sharp's threads: it runs while this
   * thread records the status, splices the metadata in and hashes, and the file is written.
   */
  async #save(
    run: Run,
    received: ReceivedImage,
    seed: number,
  ): Promise<{ stored: StoredImage; thumbnail: () => Promise<void> }> {
    if (run.job.status !== 'saving') {
      run.job = this.#generations.setRunningStatus(run.job.id, 'saving');
      this.#emit(run.job);
    }
    const bytes = withGenerationMetadata(received.bytes, run.job, run.request, seed);
    return this.#store.putThumbnailLater(bytes, received.pixels);
  }

  /**
   * Held (the disk filled up after the answer was spooled): the job stays `saving` in the database
   * with its reservation and its answer in the spool, and the next start (the lock holder's
   * recovery) saves and charges it once. This run ends here: listeners get the job as failed with
   * the disk-full message, which is what the user must act on.
   */
  #hold(run: Run, error: ErrorData): RunEnd {
    this.#emit({ ...run.job, status: 'failed', errorCode: error.code, errorMessage: error.message }, error);
    return 'done';
  }

  /** Records the run's end as settle.ts rules it: one outcome transaction, or back to the queue. */
  #settle(run: Run, outcome: JobOutcome, result: { seed?: number; image?: StoredImage } = {}): RunEnd | Requeue {
    const settlement = settle(run.phase, outcome);
    if (settlement.status === 'queued') return settlement;
    if (settlement.status === 'saving') return this.#hold(run, settlement.error);
    let job: Job;
    try {
      job = this.#record(run, settlement, result);
    } catch (caught) {
      // The outcome transaction itself hit a full disk (SQLITE_FULL): nothing was written.
      if (run.phase === 'spooled' && isDiskFull(caught)) return this.#hold(run, this.#diskFullError(run));
      throw caught;
    }
    // Committed: the spooled answer has done its work.
    if (run.phase === 'spooled') this.#spool.remove(run.job.id);
    this.#emit(job, settlement.error);
    return 'done';
  }

  /** The outcome transaction: image row, job status, release of the reservation, charge or uncertain. */
  #record(
    run: Run,
    settlement: Extract<Settlement, { ledger: Exclude<LedgerMove, 'keep-reservation'> }>,
    result: { seed?: number; image?: StoredImage },
  ): Job {
    return this.#generations.recordGenerationOutcome({
      jobId: run.job.id,
      status: settlement.status,
      charge: ledgerCharge(settlement.ledger, run.job, this.#overrides()),
      seed: result.seed ?? run.seed,
      request: run.request ?? undefined,
      attempts: run.attempts,
      ...(settlement.error ? { error: { code: settlement.error.code, message: settlement.error.message } } : {}),
      ...(result.image ? { image: result.image } : {}),
    }).job;
  }
}
