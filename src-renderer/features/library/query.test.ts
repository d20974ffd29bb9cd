import { describe, expect, it } from 'vitest';
import { ImageQuerySchema } from '../../../src-shared/domain.ts';
import { buildImageQuery, DEFAULT_FILTERS, isFiltered, localDayStart, parseSearch } from './query.ts';

describe('search box parsing', () => {
  it('reads a whole number as a seed, #tag and tag:x as tags, the rest as prompt text', () => {
    expect(parseSearch(' 1234 ')).toEqual({ text: '', tags: [], seed: 1234 });
    expect(parseSearch('red fox #hero tag:Sprites')).toEqual({
      text: 'red fox',
      tags: ['hero', 'Sprites'],
      seed: null,
    });
    expect(parseSearch('99999999999')).toEqual({ text: '99999999999', tags: [], seed: null });
    expect(parseSearch('fox 42')).toEqual({ text: 'fox 42', tags: [], seed: null });
  });
});

describe('filters → images.search', () => {
  it('sends only the filters that are set, and the domain schema accepts it', () => {
    const q = buildImageQuery(DEFAULT_FILTERS, { limit: 200 });
    expect(q).toEqual({ sort: 'newest', limit: 200 });
    expect(ImageQuerySchema.strict().parse(q)).toMatchObject({ sort: 'newest', limit: 200 });
  });

  it('combines every filter, merging the tag filter with #tags from the search box', () => {
    const q = buildImageQuery(
      {
        ...DEFAULT_FILTERS,
        search: 'castle #hero',
        tag: 'props',
        modelId: 'amazon.nova-canvas-v1:0',
        collectionId: '7',
        favoritesOnly: true,
        source: 'imported',
        media: 'video',
        fromDay: '2026-03-01',
        toDay: '2026-03-31',
        sort: 'rating',
        trashed: true,
      },
      { limit: 100, cursor: 'abc' },
    );
    expect(q).toMatchObject({
      text: 'castle',
      tags: ['props', 'hero'],
      modelId: 'amazon.nova-canvas-v1:0',
      collectionId: '7',
      favorite: true,
      source: 'imported',
      media: 'video',
      sort: 'rating',
      trashed: true,
      cursor: 'abc',
    });
    // The range covers whole local days: from local midnight of the first to local midnight after the last.
    expect(new Date(q.from ?? '').getDate()).toBe(1);
    const to = new Date(q.to ?? '');
    expect([to.getMonth(), to.getDate(), to.getHours()]).toEqual([3, 1, 0]);
    expect(() => ImageQuerySchema.strict().parse(q)).not.toThrow();
  });

  it('a seed search becomes the seed filter, not text', () => {
    expect(buildImageQuery({ ...DEFAULT_FILTERS, search: '77' }, { limit: 10 })).toEqual({
      seed: 77,
      sort: 'newest',
      limit: 10,
    });
  });

  it('rejects malformed days and knows when the view is filtered', () => {
    expect(localDayStart('2026-13-45x')).toBeNull();
    expect(isFiltered(DEFAULT_FILTERS)).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, sort: 'oldest' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, favoritesOnly: true })).toBe(true);
  });
});
