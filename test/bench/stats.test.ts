import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.ts';

describe('bench stats', () => {
  it('computes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toEqual({ n: 5, median: 3, p95: 5, min: 1, max: 5 });
  });
});
