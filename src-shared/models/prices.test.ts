import { describe, expect, it } from 'vitest';
import { estimate, PRICE_TABLE, priceMicroUsd } from './index.ts';
import { params } from './test-helpers.ts';

const price = (input: Parameters<typeof params>[0]) => priceMicroUsd(params(input)).perImageMicroUsd;

describe('price table', () => {
  it('is dated, sourced, integer micro-dollars, all UNCONFIRMED, unique keys', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.source).not.toBe('');
    const keys = PRICE_TABLE.entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of PRICE_TABLE.entries) {
      expect(entry.unconfirmed).toBe(true);
      if (entry.microUsd !== null) expect(Number.isSafeInteger(entry.microUsd)).toBe(true);
    }
  });
});

describe('priceMicroUsd', () => {
  it('SDXL: two step tiers', () => {
    expect(price({ modelId: 'stability.stable-diffusion-xl-v1', prompt: 'x' })).toBe(40_000);
    expect(price({ modelId: 'stability.stable-diffusion-xl-v1', prompt: 'x', steps: 50 })).toBe(40_000);
    expect(price({ modelId: 'stability.stable-diffusion-xl-v1', prompt: 'x', steps: 51 })).toBe(80_000);
  });

  it('Stability v2 flat prices, also through a cross-region id', () => {
    expect(price({ modelId: 'stability.sd3-5-large-v1:0', prompt: 'x' })).toBe(80_000);
    expect(price({ modelId: 'us.stability.sd3-5-large-v1:0', prompt: 'x' })).toBe(80_000);
    expect(price({ modelId: 'stability.stable-image-core-v1:1', prompt: 'x' })).toBe(40_000);
    expect(price({ modelId: 'stability.stable-image-ultra-v1:1', prompt: 'x' })).toBe(140_000);
  });

  it('Titan: quality × size tiers', () => {
    const titan = 'amazon.titan-image-generator-v2:0';
    expect(price({ modelId: titan, prompt: 'x', width: 512, height: 512 })).toBe(8_000);
    expect(price({ modelId: titan, prompt: 'x', width: 384, height: 576 })).toBe(8_000);
    expect(price({ modelId: titan, prompt: 'x' })).toBe(10_000);
    expect(price({ modelId: titan, prompt: 'x', width: 512, height: 512, quality: 'premium' })).toBe(10_000);
    expect(price({ modelId: titan, prompt: 'x', quality: 'premium' })).toBe(12_000);
  });

  it('Nova Canvas: quality × size tiers; unknown edit size takes the larger tier', () => {
    const nova = 'amazon.nova-canvas-v1:0';
    expect(price({ modelId: nova, prompt: 'x' })).toBe(40_000);
    expect(price({ modelId: nova, prompt: 'x', quality: 'premium' })).toBe(60_000);
    expect(price({ modelId: nova, prompt: 'x', width: 2048, height: 1024 })).toBe(60_000);
    expect(price({ modelId: nova, prompt: 'x', width: 2048, height: 1024, quality: 'premium' })).toBe(80_000);
    expect(price({ modelId: nova, task: 'variation', prompt: 'x', initImageId: 'i' })).toBe(60_000);
  });

  it('Image Services are priced as of 2026-12-01; the user may set their own', () => {
    // 2026: the services have published prices (fast upscale $0.03); overrides still win.
    const p = params({ modelId: 'us.stability.stable-fast-upscale-v1:0', task: 'upscale', initImageId: 'i' });
    expect(priceMicroUsd(p)).toMatchObject({ perImageMicroUsd: 30_000, known: true });
    expect(priceMicroUsd(p, { 'stable-fast-upscale': 25_000 })).toMatchObject({
      perImageMicroUsd: 25_000,
      known: true,
      source: 'your price (Spend)',
    });
  });

  it('overrides by entry key or base model id; unknown models are unknown', () => {
    const p = params({ modelId: 'stability.sd3-5-large-v1:0', prompt: 'x' });
    expect(priceMicroUsd(p, { 'sd3.5-large': 65_000 }).perImageMicroUsd).toBe(65_000);
    expect(priceMicroUsd(p, { 'stability.sd3-5-large-v1:0': 70_000 }).perImageMicroUsd).toBe(70_000);
    // 2026: the table is of 2026-12-01 and user-facing text carries no internal provenance.
    expect(priceMicroUsd(p).source).toBe('price table of 2026-12-01 (SD3.5 Large)');
    expect(priceMicroUsd(params({ modelId: 'stability.sd3-7-large-v1:0', prompt: 'x' })).known).toBe(false);
    expect(priceMicroUsd(params({ modelId: 'openai.dall-e', prompt: 'x' })).known).toBe(false);
  });

  it('estimate multiplies by count', () => {
    expect(estimate(params({ modelId: 'stability.stable-image-ultra-v1:1', prompt: 'x', count: 3 }))).toEqual({
      perImageMicroUsd: 140_000,
      count: 3,
      totalMicroUsd: 420_000,
      known: true,
    });
  });
});
