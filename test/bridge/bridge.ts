// The loopback test bridge: serves the renderer build and exposes window.easel's surface over
// HTTP for headless Chromium. Same gate as Electron (src-main/electron/ipc.ts), same image
// protocol handler, same CSP. Binds 127.0.0.1 only; a random per-run token (exchanged once for
// an HttpOnly SameSite=Strict cookie) guards every route; Host and Origin are checked.
import { build } from 'esbuild';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { IMAGE_HOST, IMAGE_SCHEME } from '../../src-shared/contract/index.ts';
import type { EventEnvelope, StudioHandlers } from '../../src-shared/contract/index.ts';
import { createAppProtocolHandler, staticRelativePath } from '../../src-main/electron/app-protocol.ts';
import { resolveDragItem } from '../../src-main/electron/drag.ts';
import type { DragItem } from '../../src-main/electron/drag.ts';
import { createImageProtocolHandler } from '../../src-main/electron/image-protocol.ts';
import type { ImageResolver } from '../../src-main/electron/image-protocol.ts';
import { createIpcGate } from '../../src-main/electron/ipc.ts';
import type { LogFn } from '../../src-main/electron/log.ts';

export interface TrafficRecord {
  kind: 'invoke' | 'event' | 'drag';
  /** Call or event name. */
  name: string;
  /** The exact body text sent to the page. */
  body: string;
}

export interface DragRecord {
  imageIds: string[];
  item: DragItem | null;
}

export interface BridgeOptions {
  handlers: StudioHandlers;
  subscribe: (listener: (event: EventEnvelope) => void) => () => void;
  resolveImage: ImageResolver;
  /** The library folder images must lie in (default: refuse every image). */
  libraryRoot?: string;
  /** The renderer build (out/renderer or a temp build). */
  rendererDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /**
   * Test-only: browsers hide a dropped file's path, so the shim maps `pathForFile(file)` to
   * `<dropRoot>/<file.name>` (plain names only). Absent: '' as in any browser.
   */
  dropRoot?: string;
  /** Sees every response body sent to the page: invoke results, events, drags. */
  onTraffic?: (record: TrafficRecord) => void;
  log?: LogFn;
}

export interface Bridge {
  /** Open this first: it carries the token and sets the session cookie. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Every startDrag the page made, in order, with what Electron would have dragged. */
  readonly drags: DragRecord[];
  close(): Promise<void>;
}

/**
 * The session cookie's name carries the port: browsers share cookies between ports of one host,
 * so two bridges (two `npm run dev:browser` on different ports) would overwrite each other's.
 */
const cookieName = (port: number) => `easel_bridge_${port}`;
// Large enough for a 25 MB mask PNG as base64 (masks.create); the gate validates every call.
const MAX_BODY = 36 * 1024 * 1024;

