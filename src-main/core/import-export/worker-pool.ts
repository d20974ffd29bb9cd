// A small pool of worker threads for import work (import-worker.ts), sized to the machine's cores,
// so that reading, hashing, metadata parsing and thumbnails run off the main event loop. Each task
// has a time limit: a worker still busy past it is terminated (whatever it is stuck in) and
// replaced, and the task fails with a 'timeout' error naming the file. Idle workers do not keep
// the process alive.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import type { WorkerTask } from './analyse.ts';

/** Per-file time limit of import work unless the caller sets one. */
export const DEFAULT_FILE_TIMEOUT_MS = 60_000;

export interface WorkerPoolOptions {
  /** Worker threads (default: the machine's cores, at least 2). */
  size?: number;
  /** A task still running after this is stopped and fails with 'timeout' (default DEFAULT_FILE_TIMEOUT_MS). */
  taskTimeoutMs?: number;
}

type Answer = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData };

interface Job {
  id: number;
  task: WorkerTask;
  what: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules (a task's time limit starts when it is handed over). */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * In the source tree the worker is TypeScript run by Node; a build bundles it next to its entry
 * (out/main, out/cli), and a packaged app keeps it unpacked beside the asar archive.
 */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./import-worker.ts', import.meta.url);
  return new URL(new URL('./import-worker.js', import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

export class ImportWorkerPool {
  readonly size: number;
  readonly taskTimeoutMs: number;
  readonly #slots: Slot[] = [];
  readonly #waiting: Job[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.max(2, availableParallelism()));
    this.taskTimeoutMs = options.taskTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  }

  /**
   * Runs a task on the next free worker. `what` names the file for the time-limit message.
   * @throws EaselError 'timeout' past the time limit; the task's own error otherwise
   */
  run<T>(task: WorkerTask, what: string): Promise<T> {
    if (this.#closed) return Promise.reject(new EaselError('internal', 'The import workers have been stopped.'));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ id: this.#nextId++, task, what, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker; tasks not finished fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const stopped = new EaselError('aborted', 'The import was stopped.');
    for (const job of this.#waiting.splice(0)) job.reject(stopped);
    await Promise.all(
      this.#slots.splice(0).map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(stopped);
        // An idle worker is unref'd: ref it again, or the process could end before terminate() settles.
        slot.worker.ref();
        await slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      if (this.#slots.length < this.size) this.#spawn();
      const slot = this.#slots.find((s) => s.ready && s.job === null);
      if (!slot) return;
      const job = this.#waiting.shift();
      if (!job) return;
      this.#start(slot, job);
    }
  }

  #start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => this.#timeout(slot), this.taskTimeoutMs);
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  #spawn(): Slot {
    const worker = new Worker(workerUrl());
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    worker.on('message', (answer: Answer) => {
      if ('ready' in answer) {
        slot.ready = true;
        this.#dispatch();
        this.#releaseWhenIdle();
        return;
      }
      const job = slot.job;
      if (job === null || job.id !== answer.id) return;
      this.#finish(slot);
      if (answer.ok) job.resolve(answer.value);
      else job.reject(new EaselError(answer.error.code, answer.error.message));
    });
    worker.on('error', (error) => this.#lose(slot, error));
    worker.on('exit', () => this.#lose(slot, new Error('the import worker stopped')));
    this.#slots.push(slot);
    return slot;
  }

  #finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    queueMicrotask(() => this.#dispatch());
    this.#releaseWhenIdle();
  }

  /**
   * Idle workers must not keep a process alive once its imports are done, but every worker stays
   * ref'd while any task is waiting or running: a caller awaiting a task must never be left with
   * only unref'd workers (the CLI then ended with Node's exit code 13, "unsettled top-level await").
   * Checked a turn later, after the callers' continuations have queued their next tasks.
   */
  #releaseWhenIdle(): void {
    setImmediate(() => {
      if (this.#closed || this.#waiting.length > 0) return;
      if (this.#slots.some((slot) => slot.job !== null || !slot.ready)) return;
      for (const slot of this.#slots) slot.worker.unref();
    });
  }

  #timeout(slot: Slot): void {
    const job = slot.job;
    if (job === null) return;
    const seconds = Math.round(this.taskTimeoutMs / 100) / 10;
    this.#remove(slot);
    void slot.worker.terminate();
    job.reject(new EaselError('timeout', `${job.what} took longer than ${seconds} s: skipped.`));
    this.#dispatch();
  }

  /** A worker that crashed or exited: its task fails, the slot is replaced on demand. */
  #lose(slot: Slot, error: unknown): void {
    if (!this.#remove(slot)) return;
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(
      new EaselError('internal', `Easel's import worker failed on ${job.what}: ${(error as Error).message}`, {
        cause: error,
      }),
    );
    if (!this.#closed) this.#dispatch();
  }

  #remove(slot: Slot): boolean {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return false;
    this.#slots.splice(index, 1);
    return true;
  }
}
