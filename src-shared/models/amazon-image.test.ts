import { describe, expect, it } from 'vitest';
import { buildRequestBody, findModel, parseResponseBody, validateParams } from './index.ts';
import { PNG_BASE64, params } from './test-helpers.ts';

const TITAN = 'amazon.titan-image-generator-v2:0';
const NOVA = 'amazon.nova-canvas-v1:0';
const MASK = 'TUFTSw==';

describe('Amazon builders', () => {
  it('Titan text-to-image', () => {
    const body = buildRequestBody(
      params({ modelId: TITAN, prompt: 'a robot', negativePrompt: 'text', width: 1152, height: 768 }),
      { seed: 77 },
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        taskType: 'TEXT_IMAGE',
        textToImageParams: { text: 'a robot', negativeText: 'text' },
        imageGenerationConfig: {
          numberOfImages: 1,
          width: 1152,
          height: 768,
          cfgScale: 8,
          seed: 77,
          quality: 'standard',
        },
      }),
    );
  });

  it('Nova text-to-image with its own defaults', () => {
    const body = buildRequestBody(params({ modelId: NOVA, prompt: 'a robot', quality: 'premium' }), { seed: 1 });
    expect(body).toEqual({
      taskType: 'TEXT_IMAGE',
      textToImageParams: { text: 'a robot' },
      imageGenerationConfig: {
        numberOfImages: 1,
        width: 1024,
        height: 1024,
        cfgScale: 6.5,
        seed: 1,
        quality: 'premium',
      },
    });
  });

  it('image variation maps strength to similarityStrength', () => {
    const body = buildRequestBody(
      params({ modelId: NOVA, task: 'variation', prompt: 'same but blue', initImageId: 'i', strength: 0.25 }),
      { seed: 4, initImageBase64: PNG_BASE64 },
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        taskType: 'IMAGE_VARIATION',
        imageVariationParams: { text: 'same but blue', images: [PNG_BASE64], similarityStrength: 0.75 },
        imageGenerationConfig: { numberOfImages: 1, cfgScale: 6.5, seed: 4, quality: 'standard' },
      }),
    );
  });

  it('inpainting with a mask image or a mask prompt; outpainting mode', () => {
    const withImage = buildRequestBody(
      params({ modelId: TITAN, task: 'inpaint', prompt: 'a hat', initImageId: 'i', maskImageId: 'm' }),
      { seed: 4, initImageBase64: PNG_BASE64, maskBase64: MASK },
    );
    expect(withImage['inPaintingParams']).toEqual({ image: PNG_BASE64, text: 'a hat', maskImage: MASK });
    const withPrompt = buildRequestBody(
      params({ modelId: TITAN, task: 'inpaint', prompt: 'a hat', initImageId: 'i', extra: { maskPrompt: 'the head' } }),
      { seed: 4, initImageBase64: PNG_BASE64 },
    );
    expect(withPrompt['inPaintingParams']).toEqual({ image: PNG_BASE64, text: 'a hat', maskPrompt: 'the head' });
    const out = buildRequestBody(
      params({
        modelId: NOVA,
        task: 'outpaint',
        prompt: 'a beach',
        initImageId: 'i',
        maskImageId: 'm',
        extra: { outPaintingMode: 'PRECISE' },
      }),
      { seed: 4, initImageBase64: PNG_BASE64, maskBase64: MASK },
    );
    expect(out).toEqual({
      taskType: 'OUTPAINTING',
      outPaintingParams: { image: PNG_BASE64, text: 'a beach', maskImage: MASK, outPaintingMode: 'PRECISE' },
      imageGenerationConfig: { numberOfImages: 1, cfgScale: 6.5, seed: 4, quality: 'standard' },
    });
  });

  it('background removal takes only the image', () => {
    expect(
      buildRequestBody(params({ modelId: NOVA, task: 'remove-background', initImageId: 'i' }), {
        seed: 4,
        initImageBase64: PNG_BASE64,
      }),
    ).toEqual({ taskType: 'BACKGROUND_REMOVAL', backgroundRemovalParams: { image: PNG_BASE64 } });
  });
});

