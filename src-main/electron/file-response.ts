// Streaming a file as a fetch Response, but only when its real path (symlinks resolved) lies
// inside an allowed root. Shared by the image protocol and the renderer's app protocol.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/** The real path of `filePath` if it is a regular file inside the real `root`, else null. */
export async function realFileInside(root: string, filePath: string): Promise<string | null> {
  if (filePath.includes('\0')) return null;
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(path.resolve(root, filePath));
  } catch {
    return null;
  }
  const relative = path.relative(realRoot, realFile);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    const info = await stat(realFile);
    return info.isFile() ? realFile : null;
  } catch {
    return null;
  }
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

/**
 * The byte range a `Range` header asks of a `size`-byte file: one `bytes=` range (first-last,
 * first-, or -suffix), clamped to the file; null for no header (the whole file); 'unsatisfiable'
 * for a range outside the file or one this server does not serve (several ranges, other units).
 */
export function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * Streams a file already checked by realFileInside. HEAD gets the headers only. A `range` (the
 * request's Range header) gets 206 with that part, so a <video> can seek; every answer says
 * `Accept-Ranges: bytes`.
 */
export async function fileResponse(
  realFile: string,
  method: string,
  headers: Record<string, string>,
  range: string | null = null,
): Promise<Response> {
  const info = await stat(realFile);
  const base = { 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', ...headers };
  const part = parseRange(range, info.size);
  if (part === 'unsatisfiable')
    return new Response(null, { status: 416, headers: { ...base, 'Content-Range': `bytes */${info.size}` } });
  const { start, end } = part ?? { start: 0, end: info.size - 1 };
  const status = part === null ? 200 : 206;
  const allHeaders = {
    ...base,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(part === null ? {} : { 'Content-Range': `bytes ${start}-${end}/${info.size}` }),
  };
  if (method === 'HEAD') return new Response(null, { status, headers: allHeaders });
  const stream = info.size === 0 ? createReadStream(realFile) : createReadStream(realFile, { start, end });
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers: allHeaders });
}
