import { describe, expect, it } from 'vitest';
import { ImageCache } from './image-cache.ts';

/** A cache whose values are load counters: how often each URL was loaded. */
function counting(keepUnused: number) {
  const loads = new Map<string, number>();
  const disposed: string[] = [];
  const cache = new ImageCache<string>({
    create(url) {
      loads.set(url, (loads.get(url) ?? 0) + 1);
      return { value: url, ready: Promise.resolve(true) };
    },
    keepUnused,
    dispose: (url) => disposed.push(url),
  });
  return { cache, loads, disposed };
}

const urls = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `u${from + i}`);

describe('ImageCache', () => {
  it('never evicts an image in use: 1,000 items on screen with room for 10 unused load each image once', async () => {
    const { cache, loads } = counting(10);
    const shown = urls(1000);
    // React's order: a render pass reads every item's entry (peek), then the commit's effects acquire.
    for (const url of shown) cache.peek(url);
    for (const url of shown) cache.acquire(url);
    // Each decode re-renders its item, which reads its entry again; items elsewhere come and go.
    await Promise.all(shown.map((url) => cache.peek(url)?.settled));
    for (const url of urls(50, 5000)) cache.release(cache.acquire(url).value);
    for (const url of shown) expect(cache.peek(url)?.ready).toBe(true);
    expect(cache.size).toBe(1000 + 10);
    expect(shown.every((url) => loads.get(url) === 1)).toBe(true);
  });

  it('keeps the most recently released unused images, up to the limit, and evicts the oldest first', () => {
    const { cache, loads, disposed } = counting(3);
    for (const url of urls(5)) cache.acquire(url);
    for (const url of urls(5)) cache.release(url); // released u0 … u4: u0 and u1 go
    expect(cache.size).toBe(3);
    expect(disposed).toEqual(['u0', 'u1']);
    cache.acquire('u2');
    cache.acquire('u0'); // evicted: loaded again
    expect(loads.get('u2')).toBe(1);
    expect(loads.get('u0')).toBe(2);
  });

  it('counts users: an image shown by two items stays until both release it', () => {
    const { cache, loads } = counting(0);
    cache.acquire('a');
    cache.acquire('a');
    cache.release('a');
    cache.acquire('b');
    cache.release('b'); // trims unused down to 0: b goes, a stays
    expect(cache.size).toBe(1);
    expect(cache.peek('a')?.users).toBe(1);
    expect(loads.get('a')).toBe(1);
    cache.release('a');
    cache.release('a'); // an extra release changes nothing
    expect(cache.size).toBe(0);
  });

  it('counts the values still loading and tells listeners', async () => {
    const resolvers: ((ok: boolean) => void)[] = [];
    const cache = new ImageCache<string>({
      create: (url) => ({ value: url, ready: new Promise<boolean>((resolve) => resolvers.push(resolve)) }),
      keepUnused: 5,
    });
    const seen: number[] = [];
    cache.onLoading(() => seen.push(cache.loading));
    const a = cache.acquire('a');
    const b = cache.acquire('b');
    expect(cache.loading).toBe(2);
    resolvers[0]?.(true);
    resolvers[1]?.(false);
    await Promise.all([a.settled, b.settled]);
    expect(cache.loading).toBe(0);
    expect(seen).toEqual([1, 2, 1, 0]);
  });

  it('marks a value that failed to load as settled but not ready', async () => {
    const cache = new ImageCache<string>({
      create: (url) => ({ value: url, ready: Promise.reject(new Error('broken')) }),
      keepUnused: 5,
    });
    const entry = cache.acquire('x');
    await entry.settled;
    expect(entry.ready).toBe(false);
  });
});
