// Did a failed request reach Bedrock? A `network` error before the request was written (no
// connection: refused, DNS, unreachable, connect timeout, a session that could not open a stream)
// is safe to send again. Any other network failure (reset, socket hang up, a stream closed before
// the answer, a request timeout) may come after Bedrock received — and billed — the request.

/** Error codes that only happen before a request is written. */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  // HTTP/2: the session is gone or closing, so no stream (request) was opened on it.
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
]);

/** System calls of the connect phase: an error of theirs (ETIMEDOUT included) means nothing was sent. */
const BEFORE_SEND_SYSCALLS = new Set(['connect', 'getaddrinfo', 'queryA', 'queryAaaa', 'lookup']);

/** The SDK's connection timeout (the request timeout says "did not get a response" instead). */
const CONNECT_TIMEOUT = /without establishing a connection/i;

export type NetworkPhase = 'before-send' | 'maybe-sent';

/**
 * Classifies a network failure by its cause chain (the EaselError's `cause`, the SDK's error, and
 * Node's system error beneath it). Anything not known to be a connect-phase failure is 'maybe-sent'.
 */
export function networkPhase(error: unknown): NetworkPhase {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as { code?: unknown; syscall?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && BEFORE_SEND_CODES.has(e.code)) return 'before-send';
    if (typeof e.syscall === 'string' && BEFORE_SEND_SYSCALLS.has(e.syscall)) return 'before-send';
    if (e.name === 'TimeoutError' && typeof e.message === 'string' && CONNECT_TIMEOUT.test(e.message))
      return 'before-send';
    current = e.cause;
  }
  return 'maybe-sent';
}

/** The most specific code in the chain, for messages ("ECONNRESET"), else null. */
export function networkDetail(error: unknown): string | null {
  let current: unknown = error;
  let found: string | null = null;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code)) found = e.code;
    else if (found === null && e.name === 'TimeoutError') found = 'no response';
    current = e.cause;
  }
  return found;
}
