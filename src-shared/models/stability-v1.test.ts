import { describe, expect, it } from 'vitest';
import { EaselError } from '../errors.ts';
import { buildRequestBody, parseResponseBody, validateParams } from './index.ts';
import { PNG_BASE64, TEXT_BASE64, params } from './test-helpers.ts';

const SDXL = 'stability.stable-diffusion-xl-v1';

describe('SDXL builder', () => {
  it('builds the text-to-image body with defaults, written out in full', () => {
    const body = buildRequestBody(params({ modelId: SDXL, prompt: 'a red fox', negativePrompt: 'blurry' }), {
      seed: 42,
    });
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        text_prompts: [
          { text: 'a red fox', weight: 1 },
          { text: 'blurry', weight: -1 },
        ],
        cfg_scale: 7,
        height: 1024,
        width: 1024,
        samples: 1,
        seed: 42,
        steps: 30,
      }),
    );
  });

  it('passes every option and weighted lines through', () => {
    const body = buildRequestBody(
      params({
        modelId: SDXL,
        prompt: 'castle',
        weightedPrompts: [{ text: 'fog', weight: 0.5 }],
        width: 1344,
        height: 768,
        steps: 60,
        cfgScale: 12.5,
        sampler: 'K_EULER',
        stylePreset: 'cinematic',
        extra: { clip_guidance_preset: 'FAST_BLUE' },
      }),
      { seed: 7 },
    );
    expect(body).toEqual({
      text_prompts: [
        { text: 'castle', weight: 1 },
        { text: 'fog', weight: 0.5 },
      ],
      cfg_scale: 12.5,
      height: 768,
      width: 1344,
      samples: 1,
      seed: 7,
      steps: 60,
      sampler: 'K_EULER',
      style_preset: 'cinematic',
      clip_guidance_preset: 'FAST_BLUE',
    });
  });

  it('maps an aspect ratio to the nearest SDXL size', () => {
    const body = buildRequestBody(params({ modelId: SDXL, prompt: 'x', aspectRatio: '16:9' }), { seed: 1 });
    expect([body['width'], body['height']]).toEqual([1344, 768]);
  });

  it('builds image-to-image with image_strength = 1 - strength', () => {
    const body = buildRequestBody(
      params({ modelId: SDXL, task: 'image-to-image', prompt: 'x', initImageId: 'img1', strength: 0.3 }),
      { seed: 5, initImageBase64: PNG_BASE64 },
    );
    expect(body['init_image']).toBe(PNG_BASE64);
    expect(body['init_image_mode']).toBe('IMAGE_STRENGTH');
    expect(body['image_strength']).toBe(0.7);
  });

  it('builds inpainting with a white mask', () => {
    const body = buildRequestBody(
      params({ modelId: SDXL, task: 'inpaint', prompt: 'x', initImageId: 'a', maskImageId: 'm' }),
      { seed: 5, initImageBase64: 'SU1H', maskBase64: 'TUFTSw==' },
    );
    expect(body).toMatchObject({ init_image: 'SU1H', mask_source: 'MASK_IMAGE_WHITE', mask_image: 'TUFTSw==' });
  });

  it('takes the size of the source image in edits, which must be an SDXL size', () => {
    const p = params({ modelId: SDXL, task: 'image-to-image', prompt: 'x', initImageId: 'img1' });
    const body = buildRequestBody(p, {
      seed: 5,
      initImageBase64: PNG_BASE64,
      initImageSize: { width: 896, height: 1152 },
    });
    expect(body).not.toHaveProperty('width');
    expect(validateParams(p, { initImageSize: { width: 512, height: 512 } })[0]?.message).toMatch(
      /must have one of the SDXL sizes/,
    );
    expect(
      validateParams(
        params({ modelId: SDXL, task: 'image-to-image', prompt: 'x', initImageId: 'i', width: 1024, height: 1024 }),
      )[0]?.field,
    ).toBe('width');
  });

  it('refuses to build without the source image bytes', () => {
    const p = params({ modelId: SDXL, task: 'image-to-image', prompt: 'x', initImageId: 'img1' });
    expect(() => buildRequestBody(p, { seed: 5 })).toThrow(/needs a source image/);
  });

  it('refuses a seed out of range', () => {
    expect(() => buildRequestBody(params({ modelId: SDXL, prompt: 'x' }), { seed: 4_294_967_296 })).toThrow(EaselError);
  });
});

