// Drives video jobs: starts segments within the concurrency, polls Bedrock, fetches and charges
// finished segments, and finishes the path. Every step reads its state from the database, so the
// same loop resumes a job after a restart (`resume`): half-started segments are sent again with
// their token, running ones polled again, completed ones not fetched or charged twice.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { S3Client } from '@aws-sdk/client-s3';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { EaselError, isEaselError, type ErrorData } from '../../../src-shared/errors.ts';
import type { SegmentWork, Storage } from '../storage/index.ts';
import { finishJob } from './finish.ts';
import { pollSegment, startSegment, type JobContext } from './segment-steps.ts';

export interface VideoClients {
  runtime(profile: string | null, region: string): Promise<BedrockRuntimeClient>;
  s3(profile: string | null, region: string): Promise<S3Client>;
}

export interface VideoRunnerOptions {
  storage: Storage;
  clients: VideoClients;
  /** Between two looks at Bedrock (default 5 s; Ray2 takes minutes). */
  pollMs?: number;
  /** Segments started at once (the jobs concurrency setting). */
  concurrency: () => number;
  /** Where the charge's price came from (the table's date or the user's override). */
  priceSource?: (job: VideoJob) => string;
  onUpdate?: (job: VideoJob) => void;
}

const DEFAULT_POLL_MS = 5000;

export class VideoRunner {
  readonly #options: VideoRunnerOptions;
  readonly #driving = new Map<string, { abort: AbortController; done: Promise<VideoJob> }>();

  constructor(options: VideoRunnerOptions) {
    this.#options = options;
  }

  /** Runs a job to its end (idempotent: a job already driven returns the same promise). */
  drive(jobId: string): Promise<VideoJob> {
    const current = this.#driving.get(jobId);
    if (current) return current.done;
    const abort = new AbortController();
    const done = this.#run(jobId, abort.signal).finally(() => this.#driving.delete(jobId));
    this.#driving.set(jobId, { abort, done });
    return done;
  }

  /** Picks up every job left running or joining (at start, after a crash). */
  resume(): void {
    for (const id of this.#options.storage.videos.activeJobIds()) void this.drive(id).catch(() => undefined);
  }

  /** Stops polling and records the job cancelled (started segments may still be billed: its notice). */
  async cancel(jobId: string): Promise<VideoJob> {
    const current = this.#driving.get(jobId);
    current?.abort.abort();
    await current?.done.catch(() => undefined);
    const job = this.#options.storage.videos.cancel(jobId);
    this.#options.onUpdate?.(job);
    return job;
  }

  /** Stops driving without changing any job: the next start resumes them. */
  async close(): Promise<void> {
    for (const { abort } of this.#driving.values()) abort.abort();
    await Promise.all([...this.#driving.values()].map((d) => d.done.catch(() => undefined)));
  }

  async #context(jobId: string): Promise<JobContext> {
    const { storage, clients } = this.#options;
    const context = storage.videos.context(jobId);
    return {
      jobId,
      ...context,
      runtime: await clients.runtime(context.profile, context.region),
      s3: await clients.s3(context.profile, context.region),
      priceSource: this.#options.priceSource?.(storage.videos.get(jobId)) ?? 'catalog',
    };
  }

  async #run(jobId: string, signal: AbortSignal): Promise<VideoJob> {
    const { storage } = this.#options;
    let last = '';
    let job: JobContext | undefined;
    for (;;) {
      if (signal.aborted) return storage.videos.get(jobId);
      let outcome: Outcome;
      try {
        job ??= await this.#context(jobId);
        outcome = await this.#step(job, storage.videos.work(jobId), signal);
      } catch (error) {
        outcome = failure(error, signal);
      }
      if (outcome.kind === 'failed') {
        const failed = storage.videos.fail(jobId, outcome.error ?? firstSegmentError(storage, jobId));
        this.#options.onUpdate?.(failed);
        return failed;
      }
      const now = storage.videos.get(jobId);
      const seen = JSON.stringify(now);
      if (seen !== last) this.#options.onUpdate?.(now);
      last = seen;
      if (now.status !== 'running' && now.status !== 'joining') return now;
      if (outcome.kind === 'again') continue;
      await sleep(this.#options.pollMs ?? DEFAULT_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One round: start what may start, poll what runs, finish when all are done. */
  async #step(job: JobContext, segments: readonly SegmentWork[], signal: AbortSignal): Promise<Outcome> {
    const { storage } = this.#options;
    const failing = segments.some((s) => s.status === 'failed' || s.status === 'filtered');
    const active = segments.filter((s) => s.status === 'starting' || s.status === 'running');
    if (failing && active.length === 0) return { kind: 'failed', error: null };
    if (segments.every((s) => s.status === 'completed')) {
      await finishJob(storage, job, segments);
      return { kind: 'done' };
    }
    let moved = false;
    for (const segment of active) {
      if (segment.status === 'starting') await startSegment(storage, job, segment, signal);
      else moved = (await pollSegment(storage, job, segment, signal)) || moved;
    }
    const room = Math.max(1, this.#options.concurrency()) - active.length;
    if (!failing) {
      for (const segment of segments.filter((s) => s.status === 'queued').slice(0, Math.max(0, room))) {
        await startSegment(storage, job, segment, signal);
        moved = true;
      }
    }
    return { kind: moved ? 'again' : 'wait' };
  }
}

type Outcome = { kind: 'wait' | 'again' | 'done' } | { kind: 'failed'; error: ErrorData | null };

/** A step that threw: aborts end quietly, a network blip waits for the next round, the rest fail the job. */
function failure(error: unknown, signal: AbortSignal): Outcome {
  if (signal.aborted) return { kind: 'wait' };
  if (isEaselError(error) && (error.retryable || error.code === 'network' || error.code === 'aborted'))
    return { kind: 'wait' };
  return {
    kind: 'failed',
    error: isEaselError(error) ? error.toData() : new EaselError('internal', String(error)).toData(),
  };
}

/** Why a job failed: its first failed segment's error, else the last step's. */
function firstSegmentError(storage: Storage, jobId: string): ErrorData {
  const job = storage.videos.get(jobId);
  const failed = job.segments.find((s) => s.error !== null);
  return failed?.error ?? { code: 'video-failed', message: 'The video could not be made.' };
}
