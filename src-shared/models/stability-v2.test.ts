import { describe, expect, it } from 'vitest';
import { buildRequestBody, parseResponseBody, validateParams } from './index.ts';
import { JPEG_BASE64, PNG_BASE64, TEXT_BASE64, params } from './test-helpers.ts';

const LARGE = 'stability.sd3-5-large-v1:0';
const CORE = 'stability.stable-image-core-v1:1';
const ULTRA = 'stability.stable-image-ultra-v1:1';

describe('Stability v2 builder', () => {
  it('builds text-to-image for SD3.5 Large', () => {
    const body = buildRequestBody(
      params({ modelId: LARGE, prompt: 'a lighthouse', negativePrompt: 'people', aspectRatio: '16:9' }),
      { seed: 123 },
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        prompt: 'a lighthouse',
        negative_prompt: 'people',
        aspect_ratio: '16:9',
        seed: 123,
        output_format: 'png',
      }),
    );
  });

  it('defaults to 1:1 and derives the ratio from a size', () => {
    expect(buildRequestBody(params({ modelId: CORE, prompt: 'x' }), { seed: 0 })).toEqual({
      prompt: 'x',
      aspect_ratio: '1:1',
      seed: 0,
      output_format: 'png',
    });
    expect(
      buildRequestBody(params({ modelId: CORE, prompt: 'x', width: 1080, height: 1920, outputFormat: 'webp' }), {
        seed: 0,
      }),
    ).toEqual({ prompt: 'x', aspect_ratio: '9:16', seed: 0, output_format: 'webp' });
  });

  it('builds image-to-image: SD3.5 Large with mode, Ultra without', () => {
    const large = buildRequestBody(
      params({ modelId: LARGE, task: 'image-to-image', prompt: 'x', initImageId: 'i', strength: 0.5 }),
      { seed: 9, initImageBase64: PNG_BASE64 },
    );
    expect(JSON.stringify(large)).toBe(
      JSON.stringify({
        prompt: 'x',
        mode: 'image-to-image',
        image: PNG_BASE64,
        strength: 0.5,
        seed: 9,
        output_format: 'png',
      }),
    );
    const ultra = buildRequestBody(params({ modelId: ULTRA, task: 'image-to-image', prompt: 'x', initImageId: 'i' }), {
      seed: 9,
      initImageBase64: PNG_BASE64,
    });
    expect(JSON.stringify(ultra)).toBe(
      JSON.stringify({ prompt: 'x', image: PNG_BASE64, strength: 0.35, seed: 9, output_format: 'png' }),
    );
  });
});

describe('Stability v2 validator', () => {
  it('rejects what these models do not take', () => {
    expect(
      validateParams(params({ modelId: CORE, task: 'image-to-image', prompt: 'x', initImageId: 'i' }))[0]?.message,
    ).toBe('Stable Image Core does not do image-to-image; it supports text-to-image');
    expect(validateParams(params({ modelId: LARGE, prompt: 'x', steps: 30 }))[0]?.message).toBe(
      'SD3.5 Large does not take a steps setting',
    );
    expect(validateParams(params({ modelId: LARGE, prompt: 'x', aspectRatio: '7:3' }))[0]?.field).toBe('aspectRatio');
    expect(validateParams(params({ modelId: LARGE, prompt: 'x', seed: 4_294_967_295 }))[0]?.message).toBe(
      'The seed must be a whole number between 0 and 4294967294 for SD3.5 Large',
    );
    expect(validateParams(params({ modelId: LARGE, prompt: '' }))[0]?.field).toBe('prompt');
  });

  it('checks the source image size when given', () => {
    const p = params({ modelId: ULTRA, task: 'image-to-image', prompt: 'x', initImageId: 'i' });
    expect(validateParams(p, { initImageSize: { width: 63, height: 500 } })[0]?.message).toMatch(/at least 64 px/);
    expect(validateParams(p, { initImageSize: { width: 64, height: 64 } })).toEqual([]);
  });
});

describe('Stability v2 parser', () => {
  it('reads images, seeds and null finish reasons', () => {
    expect(parseResponseBody(LARGE, { seeds: [5], finish_reasons: [null], images: [PNG_BASE64] })).toEqual({
      images: [{ base64: PNG_BASE64, seed: 5, outcome: 'ok' }],
    });
    expect(
      parseResponseBody(CORE, { seeds: [5], finish_reasons: [null], images: [JPEG_BASE64] }).images[0]?.outcome,
    ).toBe('ok');
  });

  it('turns filter reasons into filtered, others into error', () => {
    const filtered = parseResponseBody(LARGE, {
      seeds: [5],
      finish_reasons: ['Filter reason: prompt'],
      images: [null],
    });
    expect(filtered.images[0]).toEqual({
      base64: '',
      seed: 5,
      outcome: 'filtered',
      reason: 'Blocked by the content filter (prompt)',
    });
    const failed = parseResponseBody(LARGE, { seeds: [5], finish_reasons: ['Inference error'], images: [null] });
    expect(failed.images[0]?.outcome).toBe('error');
  });

  it('throws malformed-response for wrong shapes', () => {
    for (const body of [
      [],
      { images: [] },
      { images: 'x' },
      { images: [TEXT_BASE64], finish_reasons: [null] },
      { images: [null], finish_reasons: [null] },
    ]) {
      expect(() => parseResponseBody(ULTRA, body)).toThrowError(
        expect.objectContaining({ code: 'malformed-response' }),
      );
    }
  });
});
