// Image elements for Konva, cached by URL and shared by every item showing the same image.
// An image counts as ready only once `decode()` has decoded it off the main thread: Konva's
// drawImage of an image that is loaded but not decoded decodes it synchronously inside the frame
// (bench `canvas`, zooming 300 images: ~480 ms of "Decode Image" on the renderer's main thread).
import { useEffect, useState } from 'react';

const cache = new Map<string, HTMLImageElement>();
const decoding = new WeakMap<HTMLImageElement, Promise<void>>();
const decoded = new WeakSet<HTMLImageElement>();
const MAX_CACHED = 600;

function load(url: string): HTMLImageElement {
  let img = cache.get(url);
  if (!img) {
    const created = new Image();
    created.decoding = 'async';
    created.src = url;
    // Resolves once loaded and decoded; a broken image stays not ready (as before).
    decoding.set(
      created,
      created.decode().then(
        () => void decoded.add(created),
        () => undefined,
      ),
    );
    img = created;
    cache.set(url, img);
    if (cache.size > MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined && oldest !== url) cache.delete(oldest);
    }
  }
  return img;
}

/** The loaded and decoded image for `url`, or undefined until then (or when url is null). */
export function useImage(url: string | null): HTMLImageElement | undefined {
  const [, setTick] = useState(0);
  const img = url === null ? undefined : load(url);
  const ready = img !== undefined && decoded.has(img) && img.naturalWidth > 0;
  useEffect(() => {
    if (!img || ready) return;
    let live = true;
    void decoding.get(img)?.then(() => {
      if (live) setTick((t) => t + 1);
    });
    return () => {
      live = false;
    };
  }, [img, ready]);
  return ready ? img : undefined;
}
