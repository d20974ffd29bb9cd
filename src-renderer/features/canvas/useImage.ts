// Images for Konva, shared by every item showing the same image (image-cache.ts: an image on screen
// is never evicted).
// - `useImage`: the image element, ready only once `decode()` has decoded it off the main thread
//   (Konva's drawImage of an undecoded image decodes it inside the frame: bench `canvas`, zooming
//   300 images, ~480 ms of "Decode Image" on the main thread).
// - `useScaledImage`: a small ImageBitmap of it for items small on screen. Drawing 1,000 thumbnails
//   at ~30 px re-decoded them in every frame (their decoded pixels do not all fit Chromium's image
//   decode cache: ~350 ms a frame in `restore`, bench `canvas1000`); a bitmap keeps its pixels, and
//   a 64 px one is 16 KB where the 256 px thumbnail is 256 KB.
import { useEffect, useState } from 'react';
import { ImageCache } from './image-cache.ts';

/** Images kept loaded that no item on screen shows (panning back needs no new load). */
const KEEP_UNUSED = 600;
/** Small bitmaps kept that no item shows (64 px: 16 KB each). */
const KEEP_UNUSED_SCALED = 2000;

const images = new ImageCache<HTMLImageElement>({
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
  keepUnused: KEEP_UNUSED,
});

interface Scaled {
  bitmap: ImageBitmap | null;
  disposed: boolean;
}

/** `${url}@${width}x${height}`: the image at url decoded at that size. From the file's bytes, so
 *  Chromium decodes and scales it off the main thread (from an <img> it did so on the main thread:
 *  ~1 s over a zoom across 1,000 images). */
const scaled = new ImageCache<Scaled>({
  create(key) {
    const at = key.lastIndexOf('@');
    const [width = 1, height = 1] = key
      .slice(at + 1)
      .split('x')
      .map(Number);
    const holder: Scaled = { bitmap: null, disposed: false };
    const ready = fetch(key.slice(0, at))
      .then(async (response) => {
        if (!response.ok) return false;
        const bitmap = await createImageBitmap(await response.blob(), {
          resizeWidth: width,
          resizeHeight: height,
          resizeQuality: 'medium',
        });
        if (holder.disposed) bitmap.close();
        else holder.bitmap = bitmap;
        return !holder.disposed;
      })
      .catch(() => false);
    return { value: holder, ready };
  },
  keepUnused: KEEP_UNUSED_SCALED,
  dispose(holder) {
    holder.disposed = true;
    holder.bitmap?.close();
    holder.bitmap = null;
  },
});

/** The value for `key` once ready (undefined until then, or when key is null); held while mounted. */
function useCached<T>(cache: ImageCache<T>, key: string | null): T | undefined {
  const [, setTick] = useState(0);
  const entry = key === null ? undefined : cache.get(key);
  const ready = entry?.ready === true;
  useEffect(() => {
    if (key === null) return;
    const held = cache.acquire(key);
    let live = true;
    if (!held.ready)
      void held.settled.then(() => {
        if (live) setTick((t) => t + 1);
      });
    return () => {
      live = false;
      cache.release(key);
    };
  }, [cache, key]);
  return ready ? entry.value : undefined;
}

/** How many images and bitmaps are still loading. */
export function loadingCount(): number {
  return images.loading + scaled.loading;
}

/** Calls `listener` whenever loadingCount() changes; returns the unsubscribe. */
export function onLoadingChange(listener: () => void): () => void {
  const stops = [images.onLoading(listener), scaled.onLoading(listener)];
  return () => stops.forEach((stop) => stop());
}

/** The loaded and decoded image for `url`, or undefined until then (or when url is null). */
export function useImage(url: string | null): HTMLImageElement | undefined {
  return useCached(images, url);
}

/**
 * The image at `url` (of `width`×`height`) as a bitmap `size` px on its long side (never larger
 * than the image), or undefined until made (or when size is null).
 */
export function useScaledImage(
  url: string,
  size: number | null,
  width: number,
  height: number,
): ImageBitmap | undefined {
  let key: string | null = null;
  if (size !== null) {
    const k = Math.min(1, size / Math.max(width, height, 1));
    key = `${url}@${Math.max(1, Math.round(width * k))}x${Math.max(1, Math.round(height * k))}`;
  }
  return useCached(scaled, key)?.bitmap ?? undefined;
}
