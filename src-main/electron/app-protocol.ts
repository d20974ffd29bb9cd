// Serves the renderer build (out/renderer) under easel-app://renderer/ in Electron, and under the
// bridge's loopback origin in tests, with the same CSP. A custom protocol instead of file://
// gives the renderer a real origin for CSP 'self' and for the sender check (Electron's
// security checklist: "avoid file://").
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/contract/index.ts';
import { fileResponse, realFileInside, textResponse } from './file-response.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The file path (relative to the root) a URL path names, or null when it is not a plain path. */
export function staticRelativePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

export function staticHeaders(relativePath: string): Record<string, string> {
  const ext = path.extname(relativePath).toLowerCase();
  const headers: Record<string, string> = { 'Content-Type': MIME[ext] ?? 'application/octet-stream' };
  if (ext === '.html') {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    headers['Cache-Control'] = 'no-cache';
  }
  return headers;
}

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'Bad URL');
    }
    const relative = staticRelativePath(url.pathname);
    if (relative === null) return textResponse(400, 'Bad path');
    const realFile = await realFileInside(rendererDir, relative);
    if (realFile === null) return textResponse(404, 'Not found');
    return fileResponse(realFile, request.method, staticHeaders(relative));
  };
}
