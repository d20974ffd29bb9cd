// Library filters (what the filter bar shows) → the images.search request. The search box
// understands: a whole number → seed; `#tag` or `tag:name` → tag; everything else → prompt text.
import type { ImageQueryInput, ImageSort, ImageSource } from '../../../src-shared/domain.ts';
import { parseSearch, type ParsedSearch } from '../../../src-shared/search-query.ts';

export interface LibraryFilters {
  search: string;
  modelId: string | null;
  tag: string | null;
  collectionId: string | null;
  favoritesOnly: boolean;
  source: ImageSource | null;
  /** Only images or only videos; null: both. */
  media: 'image' | 'video' | null;
  /** Local calendar days, YYYY-MM-DD, inclusive. */
  fromDay: string | null;
  toDay: string | null;
  sort: ImageSort;
  trashed: boolean;
}

export const DEFAULT_FILTERS: LibraryFilters = {
  search: '',
  modelId: null,
  tag: null,
  collectionId: null,
  favoritesOnly: false,
  source: null,
  media: null,
  fromDay: null,
  toDay: null,
  sort: 'newest',
  trashed: false,
};

export { parseSearch, type ParsedSearch };

/** Local midnight of a YYYY-MM-DD day as an ISO instant (what `from`/`to` compare against). */
export function localDayStart(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function nextDay(day: string): string | null {
  const start = localDayStart(day);
  if (start === null) return null;
  const date = new Date(start);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

export function buildImageQuery(filters: LibraryFilters, page: { limit: number; cursor?: string }): ImageQueryInput {
  const parsed = parseSearch(filters.search);
  const tags = [...new Set([...(filters.tag === null ? [] : [filters.tag]), ...parsed.tags])].slice(0, 20);
  const from = filters.fromDay === null ? null : localDayStart(filters.fromDay);
  const to = filters.toDay === null ? null : nextDay(filters.toDay);
  return {
    ...(parsed.text === '' ? {} : { text: parsed.text.slice(0, 1000) }),
    ...(tags.length ? { tags } : {}),
    ...(parsed.seed === null ? {} : { seed: parsed.seed }),
    ...(filters.modelId === null ? {} : { modelId: filters.modelId }),
    ...(filters.collectionId === null ? {} : { collectionId: filters.collectionId }),
    ...(filters.favoritesOnly ? { favorite: true } : {}),
    ...(filters.source === null ? {} : { source: filters.source }),
    ...(filters.media === null ? {} : { media: filters.media }),
    ...(from === null ? {} : { from }),
    ...(to === null ? {} : { to }),
    ...(filters.trashed ? { trashed: true } : {}),
    sort: filters.sort,
    limit: page.limit,
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}

/** True when any filter narrows the library (for the empty state's wording). */
export function isFiltered(filters: LibraryFilters): boolean {
  const { sort: _sort, ...rest } = filters;
  const { sort: _default, ...base } = DEFAULT_FILTERS;
  return JSON.stringify(rest) !== JSON.stringify(base);
}
