import { describe, expect, it } from 'vitest';
import { applyConfigPatch, DEFAULT_CONFIG } from './config.ts';

describe('applyConfigPatch', () => {
  it('applies known keys and leaves the rest', () => {
    expect(applyConfigPatch(DEFAULT_CONFIG, { throttleRate: 0.5, filterWords: ['a'] })).toEqual({
      ...DEFAULT_CONFIG,
      throttleRate: 0.5,
      filterWords: ['a'],
    });
  });

  it.each([
    [{ throttleRate: 1.5 }, /throttleRate/],
    [{ latencyMs: -1 }, /latencyMs/],
    [{ filterWords: 'a' }, /filterWords/],
    [{ other: 1 }, /other|unrecognized/i],
    [[1], /expected object/i],
  ])('rejects %j', (patch, reason) => {
    expect(() => applyConfigPatch(DEFAULT_CONFIG, patch)).toThrow(reason);
  });
});
