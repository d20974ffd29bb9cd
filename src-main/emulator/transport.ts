// One TCP port speaking HTTP/2 cleartext with prior knowledge (what the SDK's bedrock-runtime
// client sends) and HTTP/1.1 (curl, fetch, the control-plane client), told apart by the first bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttp1Server } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { Duplex } from 'node:stream';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** The flow-control windows an open HTTP/2 client connection gives the emulator. */
export interface Http2ClientWindow {
  /** SETTINGS_INITIAL_WINDOW_SIZE the client sent: how much may be sent ahead on each stream. */
  streamWindow: number;
  /** How much may still be sent on the connection before the client's next WINDOW_UPDATE. */
  connectionWindow: number;
}

export interface DualListener {
  port: number;
  http2ClientWindows(): Http2ClientWindow[];
  close(): Promise<void>;
}

/**
 * node:http2 reads a net.Socket natively, past anything unshifted into its JS buffer, so the sniffed
 * bytes would be lost: hand it a duplex that replays them and then relays the socket.
 */
function replayingStream(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}

/** Listens on 127.0.0.1 only; `port` 0 picks a free one. */
export async function listenDualProtocol(
  port: number,
  handle: (req: AnyRequest, res: AnyResponse) => void,
): Promise<DualListener> {
  const http1 = createHttp1Server((req, res) => handle(req, res));
  // Large flow-control windows: a 25 MB body must not crawl through 64 KiB windows.
  const http2 = createHttp2Server({ maxSessionMemory: 128, settings: { initialWindowSize: 2 ** 24 } }, (req, res) =>
    handle(req, res),
  );
  const sessions = new Set<ServerHttp2Session>();
  http2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('connect', () => session.setLocalWindowSize(2 ** 26));
  });
  http2.on('sessionError', () => {});
  const sockets = new Set<Socket>();
  const tcp = createNetServer((socket) => {
    sockets.add(socket);
    // Without this, Nagle's algorithm on the server and delayed ACKs on the client add ~40 ms to
    // every response whose HEADERS and DATA frames go out as separate writes.
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // HTTP/2 with prior knowledge starts with "PRI * HTTP/2.0"; no HTTP/1 method starts with "PRI ".
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, 4).toString('latin1') === 'PRI ') {
        http2.emit('connection', replayingStream(socket, first));
      } else {
        socket.unshift(first);
        http1.emit('connection', socket);
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (tcp.address() as AddressInfo).port,
    http2ClientWindows: () =>
      [...sessions]
        .filter((session) => !session.destroyed)
        .map((session) => ({
          streamWindow: session.remoteSettings.initialWindowSize ?? 65_535,
          connectionWindow: session.state.remoteWindowSize ?? 65_535,
        })),
    close: async () => {
      await new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      http1.close();
      http2.close();
    },
  };
}
