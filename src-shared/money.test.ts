import { describe, expect, it } from 'vitest';
import { formatPrice, formatUsd, sumMicro, usdToMicro } from './money.ts';

describe('money', () => {
  it('parses dollar amounts exactly, without float drift', () => {
    expect(usdToMicro('0.04')).toBe(40_000);
    expect(usdToMicro('0.012')).toBe(12_000);
    expect(usdToMicro(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicro('12')).toBe(12_000_000);
    expect(usdToMicro('-0.5')).toBe(-500_000);
    expect(() => usdToMicro('abc')).toThrow(RangeError);
  });

  it('formats micro-dollars for people', () => {
    expect(formatUsd(40_000)).toBe('$0.04');
    expect(formatUsd(12_000)).toBe('$0.012');
    expect(formatUsd(1_234_567_000)).toBe('$1,234.567');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-8_000)).toBe('-$0.008');
    expect(() => formatUsd(0.5)).toThrow(RangeError);
    expect(formatUsd(295_466, { maxDecimals: 2 })).toBe('$0.30');
    expect(formatUsd(294_999, { maxDecimals: 2 })).toBe('$0.29');
    expect(formatUsd(-295_000, { maxDecimals: 2 })).toBe('-$0.30');
    expect(formatUsd(12_000, { maxDecimals: 2 })).toBe('$0.01');
  });

  it('formats a price that may be unknown: null is "price unknown", never $0.00', () => {
    expect(formatPrice(null)).toBe('price unknown');
    expect(formatPrice(0)).toBe('$0.00');
    expect(formatPrice(70_000)).toBe('$0.07');
    expect(formatPrice(295_466, { maxDecimals: 2 })).toBe('$0.30');
  });

  it('sums integers', () => {
    expect(sumMicro([40_000, 80_000, 12_000])).toBe(132_000);
  });
});
