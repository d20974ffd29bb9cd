// Keyset paging through images.search for the grid: the first page on every filter change, the
// next page when the grid nears the end. Results of a superseded query are dropped. A first page
// from the page cache (prefetch.ts) is shown at once and replaced when the fresh one arrives;
// every fresh first page goes back into the cache, and a reload (the library changed) empties it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { reuseUnchanged } from './page-cache.ts';
import { firstPageKey, firstPages, PAGE_SIZE } from './prefetch.ts';
import { buildImageQuery } from './query.ts';
import type { LibraryFilters } from './query.ts';

export type ImageSummary = CallResponse<'images.search'>['images'][number];
export { PAGE_SIZE };

export interface ImagePages {
  images: ImageSummary[];
  done: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  reload: () => void;
}

export function useImagePages(filters: LibraryFilters): ImagePages {
  const [cached] = useState(() => firstPages.get(firstPageKey(filters)));
  const [images, setImages] = useState<ImageSummary[]>(cached?.images ?? []);
  const [cursor, setCursor] = useState<string | null>(cached?.nextCursor ?? null);
  const [done, setDone] = useState(cached !== null && cached.nextCursor === null);
  const [loading, setLoading] = useState(cached === null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const current = useRef(0);
  const busy = useRef(false);

  const fetchPage = useCallback(
    (after: string | null, token: number) => {
      busy.current = true;
      setLoading(true);
      const epoch = firstPages.epoch();
      call(
        'images.search',
        buildImageQuery(filters, { limit: PAGE_SIZE, ...(after === null ? {} : { cursor: after }) }),
      )
        .then((page) => {
          if (token !== current.current) return;
          if (after === null) firstPages.set(firstPageKey(filters), page, epoch);
          setImages((prev) => (after === null ? reuseUnchanged(prev, page.images) : prev.concat(page.images)));
          setCursor(page.nextCursor);
          setDone(page.nextCursor === null);
          setError(null);
        })
        .catch((e: unknown) => {
          if (token === current.current) setError(e instanceof Error ? e.message : String(e));
        })
        .finally(() => {
          if (token === current.current) {
            busy.current = false;
            setLoading(false);
          }
        });
    },
    [filters],
  );

  useEffect(() => {
    const token = ++current.current;
    setDone(false);
    setCursor(null);
    fetchPage(null, token);
  }, [fetchPage, generation]);

  const loadMore = useCallback(() => {
    if (busy.current || done || cursor === null) return;
    fetchPage(cursor, current.current);
  }, [cursor, done, fetchPage]);

  const reload = useCallback(() => {
    firstPages.invalidate();
    setGeneration((g) => g + 1);
  }, []);
  return { images, done, loading, error, loadMore, reload };
}
