import { describe, expect, it } from 'vitest';
import { estimate, IMAGE_SERVICE_IDS, PRICE_NOTICE, PRICE_TABLE, priceMicroUsd } from './index.ts';
import { params } from './test-helpers.ts';

const price = (input: Parameters<typeof params>[0]) => priceMicroUsd(params(input)).perImageMicroUsd;

describe('price table', () => {
  // 2026: the table of 2026-12-01 is the true prices; none is shown as unconfirmed any more.
  it('is dated, sourced, integer micro-dollars, none unconfirmed, unique keys', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.source).not.toBe('');
    const keys = PRICE_TABLE.entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of PRICE_TABLE.entries) {
      expect(entry.unconfirmed).toBe(false);
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

describe('prices as of 2026-12-01', () => {
  const service = (name: string, task: Parameters<typeof params>[0]['task']) =>
    price({ modelId: `us.stability.${name}-v1:0`, task, initImageId: 'i', prompt: 'x' });

  it('is the 2026-12-01 table, with the notice users read', () => {
    expect(PRICE_TABLE).toMatchObject({ version: 2, asOf: '2026-12-01' });
    expect(PRICE_NOTICE).toBe('prices as of 2026-12-01; set your own in Spend');
  });

  it('prices all thirteen services', () => {
    expect(service('stable-image-inpaint', 'inpaint')).toBe(70_000);
    expect(service('stable-outpaint', 'outpaint')).toBe(60_000);
    expect(service('stable-style-transfer', 'style-transfer')).toBe(80_000);
    expect(service('stable-fast-upscale', 'upscale')).toBe(30_000);
    expect(service('stable-conservative-upscale', 'upscale')).toBe(400_000);
    expect(service('stable-creative-upscale', 'upscale')).toBe(600_000);
    for (const [name, task] of [
      ['stable-image-erase-object', 'erase-object'],
      ['stable-image-remove-background', 'remove-background'],
      ['stable-image-search-replace', 'search-replace'],
      ['stable-image-search-recolor', 'search-recolor'],
      ['stable-image-control-sketch', 'control-sketch'],
      ['stable-image-control-structure', 'control-structure'],
      ['stable-image-style-guide', 'style-guide'],
    ] as const) {
      expect(service(name, task), name).toBe(70_000);
    }
    for (const id of IMAGE_SERVICE_IDS) {
      expect(
        PRICE_TABLE.entries.filter((e) => e.modelId === id),
        id,
      ).toHaveLength(1);
    }
  });

  it('keeps retired models priced for history, marked so', () => {
    const historical = PRICE_TABLE.entries.filter((e) => e.historical).map((e) => e.modelId);
    expect(new Set(historical)).toEqual(
      new Set(['stability.stable-diffusion-xl-v1', 'amazon.titan-image-generator-v2:0', 'amazon.nova-canvas-v1:0']),
    );
  });

  it('an unknown price is null, never 0, and the estimate says so', () => {
    const unknown = params({ modelId: 'stability.sd3-7-large-v1:0', prompt: 'x', count: 4 });
    expect(priceMicroUsd(unknown)).toMatchObject({ known: false, perImageMicroUsd: null });
    expect(estimate(unknown)).toEqual({ known: false, perImageMicroUsd: null, count: 4, totalMicroUsd: null });
    expect(priceMicroUsd(params({ modelId: 'openai.dall-e', prompt: 'x' })).perImageMicroUsd).toBeNull();
    // A retired version without a historical price is unknown too.
    expect(priceMicroUsd(params({ modelId: 'stability.stable-image-core-v1:0', prompt: 'x' })).known).toBe(false);
  });

  it('shows no internal provenance to users', () => {
    const texts = [
      PRICE_TABLE.source,
      ...PRICE_TABLE.entries.map((e) => e.label),
      ...PRICE_TABLE.entries.map((e) => priceMicroUsd(params({ modelId: e.modelId, prompt: 'x' })).source),
      priceMicroUsd(params({ modelId: 'stability.sd3-7-large-v1:0', prompt: 'x' })).source,
    ];
    for (const text of texts) expect(text).not.toMatch(/UNCONFIRMED|secondary|BEDROCK\.md/i);
  });
});
