// The canvas's image sources, shared by every item showing the same image (image-cache.ts: a source
// held by an item on screen is never evicted).
// - `element`: the <img> of a URL (the thumbnail or the full image), ready only once `decode()`
//   has decoded it off the main thread (drawing an undecoded image decodes it inside the frame:
//   bench `canvas`, zooming 300 images, ~480 ms of "Decode Image" on the main thread).
// - `bitmap`: the image at a URL decoded at a small size, for items small on screen. Drawing 1,000
//   thumbnails at ~30 px decoded them again in every frame (their decoded pixels, 256 KB each, do
//   not all fit Chromium's image decode cache: ~350 ms a frame, bench `canvas1000`); a bitmap keeps
//   its pixels, and a 64 px one is 16 KB. Made once per image from its decoded thumbnail.
import { ImageCache } from './image-cache.ts';

/** What an item draws: an <img> of `key` (a URL), or a bitmap (`key` = `${url}@${width}x${height}`). */
export interface SourceRequest {
  kind: 'element' | 'bitmap';
  key: string;
}

export type Source = HTMLImageElement | ImageBitmap;

/** Images kept loaded that no item on screen shows (panning back needs no new load). */
const KEEP_UNUSED_ELEMENTS = 600;
/** Small bitmaps kept that no item shows (64 px: 16 KB each). */
const KEEP_UNUSED_BITMAPS = 2000;

const elements = new ImageCache<HTMLImageElement>({
  create(url) {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    // A broken image stays not ready (the item shows its placeholder).
    return {
      value: img,
      ready: img.decode().then(
        () => img.naturalWidth > 0,
        () => false,
      ),
    };
  },
  keepUnused: KEEP_UNUSED_ELEMENTS,
});

interface BitmapHolder {
  bitmap: ImageBitmap | null;
  disposed: boolean;
}

const bitmaps = new ImageCache<BitmapHolder>({
  create(key) {
    const at = key.lastIndexOf('@');
    const [width = 1, height = 1] = key
      .slice(at + 1)
      .split('x')
      .map(Number);
    const holder: BitmapHolder = { bitmap: null, disposed: false };
    // From the decoded <img>, not from fetched bytes: a fetch from the app's origin to the image
    // protocol is cross-origin in Electron (the loopback bridge of the tests is same-origin).
    const url = key.slice(0, at);
    const source = elements.acquire(url);
    const ready = source.settled
      .then(async () => {
        if (!source.ready) return false;
        const bitmap = await createImageBitmap(source.value, {
          resizeWidth: width,
          resizeHeight: height,
          resizeQuality: 'medium',
        });
        if (holder.disposed) bitmap.close();
        else holder.bitmap = bitmap;
        return !holder.disposed;
      })
      .catch(() => false)
      .finally(() => elements.release(url));
    return { value: holder, ready };
  },
  keepUnused: KEEP_UNUSED_BITMAPS,
  dispose(holder) {
    holder.disposed = true;
    holder.bitmap?.close();
    holder.bitmap = null;
  },
});

/** The request for the image at `url` (`width`×`height`) scaled to `size` px on its long side (never up). */
export function bitmapRequest(url: string, size: number, width: number, height: number): SourceRequest {
  const k = Math.min(1, size / Math.max(width, height, 1));
  return {
    kind: 'bitmap',
    key: `${url}@${Math.max(1, Math.round(width * k))}x${Math.max(1, Math.round(height * k))}`,
  };
}

/** Holds the source while an item shows it; `settled` resolves when it is ready or never will be. */
export function acquireSource(request: SourceRequest): { settled: Promise<void> } {
  return request.kind === 'element' ? elements.acquire(request.key) : bitmaps.acquire(request.key);
}

export function releaseSource(request: SourceRequest): void {
  if (request.kind === 'element') elements.release(request.key);
  else bitmaps.release(request.key);
}

/** The source when ready to draw, else undefined (a closed bitmap is never returned). */
export function readySource(request: SourceRequest): Source | undefined {
  if (request.kind === 'element') {
    const entry = elements.peek(request.key);
    return entry?.ready ? entry.value : undefined;
  }
  const entry = bitmaps.peek(request.key);
  return entry?.ready ? (entry.value.bitmap ?? undefined) : undefined;
}

/** A source that can still be drawn (an evicted bitmap is closed: width 0). */
export function drawable(source: Source): boolean {
  return !(source instanceof ImageBitmap) || source.width > 0;
}

/** How many images and bitmaps are still loading. */
export function loadingCount(): number {
  return elements.loading + bitmaps.loading;
}

/** Calls `listener` whenever loadingCount() changes; returns the unsubscribe. */
export function onLoadingChange(listener: () => void): () => void {
  const stops = [elements.onLoading(listener), bitmaps.onLoading(listener)];
  return () => stops.forEach((stop) => stop());
}
