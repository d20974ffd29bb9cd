// The zod-free half of the contract: scheme names, image URLs, IPC channel names and the
// renderer's CSP. Kept apart from ./contract/ so the sandboxed preload bundles no schema code; it
// imports nothing (the contract imports it, and types window.easel as `EaselApi` there).

/** `video`: the MP4 behind a video's poster item (served with range requests so a player can seek). */
export const IMAGE_VARIANTS = ['full', 'thumb', 'video'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

/** Structural stand-in for the DOM File (only passed through to webUtils.getPathForFile). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

export const IMAGE_SCHEME = 'easel-image';
export const APP_SCHEME = 'easel-app';
/** Chromium lowercases the host of a standard scheme: the renderer's origin is easel-app://renderer. */
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/** IPC channel names used by preload and main (never exposed to the renderer). */
export const IPC_CHANNELS = {
  invoke: 'easel:invoke',
  event: 'easel:event',
  startDrag: 'easel:start-drag',
} as const;

/**
 * easel-image://image/<id>/<variant>. The id is a path segment, not the host: Chromium
 * canonicalises the host of a standard scheme like http's (lowercased, and a number such as the
 * library's row id "42" becomes the IPv4 address 0.0.0.42).
 */
export const IMAGE_HOST = 'image';
export function imageProtocolUrl(imageId: string, variant: ImageVariant): string {
  return `${IMAGE_SCHEME}://${IMAGE_HOST}/${encodeURIComponent(imageId)}/${variant}`;
}

/** The renderer's Content-Security-Policy (header and meta tag, Electron and bridge alike). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `img-src 'self' ${IMAGE_SCHEME}: blob: data:`,
  `connect-src 'self' ${IMAGE_SCHEME}:`,
  `media-src 'self' ${IMAGE_SCHEME}:`,
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
