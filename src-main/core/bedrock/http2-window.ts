// HTTP/2 flow control for the runtime client's downloads. Node's HTTP/2 client lets a server send
// 64 KiB ahead on a connection and on each stream, then waits a round trip for WINDOW_UPDATE:
// an image answer (0.4–3 MB of JSON) arrives 64 KiB per round trip however fast the network is.
// Measured through a proxy adding a 40 ms round trip: a 1024² SDXL answer (400 KB) took 678 ms
// with the defaults, 198 ms with both windows at 8 MiB; the stream window alone changed nothing.
// The stream window is a connect option (client.ts); the connection window is set on the session
// itself, which the SDK does not expose: the response body of its HTTP/2 handler is the stream, so
// a middleware raises the window of the stream's session once, when the first answer's headers
// arrive (the rest of that answer and every later one on the session get the wide window).
import type { DeserializeHandler } from '@smithy/types';

/** How many bytes the server may send ahead on the connection and on each stream. */
export const HTTP2_RECEIVE_WINDOW = 8 * 2 ** 20;

interface WidenableSession {
  destroyed: boolean;
  setLocalWindowSize(windowSize: number): void;
}

const widened = new WeakSet<WidenableSession>();

function sessionOf(body: unknown): WidenableSession | undefined {
  if (typeof body !== 'object' || body === null || !('session' in body)) return undefined;
  const session: unknown = body.session;
  if (typeof session !== 'object' || session === null) return undefined;
  if (!('setLocalWindowSize' in session) || typeof session.setLocalWindowSize !== 'function') return undefined;
  return session as WidenableSession;
}

/** Raises the connection window of the session an answer came on, once per session. */
export function widenSessionWindow(body: unknown): void {
  const session = sessionOf(body);
  if (session === undefined || session.destroyed || widened.has(session)) return;
  widened.add(session);
  try {
    session.setLocalWindowSize(HTTP2_RECEIVE_WINDOW);
  } catch {
    // a session closing meanwhile: the next one is widened by its own first answer
  }
}

/** The SDK middleware (step 'deserialize', innermost) that widens each session on its first answer. */
export function widenConnectionWindow<Input extends object, Output extends object>(
  next: DeserializeHandler<Input, Output>,
): DeserializeHandler<Input, Output> {
  return async (args) => {
    const result = await next(args);
    const { response } = result;
    if (typeof response === 'object' && response !== null && 'body' in response) widenSessionWindow(response.body);
    return result;
  };
}
