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

/** Streams a file already checked by realFileInside. HEAD gets the headers only. */
export async function fileResponse(
  realFile: string,
  method: string,
  headers: Record<string, string>,
): Promise<Response> {
  const info = await stat(realFile);
  const allHeaders = { 'Content-Length': String(info.size), 'X-Content-Type-Options': 'nosniff', ...headers };
  if (method === 'HEAD') return new Response(null, { status: 200, headers: allHeaders });
  const body = Readable.toWeb(createReadStream(realFile)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: allHeaders });
}
