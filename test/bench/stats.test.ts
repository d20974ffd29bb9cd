import { describe, expect, it } from 'vitest';
import { percentile, summarize, timeInTurn } from './stats.ts';

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

  it('times every function once a round, each round starting one further along', async () => {
    const calls: string[] = [];
    const fns = ['a', 'b', 'c'].map((name) => () => calls.push(name));
    const samples = await timeInTurn(2, fns, 1);
    expect(calls.join('')).toBe('abcbcacab');
    expect(samples.map((s) => [s.wall.length, s.cpu.length])).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
  });
});
