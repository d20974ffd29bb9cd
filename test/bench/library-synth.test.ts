import { describe, expect, it } from 'vitest';
import { buildVocabulary, mulberry32, SYNTH_DEFAULTS, synthImages, ZipfSampler } from './library-synth.ts';

describe('synthetic library data', () => {
  it('is deterministic for the same options and differs for another seed', () => {
    const a = [...synthImages({ count: 500 })];
    const b = [...synthImages({ count: 500 })];
    const c = [...synthImages({ count: 500, seed: 7 })];
    expect(a).toEqual(b);
    expect(a.map((i) => i.prompt)).not.toEqual(c.map((i) => i.prompt));
  });

  it('numbers images from 1 with created_at increasing over the span, ending at `end`', () => {
    const images = [...synthImages({ count: 1000 })];
    expect(images.map((i) => i.index)).toEqual(Array.from({ length: 1000 }, (_, k) => k + 1));
    for (let k = 1; k < images.length; k++)
      expect((images[k]?.createdAt ?? '') > (images[k - 1]?.createdAt ?? '')).toBe(true);
    expect(images.at(-1)?.createdAt).toBe(SYNTH_DEFAULTS.end);
    const first = Date.parse(images[0]?.createdAt ?? '');
    expect(Date.parse(SYNTH_DEFAULTS.end) - first).toBeGreaterThan((SYNTH_DEFAULTS.spanDays - 1) * 86_400_000);
  });

  it('draws tags as distinct in-range indexes and ratings in 0..5', () => {
    for (const image of synthImages({ count: 2000, tagCount: 50 })) {
      expect(new Set(image.tags).size).toBe(image.tags.length);
      for (const tag of image.tags) {
        expect(tag).toBeGreaterThanOrEqual(0);
        expect(tag).toBeLessThan(50);
      }
      expect(image.rating).toBeGreaterThanOrEqual(0);
      expect(image.rating).toBeLessThanOrEqual(5);
    }
  });

  it('builds a vocabulary of distinct words with a skewed (Zipf) draw', () => {
    const vocabulary = buildVocabulary(5000);
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    const zipf = new ZipfSampler(vocabulary.length);
    const random = mulberry32(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const rank = zipf.sample(random);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect((counts.get(0) ?? 0) / 50_000).toBeCloseTo(zipf.probability(0), 2);
    expect(counts.get(0) ?? 0).toBeGreaterThan(20 * (counts.get(999) ?? 0));
  });

  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
