// Images shared by every canvas item showing the same URL. An image in use by a mounted item is never
// evicted; up to `keepUnused` images no item shows are kept (most recently released last) so panning
// back does not load them again. (It was a plain 600-entry cache: with more than 600 images on
// screen, every decode re-rendered an item whose image had just been evicted, which loaded it again,
// evicting another: 1,000 images never stopped loading — bench `canvas1000`.)

export interface CacheEntry<T> {
  readonly value: T;
  /** Settles once the value is usable (or never will be). */
  readonly settled: Promise<void>;
  ready: boolean;
  users: number;
}

export interface ImageCacheOptions<T> {
  /** Starts loading `key`; the promise says whether the value became usable. */
  create(key: string): { value: T; ready: Promise<boolean> };
  /** How many values no item shows are kept. */
  keepUnused: number;
  /** Frees an evicted value (an ImageBitmap's pixels). */
  dispose?(value: T): void;
}

export class ImageCache<T> {
  readonly #entries = new Map<string, CacheEntry<T>>();
  readonly #options: ImageCacheOptions<T>;
  #unused = 0;
  #loading = 0;
  readonly #listeners = new Set<() => void>();

  constructor(options: ImageCacheOptions<T>) {
    this.#options = options;
  }

  /** The entry for `url`, created (and loading) when missing; counted unused until acquired. */
  #getOrCreate(url: string): CacheEntry<T> {
    const found = this.#entries.get(url);
    if (found) return found;
    const { value, ready } = this.#options.create(url);
    const entry: CacheEntry<T> = {
      value,
      ready: false,
      users: 0,
      settled: ready
        .then(
          (ok) => {
            entry.ready = ok;
          },
          () => undefined,
        )
        .finally(() => this.#setLoading(this.#loading - 1)),
    };
    this.#setLoading(this.#loading + 1);
    this.#entries.set(url, entry);
    this.#unused++;
    return entry;
  }

  /** The entry for `url` if there is one (never creates). */
  peek(url: string): CacheEntry<T> | undefined {
    return this.#entries.get(url);
  }

  /** An item shows `url`: its entry stays until released. */
  acquire(url: string): CacheEntry<T> {
    const entry = this.#getOrCreate(url);
    if (entry.users++ === 0) this.#unused--;
    return entry;
  }

  /** The item no longer shows `url`: the entry becomes the most recently released unused one. */
  release(url: string): void {
    const entry = this.#entries.get(url);
    if (!entry || entry.users === 0) return;
    if (--entry.users > 0) return;
    this.#unused++;
    this.#entries.delete(url); // re-inserted last: eviction takes the least recently released first
    this.#entries.set(url, entry);
    this.#trim();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Values still loading (evicted ones included until they settle). */
  get loading(): number {
    return this.#loading;
  }

  /** Calls `listener` whenever `loading` changes; returns the unsubscribe. */
  onLoading(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setLoading(n: number): void {
    this.#loading = n;
    for (const listener of this.#listeners) listener();
  }

  #trim(): void {
    const { keepUnused, dispose } = this.#options;
    if (this.#unused <= keepUnused) return;
    for (const [url, entry] of this.#entries) {
      if (this.#unused <= keepUnused) break;
      if (entry.users > 0) continue;
      this.#entries.delete(url);
      this.#unused--;
      dispose?.(entry.value);
    }
  }
}
