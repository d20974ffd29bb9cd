// easel-image://image/<imageId>/<full|thumb|video>: the only way image and video bytes reach the
// renderer. The id is resolved through the library (SQLite in real use); no path is ever taken from
// the URL, and the resolved file must really lie inside the data folder's library/ or thumbs/ and
// be an image (full, thumb) or an MP4 (video) by its bytes (image-files.ts: symlinks out, the
// database and bytes of the wrong type are refused) — or be an image file the library registered in
// place (a folder the user added), outside the data folder. Range requests are answered (206) so a
// <video> can seek.
import { ID_PATTERN, IMAGE_HOST, IMAGE_SCHEME, IMAGE_VARIANTS } from '../../src-shared/contract/index.ts';
import type { ImageVariant } from '../../src-shared/contract/index.ts';
import { fileResponse, textResponse } from './file-response.ts';
import { servedImageFile, servedVideoFile } from './image-files.ts';
import { logFault } from './log.ts';
import type { LogFn } from './log.ts';

export type ImageResolver = (imageId: string, variant: ImageVariant) => Promise<ResolvedImage | null>;

/** A library file, or (`inPlace`) a file indexed in place in the user's folder. */
export interface ResolvedImage {
  filePath: string;
  mimeType: string;
  inPlace?: boolean;
}

const ALLOWED_MIME = new Set(['image/png', 'image/jpeg', 'image/webp', 'video/mp4']);
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export type ParsedImageUrl =
  { kind: 'ok'; imageId: string; variant: ImageVariant } | { kind: 'malformed' } | { kind: 'unknown-variant' };

/**
 * Parses the raw URL text (before any URL normalisation could resolve `..` or decode escapes):
 * exactly `easel-image://image/<id>/<variant>`, nothing else (no query, fragment, port,
 * credentials, escapes, extra segments).
 */
export function parseImageUrl(url: string): ParsedImageUrl {
  const match = /^([a-z-]+):\/\/([^/?#]*)\/([^/?#]*)\/([^/?#]*)$/.exec(url);
  if (match === null || match[1] !== IMAGE_SCHEME || match[2] !== IMAGE_HOST) return { kind: 'malformed' };
  const imageId = match[3] ?? '';
  const variant = match[4] ?? '';
  if (!ID_PATTERN.test(imageId)) return { kind: 'malformed' };
  if (!/^[a-z]+$/.test(variant)) return { kind: 'malformed' };
  if (!(IMAGE_VARIANTS as readonly string[]).includes(variant)) return { kind: 'unknown-variant' };
  return { kind: 'ok', imageId, variant: variant as ImageVariant };
}

export function createImageProtocolHandler(
  resolve: ImageResolver,
  /** The data folder: files are served from its library/ and thumbs/ only. */
  dataDir: string,
  log: LogFn = logFault,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const parsed = parseImageUrl(request.url);
    if (parsed.kind === 'malformed') return textResponse(400, 'Malformed image URL');
    if (parsed.kind === 'unknown-variant') return textResponse(404, 'Unknown image variant');
    let resolved: ResolvedImage | null;
    try {
      resolved = await resolve(parsed.imageId, parsed.variant);
    } catch (error) {
      log(`image resolver failed for ${parsed.imageId}`, error);
      return textResponse(500, 'Image lookup failed');
    }
    if (resolved === null) return textResponse(404, 'Unknown image');
    const served =
      parsed.variant === 'video'
        ? await servedVideoFile(dataDir, resolved.filePath)
        : await servedImageFile(dataDir, resolved.filePath, { inPlace: resolved.inPlace === true });
    if (served === null) {
      log(
        `${parsed.variant} of ${parsed.imageId} resolved to a file outside library/ and thumbs/, missing, or not of its type; refused`,
      );
      return textResponse(404, 'Unknown image');
    }
    // The resolver's type is kept only when the bytes agree with it.
    const mimeType =
      ALLOWED_MIME.has(resolved.mimeType) && resolved.mimeType === served.mimeType
        ? resolved.mimeType
        : 'application/octet-stream';
    return fileResponse(
      served.realFile,
      request.method,
      { 'Content-Type': mimeType, 'Cache-Control': IMAGE_CACHE_CONTROL },
      request.headers.get('range'),
    );
  };
}