describe('Amazon validators', () => {
  it('Titan: fixed sizes, 512-char prompts, cfg 1.1–10, its seed range', () => {
    expect(validateParams(params({ modelId: TITAN, prompt: 'x', width: 1173, height: 640 }))).toEqual([]);
    expect(validateParams(params({ modelId: TITAN, prompt: 'x', width: 1000, height: 1000 }))[0]?.field).toBe('width');
    expect(validateParams(params({ modelId: TITAN, prompt: 'a'.repeat(513) }))[0]?.message).toBe(
      'The prompt must be 1–512 characters for Titan Image Generator v2 (it has 513)',
    );
    expect(validateParams(params({ modelId: TITAN, prompt: 'x', cfgScale: 1 }))[0]?.message).toBe(
      'CFG scale must be between 1.1 and 10 for Titan Image Generator v2',
    );
    expect(validateParams(params({ modelId: TITAN, prompt: 'x', seed: 2_147_483_647 }))[0]?.field).toBe('seed');
  });

  it('Nova: size range, multiple of 16, pixel and aspect limits', () => {
    expect(validateParams(params({ modelId: NOVA, prompt: 'x', width: 2048, height: 2032 }))).toEqual([]);
    expect(validateParams(params({ modelId: NOVA, prompt: 'x', width: 1000, height: 1024 }))[0]?.message).toBe(
      'The width must be between 320 and 4096 px and divisible by 16 for Nova Canvas (not 1000)',
    );
    expect(validateParams(params({ modelId: NOVA, prompt: 'x', width: 2048, height: 2048 }))[0]?.message).toMatch(
      /fewer than 4,194,304 pixels/,
    );
    expect(validateParams(params({ modelId: NOVA, prompt: 'x', width: 320, height: 1600 }))[0]?.message).toMatch(
      /between 1:4 and 4:1/,
    );
    expect(validateParams(params({ modelId: NOVA, prompt: 'x', seed: 858_993_460 }))[0]?.message).toBe(
      'The seed must be a whole number between 0 and 858993459 for Nova Canvas',
    );
    expect(validateParams(params({ modelId: NOVA, prompt: 'a'.repeat(1024) }))).toEqual([]);
  });

  it('per-task requirements', () => {
    expect(validateParams(params({ modelId: NOVA, task: 'inpaint', prompt: 'x', initImageId: 'i' }))[0]?.field).toBe(
      'maskImageId',
    );
    expect(
      validateParams(params({ modelId: NOVA, task: 'variation', prompt: 'x', initImageId: 'i', strength: 0.9 }))[0]
        ?.message,
    ).toBe('Strength must be between 0 and 0.8 for Nova Canvas');
    expect(
      validateParams(params({ modelId: NOVA, task: 'image-to-image', prompt: 'x', initImageId: 'i' }))[0]?.field,
    ).toBe('task');
    expect(
      validateParams(
        params({
          modelId: NOVA,
          task: 'outpaint',
          prompt: 'x',
          initImageId: 'i',
          maskImageId: 'm',
          outpaint: { left: 10 },
        }),
      )[0]?.field,
    ).toBe('outpaint');
  });

  it('says Amazon masks are black where the image changes', () => {
    expect(findModel(TITAN)?.limits.maskChanges).toBe('black');
  });
});

describe('Amazon parser', () => {
  it('reads images', () => {
    expect(parseResponseBody(NOVA, { images: [PNG_BASE64] })).toEqual({
      images: [{ base64: PNG_BASE64, outcome: 'ok' }],
    });
  });

  it('maps a moderation error to filtered and other errors to error', () => {
    const filtered = parseResponseBody(TITAN, {
      images: [],
      error: 'This request has been blocked by our content filters.',
    });
    expect(filtered.images).toEqual([
      { base64: '', outcome: 'filtered', reason: 'This request has been blocked by our content filters.' },
    ]);
    expect(parseResponseBody(TITAN, { error: 'Something broke' }).images[0]?.outcome).toBe('error');
  });

  it('throws malformed-response for wrong shapes', () => {
    for (const body of [null, { images: [] }, { images: [42] }, { images: ['@@@@'] }]) {
      expect(() => parseResponseBody(NOVA, body)).toThrowError(expect.objectContaining({ code: 'malformed-response' }));
    }
  });
});
