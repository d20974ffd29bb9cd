// The first page of the last few library queries, kept between openings of the Library view so it
// paints at once and revalidates in the background (stale-while-revalidate). Anything that changes
// the library (an image added, a job's image, an action in the view) invalidates it; a page fetched
// before an invalidation is refused (its epoch is old), so a slow response cannot put stale rows back.

export interface PageCache<P> {
  /** The current epoch: read it when a fetch starts, hand it to `set` when the page arrives. */
  epoch(): number;
  get(key: string): P | null;
  /** Stores the page unless the cache was invalidated since `epoch`; true when stored. */
  set(key: string, page: P, epoch: number): boolean;
  invalidate(): void;
}

export function createPageCache<P>(maxEntries: number): PageCache<P> {
  const entries = new Map<string, P>();
  let current = 0;
  return {
    epoch: () => current,
    get: (key) => entries.get(key) ?? null,
    set(key, page, epoch) {
      if (epoch !== current) return false;
      entries.delete(key);
      entries.set(key, page);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return true;
    },
    invalidate() {
      current += 1;
      entries.clear();
    },
  };
}

/**
 * `next` with every item that equals (field by field, same id) the previous item at the same
 * position replaced by that previous object, so memoised tiles skip re-rendering when a
 * revalidated page brings the same rows. Items must be flat records of primitives.
 */
export function reuseUnchanged<T extends { id: string }>(prev: readonly T[], next: T[]): T[] {
  let reused = 0;
  const out = next.map((item, i) => {
    const old = prev[i];
    if (old === undefined || old.id !== item.id) return item;
    const keys = Object.keys(item) as (keyof T)[];
    if (keys.length !== Object.keys(old).length || keys.some((k) => old[k] !== item[k])) return item;
    reused += 1;
    return old;
  });
  return reused === next.length && prev.length === next.length ? (prev as T[]) : out;
}
