// Work done for the Library before it is opened, so the first opening paints like a reopening:
// once the app has booted (and again a moment after anything changes the library, and when the
// pointer comes over the Library tab), the first page
// of the query the Library will show is fetched into the page cache and its first screenful of
// thumbnails is loaded into the browser's image cache. The view still revalidates on every opening.
import { call, imageUrl, on } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { appStore } from '../../store/index.ts';
import { tilesOnScreen } from './grid-geometry.ts';
import { createPageCache } from './page-cache.ts';
import { buildImageQuery } from './query.ts';
import type { LibraryFilters } from './query.ts';

export type SearchPage = CallResponse<'images.search'>;

export const PAGE_SIZE = 500;
/** After a change to the library: one prefetch for a burst of new images, not one each. */
const REFRESH_DELAY_MS = 1500;

/** First pages by query (see page-cache.ts). */
export const firstPages = createPageCache<SearchPage>(4);

export function firstPageKey(filters: LibraryFilters): string {
  return JSON.stringify(buildImageQuery(filters, { limit: PAGE_SIZE }));
}

/** Held (until the next warm-up) so the image cache keeps the warmed thumbnails for the grid. */
const warmed: HTMLImageElement[] = [];
let openViews = 0;
let running: Promise<void> | null = null;

/** The Library view holds this while mounted (it keeps the cache fresh itself then). */
export function holdLibraryOpen(): () => void {
  openViews += 1;
  return () => {
    openViews -= 1;
  };
}

function warmThumbnails(page: SearchPage): void {
  const { tileSize } = appStore.getState().library;
  // One screen plus a row or two of margin, whatever the window size.
  const count = Math.min(page.images.length, tilesOnScreen(window.innerWidth, window.innerHeight, tileSize) + 16);
  const images = page.images.slice(0, count).map((image) => {
    const img = new Image();
    img.decoding = 'async';
    img.src = imageUrl(image.id, 'thumb');
    return img;
  });
  warmed.splice(0, warmed.length, ...images);
}

/** Fetches the first page of the Library's current query and warms its thumbnails (once at a time). */
export function prefetchLibrary(): Promise<void> {
  if (openViews > 0) return Promise.resolve(); // the open view keeps the cache itself
  running ??= (async () => {
    const filters = appStore.getState().library.filters;
    const key = firstPageKey(filters);
    let page = firstPages.get(key);
    if (page === null) {
      const epoch = firstPages.epoch();
      page = await call('images.search', buildImageQuery(filters, { limit: PAGE_SIZE }));
      if (!firstPages.set(key, page, epoch)) return;
    }
    warmThumbnails(page);
  })()
    .catch(() => undefined) // the view fetches (and reports) for itself
    .finally(() => {
      running = null;
    });
  return running;
}

/**
 * Call once the app has booted: prefetches when the renderer is next idle, and again a moment after
 * every change to the library (while the view is closed). Returns the stop function.
 */
export function startLibraryPrefetch(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => void prefetchLibrary();
  const idle = requestIdleCallback(run, { timeout: 1000 });
  const changed = () => {
    firstPages.invalidate();
    clearTimeout(timer);
    timer = setTimeout(run, REFRESH_DELAY_MS);
  };
  const offAdded = on('images.added', changed);
  const offJob = on('job.updated', (e) => {
    if (e.status === 'succeeded' && e.imageId !== null) changed();
  });
  return () => {
    cancelIdleCallback(idle);
    clearTimeout(timer);
    offAdded();
    offJob();
  };
}
