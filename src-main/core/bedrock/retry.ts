// Retry policy: exponential backoff with full jitter, bounded, abortable.
import { EaselError } from '../../../src-shared/errors.ts';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

/** Full jitter (AWS Architecture Blog): a uniform delay in [0, min(max, base · 2^(retry-1))). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Whether to try again after `error` (attempt n of the policy; model timeouts get one retry). */
export function shouldRetry(
  error: EaselError,
  attempt: number,
  policy: RetryPolicy,
  modelTimeoutsSoFar: number,
): boolean {
  if (attempt >= policy.maxAttempts) return false;
  if (error.code === 'model-timeout') return modelTimeoutsSoFar <= 1;
  return error.retryable && error.code !== 'malformed-response' && error.code !== 'timeout';
}

export function abortedError(cause?: unknown): EaselError {
  return new EaselError('aborted', 'The request was cancelled.', cause === undefined ? {} : { cause });
}

/** setTimeout as a promise that an AbortSignal rejects at once with 'aborted'. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
