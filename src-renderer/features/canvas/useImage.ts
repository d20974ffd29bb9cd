// Image elements for Konva, cached by URL and shared by every item showing the same image.
import { useEffect, useState } from 'react';

const cache = new Map<string, HTMLImageElement>();
const MAX_CACHED = 600;

function load(url: string): HTMLImageElement {
  let img = cache.get(url);
  if (!img) {
    img = new Image();
    img.decoding = 'async';
    img.src = url;
    cache.set(url, img);
    if (cache.size > MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined && oldest !== url) cache.delete(oldest);
    }
  }
  return img;
}

/** The loaded image for `url`, or undefined while it loads (or when url is null). */
export function useImage(url: string | null): HTMLImageElement | undefined {
  const [, setTick] = useState(0);
  const img = url === null ? undefined : load(url);
  const ready = img !== undefined && img.complete && img.naturalWidth > 0;
  useEffect(() => {
    if (!img || ready) return;
    const done = () => setTick((t) => t + 1);
    img.addEventListener('load', done);
    return () => img.removeEventListener('load', done);
  }, [img, ready]);
  return ready ? img : undefined;
}
