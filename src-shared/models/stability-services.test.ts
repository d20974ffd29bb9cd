import { describe, expect, it } from 'vitest';
import { buildRequestBody, findModel, parseResponseBody, validateParams } from './index.ts';
import { PNG_BASE64, params } from './test-helpers.ts';

const INPAINT = 'us.stability.stable-image-inpaint-v1:0';
const OUTPAINT = 'us.stability.stable-outpaint-v1:0';
const ERASE = 'us.stability.stable-image-erase-object-v1:0';
const REMOVE_BG = 'us.stability.stable-image-remove-background-v1:0';
const FAST_UPSCALE = 'us.stability.stable-fast-upscale-v1:0';
const CREATIVE_UPSCALE = 'us.stability.stable-creative-upscale-v1:0';
const IMG = PNG_BASE64;
const MASK = 'TUFTSw==';

describe('Image Services builders', () => {
  it('inpaint', () => {
    const body = buildRequestBody(
      params({
        modelId: INPAINT,
        task: 'inpaint',
        prompt: 'a cat',
        negativePrompt: 'dog',
        initImageId: 'i',
        maskImageId: 'm',
        extra: { grow_mask: 10 },
      }),
      { seed: 3, initImageBase64: IMG, maskBase64: MASK },
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        prompt: 'a cat',
        negative_prompt: 'dog',
        image: IMG,
        mask: MASK,
        grow_mask: 10,
        seed: 3,
        output_format: 'png',
      }),
    );
  });

  it('inpaint without a mask uses the alpha channel', () => {
    const body = buildRequestBody(params({ modelId: INPAINT, task: 'inpaint', prompt: 'a cat', initImageId: 'i' }), {
      seed: 3,
      initImageBase64: IMG,
    });
    expect(body).toEqual({ prompt: 'a cat', image: IMG, seed: 3, output_format: 'png' });
  });

  it('outpaint', () => {
    const body = buildRequestBody(
      params({
        modelId: OUTPAINT,
        task: 'outpaint',
        initImageId: 'i',
        outpaint: { left: 256, down: 128 },
        extra: { creativity: 0.4 },
      }),
      { seed: 1, initImageBase64: IMG },
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        image: IMG,
        left: 256,
        right: 0,
        up: 0,
        down: 128,
        creativity: 0.4,
        seed: 1,
        output_format: 'png',
      }),
    );
  });

  it('erase object', () => {
    const body = buildRequestBody(
      params({ modelId: ERASE, task: 'erase-object', initImageId: 'i', maskImageId: 'm' }),
      { seed: 2, initImageBase64: IMG, maskBase64: MASK },
    );
    expect(JSON.stringify(body)).toBe(JSON.stringify({ image: IMG, mask: MASK, seed: 2, output_format: 'png' }));
  });

  it('remove background and fast upscale take only the image', () => {
    expect(
      buildRequestBody(params({ modelId: REMOVE_BG, task: 'remove-background', initImageId: 'i' }), {
        seed: 2,
        initImageBase64: IMG,
      }),
    ).toEqual({ image: IMG, output_format: 'png' });
    expect(
      buildRequestBody(params({ modelId: FAST_UPSCALE, task: 'upscale', initImageId: 'i', outputFormat: 'jpeg' }), {
        seed: 2,
        initImageBase64: IMG,
      }),
    ).toEqual({ image: IMG, output_format: 'jpeg' });
  });

  it('creative upscale takes a prompt and creativity', () => {
    expect(
      buildRequestBody(
        params({
          modelId: CREATIVE_UPSCALE,
          task: 'upscale',
          prompt: 'sharp',
          initImageId: 'i',
          extra: { creativity: 0.3 },
        }),
        { seed: 8, initImageBase64: IMG },
      ),
    ).toEqual({ prompt: 'sharp', image: IMG, creativity: 0.3, seed: 8, output_format: 'png' });
  });
});

describe('Image Services validators', () => {
  it('require their inputs', () => {
    expect(validateParams(params({ modelId: ERASE, task: 'erase-object', initImageId: 'i' }))[0]?.field).toBe(
      'maskImageId',
    );
    expect(validateParams(params({ modelId: OUTPAINT, task: 'outpaint', initImageId: 'i' }))[0]?.field).toBe(
      'outpaint',
    );
    expect(
      validateParams(params({ modelId: OUTPAINT, task: 'outpaint', initImageId: 'i', outpaint: { left: 2001 } }))[0]
        ?.message,
    ).toBe('Each side can extend by at most 2000 px for Stable Outpaint (left is 2001)');
    expect(validateParams(params({ modelId: INPAINT, task: 'inpaint', initImageId: 'i' }))[0]?.message).toBe(
      'Stable Image Inpaint needs a prompt',
    );
    expect(validateParams(params({ modelId: REMOVE_BG, task: 'remove-background' }))[0]?.field).toBe('initImageId');
    expect(
      validateParams(params({ modelId: REMOVE_BG, task: 'remove-background', initImageId: 'i', prompt: 'x' }))[0]
        ?.field,
    ).toBe('prompt');
    expect(validateParams(params({ modelId: INPAINT, task: 'text-to-image', prompt: 'x' }))[0]?.field).toBe('task');
  });

  it('check option ranges', () => {
    expect(
      validateParams(
        params({ modelId: INPAINT, task: 'inpaint', prompt: 'x', initImageId: 'i', extra: { grow_mask: 21 } }),
      )[0]?.message,
    ).toBe('Grow mask must be between 0 and 20 for Stable Image Inpaint');
    expect(
      validateParams(
        params({
          modelId: OUTPAINT,
          task: 'outpaint',
          initImageId: 'i',
          outpaint: { up: 10 },
          extra: { creativity: 0.05 },
        }),
      )[0]?.field,
    ).toBe('extra.creativity');
  });

  it('check the input image limits', () => {
    const upscale = params({ modelId: FAST_UPSCALE, task: 'upscale', initImageId: 'i' });
    // 2026: fast upscale takes at most 1,048,576 px in total (1536×1024 no longer fits).
    expect(validateParams(upscale, { initImageSize: { width: 1536, height: 640 } })).toEqual([]);
    expect(validateParams(upscale, { initImageSize: { width: 1537, height: 640 } })[0]?.message).toMatch(
      /at most 1536 px/,
    );
    expect(validateParams(upscale, { initImageSize: { width: 31, height: 40 } })[0]?.message).toMatch(/at least 32 px/);
    const remove = params({ modelId: REMOVE_BG, task: 'remove-background', initImageId: 'i' });
    expect(validateParams(remove, { initImageSize: { width: 4000, height: 3000 } })[0]?.message).toMatch(
      /at most 9,437,184 pixels/,
    );
    expect(validateParams(remove, { initImageSize: { width: 2600, height: 1000 } })[0]?.message).toMatch(
      /between 1:2.5 and 2.5:1/,
    );
  });
});

describe('Image Services catalog', () => {
  it('finds services with or without the region prefix', () => {
    expect(findModel('stability.stable-fast-upscale-v1:0')?.label).toBe('Stable Fast Upscale (4×)');
    expect(findModel('eu.stability.stable-fast-upscale-v1:0')?.id).toBe('eu.stability.stable-fast-upscale-v1:0');
    expect(findModel(FAST_UPSCALE)?.limits.upscaleFactor).toBe(4);
  });

  it('parses the stability-v2 response shape', () => {
    expect(
      parseResponseBody(ERASE, { seeds: [1], finish_reasons: [null], images: [PNG_BASE64] }).images[0]?.outcome,
    ).toBe('ok');
  });
});
