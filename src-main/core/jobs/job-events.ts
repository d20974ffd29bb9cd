// The queue's job updates: every status move is told to each listener, with the job's error as data.
import type { Job } from '../../../src-shared/domain.ts';
import { ERROR_CODES, type ErrorData } from '../../../src-shared/errors.ts';
import type { JobListener, JobUpdate } from './types.ts';

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export class JobEvents {
  readonly #listeners = new Set<JobListener>();

  on(listener: JobListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `error` when the run has one to tell (else the job's recorded error, if any). */
  emit(job: Job, waitingForNetwork: boolean, error: ErrorData | null): void {
    const update: JobUpdate = { job, waitingForNetwork, error: error ?? recordedError(job) };
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch {
        // a listener's fault must not break the queue
      }
    }
  }
}

function recordedError(job: Job): ErrorData | null {
  if (job.errorCode === null) return null;
  const code = (ERROR_CODE_SET.has(job.errorCode) ? job.errorCode : 'internal') as ErrorData['code'];
  return { code, message: job.errorMessage ?? '' };
}