let shimCache: Promise<string> | undefined;
/** The shim bundled for the browser (cached per process). */
export function shimScript(): Promise<string> {
  shimCache ??= build({
    entryPoints: [path.join(import.meta.dirname, 'shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return shimCache;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage, port: number): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName(port)) return rest.join('=');
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function sendWeb(res: ServerResponse, response: Response, extra: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = { ...extra };
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as WebReadableStream)
      .on('error', reject)
      .pipe(res)
      .on('finish', resolve)
      .on('error', reject);
  });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('hex');
  const libraryRoot = options.libraryRoot ?? path.join(options.rendererDir, '\0no-library');
  const onTraffic = options.onTraffic ?? (() => {});
  const gate = createIpcGate(options.handlers, {
    isTrustedSender: (ctx: { authenticated: boolean }) => ctx.authenticated,
    validateResponses: true,
    ...(options.log ? { log: options.log } : {}),
  });
  const serveApp = createAppProtocolHandler(options.rendererDir);
  const serveImage = createImageProtocolHandler(options.resolveImage, libraryRoot, options.log);
  const shim = await shimScript();
  const shimPrelude =
    options.dropRoot === undefined ? '' : `globalThis.__easelDropRoot = ${JSON.stringify(options.dropRoot)};\n`;
  const drags: DragRecord[] = [];
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return sendText(res, 421, 'Wrong host');
    const origin = req.headers.origin;
    const method = req.method ?? 'GET';
    if (origin !== undefined && origin !== `http://${host}`) return sendText(res, 403, 'Wrong origin');
    if (method === 'POST' && origin === undefined) return sendText(res, 403, 'Missing origin');
    if (req.headers['sec-fetch-site'] === 'cross-site') return sendText(res, 403, 'Cross-site request');

    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, `http://${host}`);

    // Token exchange: /?token=... sets the cookie and redirects to the app.
    const offered = url.searchParams.get('token');
    if (offered !== null && url.pathname === '/' && method === 'GET') {
      if (!sameSecret(offered, token)) return sendText(res, 403, 'Bad token');
      res.writeHead(302, {
        Location: '/',
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const cookie = cookieToken(req, port);
    if (cookie === null || !sameSecret(cookie, token)) return sendText(res, 403, 'Missing or bad bridge token');

    if (method === 'POST' && url.pathname === '/invoke') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendText(res, 415, 'JSON only');
      const text = await readBody(req);
      if (text === null) return sendText(res, 413, 'Request too large');
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        message = undefined;
      }
      const call =
        typeof message === 'object' && message !== null && Object.prototype.hasOwnProperty.call(message, 'call')
          ? (message as { call: unknown }).call
          : undefined;
      const payload =
        typeof message === 'object' && message !== null && Object.prototype.hasOwnProperty.call(message, 'payload')
          ? (message as { payload: unknown }).payload
          : undefined;
      const result = await gate({ authenticated: true }, call, payload);
      const body = JSON.stringify(result);
      onTraffic({ kind: 'invoke', name: typeof call === 'string' ? call : String(call), body });
      return sendJson(res, 200, body);
    }

    if (method === 'POST' && url.pathname === '/drag') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendText(res, 415, 'JSON only');
      const text = await readBody(req);
      let imageIds: unknown;
      try {
        imageIds = (JSON.parse(text ?? '') as { imageIds?: unknown }).imageIds;
      } catch {
        imageIds = undefined;
      }
      const item = await resolveDragItem(imageIds, options.resolveImage, libraryRoot);
      drags.push({ imageIds: Array.isArray(imageIds) ? imageIds.map(String) : [], item });
      const body = JSON.stringify({ ok: item !== null, count: item === null ? 0 : (item.files?.length ?? 1) });
      onTraffic({ kind: 'drag', name: 'startDrag', body });
      return sendJson(res, 200, body);
    }

    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed');

    if (url.pathname === '/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(': connected\n\n');
      const unsubscribe = options.subscribe((event) => {
        const body = JSON.stringify(event.payload);
        onTraffic({ kind: 'event', name: event.name, body });
        res.write(`event: ${event.name}\ndata: ${body}\n\n`);
      });
      req.on('close', unsubscribe);
      return;
    }

    if (url.pathname.startsWith('/image/')) {
      const match = /^\/image\/([^/?#]*)\/([^/?#]*)$/.exec(rawUrl);
      if (match === null) return sendText(res, 400, 'Malformed image URL');
      let request: Request;
      try {
        // Range is forwarded: a <video> seeks with it.
        const range = req.headers.range;
        request = new Request(`${IMAGE_SCHEME}://${IMAGE_HOST}/${match[1]}/${match[2]}`, {
          method,
          ...(range === undefined ? {} : { headers: { Range: range } }),
        });
      } catch {
        return sendText(res, 400, 'Malformed image URL');
      }
      return sendWeb(res, await serveImage(request), { 'Cross-Origin-Resource-Policy': 'same-origin' });
    }

    if (url.pathname === '/shim.js') {
      res.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(method === 'HEAD' ? undefined : shimPrelude + shim);
      return;
    }

    const relative = staticRelativePath(url.pathname);
    if (relative === 'index.html') {
      const response = await serveApp(new Request(`http://${host}/index.html`, { method }));
      if (response.status !== 200) return sendWeb(res, response);
      const html = (await readFile(path.join(options.rendererDir, 'index.html'), 'utf8')).replace(
        '</head>',
        '<script src="/shim.js"></script></head>',
      );
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        if (key !== 'content-length') headers[key] = value;
      });
      res.writeHead(200, headers);
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    return sendWeb(res, await serveApp(new Request(`http://${host}${url.pathname}`, { method })));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      (options.log ?? ((m: string, e?: unknown) => console.error(m, e)))('bridge request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Bridge error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    drags,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