describe('SDXL validator', () => {
  const issuesFor = (input: Parameters<typeof params>[0]) => validateParams(params(input));

  it('accepts a plain request', () => {
    expect(issuesFor({ modelId: SDXL, prompt: 'fox' })).toEqual([]);
  });

  it('names the step limit', () => {
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', steps: 9 })).toEqual([
      { field: 'steps', message: 'Steps must be between 10 and 150 for SDXL 1.0' },
    ]);
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', steps: 150 })).toEqual([]);
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', steps: 151 })[0]?.field).toBe('steps');
  });

  it('checks cfg scale, sizes, samplers, presets', () => {
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', cfgScale: 35 })).toEqual([]);
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', cfgScale: 35.5 })[0]?.message).toBe(
      'CFG scale must be between 0 and 35 for SDXL 1.0',
    );
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', width: 1024, height: 768 })[0]?.message).toMatch(
      /takes only these sizes: 1024x1024, 1152x896/,
    );
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', width: 1024 })[0]?.field).toBe('height');
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', sampler: 'EULER' })[0]?.field).toBe('sampler');
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', stylePreset: 'cinematic' })).toEqual([]);
    expect(issuesFor({ modelId: SDXL, prompt: 'fox', stylePreset: 'watercolor' })[0]?.field).toBe('stylePreset');
  });

  it('checks prompt length and presence', () => {
    expect(issuesFor({ modelId: SDXL, prompt: '' })[0]?.message).toBe('SDXL 1.0 needs a prompt');
    expect(issuesFor({ modelId: SDXL, prompt: 'a'.repeat(2000) })).toEqual([]);
    expect(issuesFor({ modelId: SDXL, prompt: 'a'.repeat(2001) })[0]?.message).toBe(
      'The prompt must be 1–2000 characters for SDXL 1.0 (it has 2001)',
    );
    expect(issuesFor({ modelId: SDXL, prompt: '', weightedPrompts: [{ text: 'fox', weight: 1 }] })).toEqual([]);
  });

  it('checks tasks and their inputs', () => {
    expect(issuesFor({ modelId: SDXL, task: 'outpaint', prompt: 'x' })[0]?.message).toMatch(
      /does not do outpainting; it supports text-to-image, image-to-image, inpainting/,
    );
    expect(issuesFor({ modelId: SDXL, task: 'image-to-image', prompt: 'x' })[0]?.field).toBe('initImageId');
    expect(issuesFor({ modelId: SDXL, task: 'inpaint', prompt: 'x', initImageId: 'a' })[0]?.field).toBe('maskImageId');
    expect(issuesFor({ modelId: SDXL, quality: 'premium', prompt: 'x' })[0]?.field).toBe('quality');
  });

  it('allows a locked seed of 0 (SDXL picks one and reports it)', () => {
    expect(issuesFor({ modelId: SDXL, prompt: 'x', seed: 0 })).toEqual([]);
    expect(issuesFor({ modelId: SDXL, prompt: 'x', seed: 4_294_967_295 })).toEqual([]);
  });
});

describe('SDXL parser', () => {
  it('reads images and seeds', () => {
    const result = parseResponseBody(SDXL, {
      result: 'success',
      artifacts: [{ seed: 99, base64: PNG_BASE64, finishReason: 'SUCCESS' }],
    });
    expect(result).toEqual({ images: [{ base64: PNG_BASE64, seed: 99, outcome: 'ok' }] });
  });

  it('reports content filtering and errors per image', () => {
    const result = parseResponseBody(SDXL, {
      result: 'success',
      artifacts: [
        { seed: 1, base64: PNG_BASE64, finishReason: 'CONTENT_FILTERED' },
        { seed: 2, base64: null, finishReason: 'ERROR' },
      ],
    });
    expect(result.images.map((i) => i.outcome)).toEqual(['filtered', 'error']);
    expect(result.images[0]?.base64).toBe('');
  });

  it('throws malformed-response for wrong shapes, bad base64 and non-images', () => {
    for (const body of [
      null,
      'x',
      {},
      { artifacts: [] },
      { artifacts: [{ base64: PNG_BASE64 }] },
      { artifacts: [{ base64: 'not base64!', finishReason: 'SUCCESS' }] },
      { artifacts: [{ base64: PNG_BASE64.slice(0, 10), finishReason: 'SUCCESS' }] },
      { artifacts: [{ base64: TEXT_BASE64, finishReason: 'SUCCESS' }] },
    ]) {
      expect(() => parseResponseBody(SDXL, body)).toThrowError(expect.objectContaining({ code: 'malformed-response' }));
    }
  });
});
