// InvokeModel for one image: JSON body as bytes, bounded retries with backoff, abort and timeout.
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { EaselError } from '../../../src-shared/errors.ts';
import { usesBearerToken } from './client.ts';
import { mapBedrockError } from './errors.ts';
import { abortedError, backoffDelayMs, DEFAULT_RETRY_POLICY, shouldRetry, sleep as defaultSleep } from './retry.ts';
import type { RetryPolicy } from './retry.ts';

export const DEFAULT_TIMEOUT_MS = 180_000;

export interface AttemptInfo {
  /** 1 for the first try. */
  attempt: number;
  /** For a retry: the backoff waited before it, and the error that caused it. */
  delayMs?: number;
  error?: EaselError;
}

export interface InvokeRequest {
  modelId: string;
  body: Record<string, unknown>;
  signal?: AbortSignal;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called before each attempt (for a retry: before its backoff sleep). */
  onAttempt?: (info: AttemptInfo) => void;
}

export interface InvokeResult {
  body: unknown;
  requestId?: string;
  attempts: number;
  latencyMs: number;
}

/**
 * One attempt under the per-attempt timeout and the caller's signal; SDK failures become EaselErrors.
 * `send` receives the combined signal.
 */
export async function attemptWithTimeout<T>(
  request: Pick<InvokeRequest, 'modelId' | 'signal' | 'timeoutMs'>,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new EaselError('timeout', 'timed out')), timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    return await send(signal);
  } catch (error) {
    if (request.signal?.aborted) throw abortedError(error);
    if (timeout.signal.aborted) {
      throw new EaselError(
        'timeout',
        `Bedrock did not answer within ${Math.round(timeoutMs / 1000)} s. Try again; large images can take longer.`,
        { cause: error },
      );
    }
    throw mapBedrockError(error, request.modelId);
  } finally {
    clearTimeout(timer);
  }
}

async function attemptOnce(
  client: BedrockRuntimeClient,
  request: InvokeRequest,
  bytes: Uint8Array,
): Promise<{ body: unknown; requestId?: string }> {
  const response = await attemptWithTimeout(request, (signal) =>
    client.send(
      new InvokeModelCommand({
        modelId: request.modelId,
        body: bytes,
        contentType: 'application/json',
        accept: 'application/json',
      }),
      { abortSignal: signal },
    ),
  );
  const text = new TextDecoder().decode(response.body);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new EaselError(
      'malformed-response',
      `Bedrock sent a response for ${request.modelId} that is not valid JSON (${text.length} bytes). Try again; if it persists, report it.`,
      { cause: error },
    );
  }
  const requestId = response.$metadata.requestId;
  return requestId === undefined ? { body } : { body, requestId };
}

/**
 * Resolves the client's credentials before the first attempt is announced, so a profile whose
 * credential_process, SSO refresh or role hangs or fails is a failure before sending (never
 * "maybe sent", never uncertain spend); the SDK memoises the result for the request itself. The
 * provider has its own timeout (credentials/provider.ts); the signal cancels the wait. A client that
 * authenticates with a Bedrock API key has no credentials to resolve: the key is all it sends (the
 * SDK's default chain, which `config.credentials` still holds, would fail without any profile).
 */
async function resolveCredentialsFirst(client: BedrockRuntimeClient, signal: AbortSignal | undefined): Promise<void> {
  if (usesBearerToken(client)) return;
  const provider = client.config.credentials as (() => Promise<unknown>) | undefined;
  if (typeof provider !== 'function') return;
  const resolving = provider();
  if (signal === undefined) {
    await resolving;
    return;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([resolving, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    resolving.catch(() => undefined); // a late failure after a cancel is not an unhandled rejection
  }
}

/** What every retried call takes (InvokeModel, Converse): everything of InvokeRequest but the body. */
export type RetriedRequest = Omit<InvokeRequest, 'body'>;

/**
 * Runs `attempt` with Easel's retry rules: credentials resolved first, then attempts with full
 * jitter backoff for retryable errors up to `retry.maxAttempts` (a model timeout once); the signal
 * cancels at any point, during a request or a backoff sleep, with EaselError 'aborted'.
 */
export async function withRetries<T>(
  client: BedrockRuntimeClient,
  request: RetriedRequest,
  attempt: () => Promise<T>,
): Promise<{ result: T; attempts: number; latencyMs: number }> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
  const sleep = request.sleep ?? defaultSleep;
  const random = request.random ?? Math.random;
  const started = performance.now();
  let modelTimeouts = 0;
  let info: AttemptInfo = { attempt: 1 };
  if (request.signal?.aborted) throw abortedError(request.signal.reason);
  await resolveCredentialsFirst(client, request.signal);
  request.onAttempt?.(info);
  for (;;) {
    try {
      const result = await attempt();
      return { result, attempts: info.attempt, latencyMs: Math.round(performance.now() - started) };
    } catch (caught) {
      const error = caught instanceof EaselError ? caught : mapBedrockError(caught, request.modelId);
      if (error.code === 'model-timeout') modelTimeouts += 1;
      if (!shouldRetry(error, info.attempt, policy, modelTimeouts)) throw error;
      const delayMs = backoffDelayMs(info.attempt, policy, random);
      info = { attempt: info.attempt + 1, delayMs, error };
      request.onAttempt?.(info);
      await sleep(delayMs, request.signal);
      if (request.signal?.aborted) throw abortedError(request.signal.reason);
    }
  }
}

/**
 * Sends one InvokeModel. Throttling, ModelNotReady, 5xx and network failures are retried with full
 * jitter backoff up to `retry.maxAttempts`; a model timeout once. The signal cancels at any point,
 * during a request or a backoff sleep, with EaselError 'aborted'. Errors are EaselErrors.
 */
export async function invokeImageModel(client: BedrockRuntimeClient, request: InvokeRequest): Promise<InvokeResult> {
  const bytes = new TextEncoder().encode(JSON.stringify(request.body));
  const { result, attempts, latencyMs } = await withRetries(client, request, () => attemptOnce(client, request, bytes));
  return { ...result, attempts, latencyMs };
}
