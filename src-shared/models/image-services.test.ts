// The thirteen Image Services of 2026: each one's exact body, and its limits named in messages.
import { describe, expect, it } from 'vitest';
import type { GenerationParamsInput } from '../domain.ts';
import { buildRequestBody, findModel, IMAGE_SERVICE_IDS, SERVICES, validateParams } from './index.ts';
import { PNG_BASE64, params } from './test-helpers.ts';

const IMG = PNG_BASE64;
const STYLE = 'U1RZTEU=';
const MASK = 'TUFTSw==';
const ctx = { seed: 7, initImageBase64: IMG, maskBase64: MASK, styleImageBase64: STYLE };
const id = (name: string) => `stability.${name}-v1:0`;
const build = (input: GenerationParamsInput) => JSON.stringify(buildRequestBody(params(input), ctx));
const firstIssue = (input: GenerationParamsInput, size?: { width: number; height: number }) =>
  validateParams(params(input), size ? { initImageSize: size } : {})[0];

describe('the thirteen services', () => {
  it('are all in the catalog, one task each, named by base id', () => {
    expect(SERVICES.map((s) => id(s.name))).toEqual(IMAGE_SERVICE_IDS);
    for (const serviceId of IMAGE_SERVICE_IDS) {
      const spec = findModel(serviceId);
      expect(spec?.known, serviceId).toBe(true);
      expect(spec?.tasks).toHaveLength(1);
      expect(findModel(`us.${serviceId}`)?.label).toBe(spec?.label);
    }
  });

  it('take style_preset only where Bedrock accepts it', () => {
    const withPreset = IMAGE_SERVICE_IDS.filter((s) => findModel(s)?.limits.stylePresets !== undefined);
    expect(withPreset).toEqual([
      id('stable-image-inpaint'),
      id('stable-outpaint'),
      id('stable-image-search-recolor'),
      id('stable-image-control-sketch'),
      id('stable-creative-upscale'),
    ]);
    expect(
      firstIssue({
        modelId: id('stable-image-control-structure'),
        task: 'control-structure',
        prompt: 'x',
        initImageId: 'i',
        stylePreset: 'anime',
      }),
    ).toEqual({ field: 'stylePreset', message: 'Stable Image Control Structure does not take a style preset' });
  });
});

describe('builders of the new services', () => {
  it('search and replace: prompt + search_prompt', () => {
    expect(
      build({
        modelId: id('stable-image-search-replace'),
        task: 'search-replace',
        prompt: 'a golden retriever',
        negativePrompt: 'cat',
        initImageId: 'i',
        extra: { search_prompt: 'the cat', grow_mask: 6 },
        outputFormat: 'webp',
      }),
    ).toBe(
      JSON.stringify({
        prompt: 'a golden retriever',
        negative_prompt: 'cat',
        search_prompt: 'the cat',
        image: IMG,
        grow_mask: 6,
        seed: 7,
        output_format: 'webp',
      }),
    );
  });

  it('search and recolor: prompt + select_prompt, with a style preset', () => {
    expect(
      build({
        modelId: id('stable-image-search-recolor'),
        task: 'search-recolor',
        prompt: 'bright red',
        initImageId: 'i',
        stylePreset: 'photographic',
        extra: { select_prompt: 'the car' },
      }),
    ).toBe(
      JSON.stringify({
        prompt: 'bright red',
        select_prompt: 'the car',
        image: IMG,
        style_preset: 'photographic',
        seed: 7,
        output_format: 'png',
      }),
    );
  });

  it('control sketch and control structure: control_strength', () => {
    expect(
      build({
        modelId: id('stable-image-control-sketch'),
        task: 'control-sketch',
        prompt: 'a castle',
        initImageId: 'i',
        stylePreset: 'line-art',
        extra: { control_strength: 0.8 },
      }),
    ).toBe(
      JSON.stringify({
        prompt: 'a castle',
        image: IMG,
        control_strength: 0.8,
        style_preset: 'line-art',
        seed: 7,
        output_format: 'png',
      }),
    );
    expect(
      build({
        modelId: id('stable-image-control-structure'),
        task: 'control-structure',
        prompt: 'a castle',
        initImageId: 'i',
        extra: { control_strength: 0 },
      }),
    ).toBe(JSON.stringify({ prompt: 'a castle', image: IMG, control_strength: 0, seed: 7, output_format: 'png' }));
  });

  it('style guide: fidelity and an aspect ratio', () => {
    expect(
      build({
        modelId: id('stable-image-style-guide'),
        task: 'style-guide',
        prompt: 'a lighthouse',
        initImageId: 'i',
        aspectRatio: '16:9',
        extra: { fidelity: 0.6 },
      }),
    ).toBe(
      JSON.stringify({
        prompt: 'a lighthouse',
        image: IMG,
        fidelity: 0.6,
        aspect_ratio: '16:9',
        seed: 7,
        output_format: 'png',
      }),
    );
  });

  it('style transfer: init_image + style_image and its three strengths; the prompt is optional', () => {
    expect(
      build({
        modelId: id('stable-style-transfer'),
        task: 'style-transfer',
        initImageId: 'i',
        styleImageId: 's',
        extra: { style_strength: 0.5, composition_fidelity: 0.8, change_strength: 0.3 },
      }),
    ).toBe(
      JSON.stringify({
        init_image: IMG,
        style_image: STYLE,
        style_strength: 0.5,
        composition_fidelity: 0.8,
        change_strength: 0.3,
        seed: 7,
        output_format: 'png',
      }),
    );
    expect(() =>
      buildRequestBody(
        params({ modelId: id('stable-style-transfer'), task: 'style-transfer', initImageId: 'i', styleImageId: 's' }),
        { seed: 7, initImageBase64: IMG },
      ),
    ).toThrow(/needs a style image/);
  });

  it('conservative upscale: prompt and creativity', () => {
    expect(
      build({
        modelId: id('stable-conservative-upscale'),
        task: 'upscale',
        prompt: 'crisp',
        initImageId: 'i',
        extra: { creativity: 0.1 },
      }),
    ).toBe(JSON.stringify({ prompt: 'crisp', image: IMG, creativity: 0.1, seed: 7, output_format: 'png' }));
  });

  it('remove background returns jpeg, png or webp', () => {
    for (const outputFormat of ['jpeg', 'png', 'webp'] as const) {
      expect(
        build({
          modelId: id('stable-image-remove-background'),
          task: 'remove-background',
          initImageId: 'i',
          outputFormat,
        }),
      ).toBe(JSON.stringify({ image: IMG, output_format: outputFormat }));
    }
  });
});

describe('limits, each named with its field', () => {
  const cases: [string, GenerationParamsInput, string, string][] = [
    [
      'search_prompt required',
      { modelId: id('stable-image-search-replace'), task: 'search-replace', prompt: 'x', initImageId: 'i' },
      'extra.search_prompt',
      'Stable Image Search and Replace needs search_prompt (what to replace)',
    ],
    [
      'select_prompt required',
      { modelId: id('stable-image-search-recolor'), task: 'search-recolor', prompt: 'red', initImageId: 'i' },
      'extra.select_prompt',
      'Stable Image Search and Recolor needs select_prompt (what to recolor)',
    ],
    [
      'grow_mask 0-20',
      {
        modelId: id('stable-image-search-recolor'),
        task: 'search-recolor',
        prompt: 'red',
        initImageId: 'i',
        extra: { select_prompt: 'car', grow_mask: 21 },
      },
      'extra.grow_mask',
      'Grow mask must be between 0 and 20 for Stable Image Search and Recolor',
    ],
    [
      'control_strength 0-1',
      {
        modelId: id('stable-image-control-sketch'),
        task: 'control-sketch',
        prompt: 'x',
        initImageId: 'i',
        extra: { control_strength: 1.5 },
      },
      'extra.control_strength',
      'Control strength must be between 0 and 1 for Stable Image Control Sketch',
    ],
    [
      'fidelity 0-1',
      {
        modelId: id('stable-image-style-guide'),
        task: 'style-guide',
        prompt: 'x',
        initImageId: 'i',
        extra: { fidelity: -0.1 },
      },
      'extra.fidelity',
      'Fidelity must be between 0 and 1 for Stable Image Style Guide',
    ],
    [
      'change_strength 0.1-1',
      {
        modelId: id('stable-style-transfer'),
        task: 'style-transfer',
        initImageId: 'i',
        styleImageId: 's',
        extra: { change_strength: 0.05 },
      },
      'extra.change_strength',
      'Change strength must be between 0.1 and 1 for Stable Style Transfer',
    ],
    [
      'style image required',
      { modelId: id('stable-style-transfer'), task: 'style-transfer', initImageId: 'i' },
      'styleImageId',
      'Stable Style Transfer needs a style image (style_image)',
    ],
    [
      'conservative creativity 0.1-0.5',
      {
        modelId: id('stable-conservative-upscale'),
        task: 'upscale',
        prompt: 'x',
        initImageId: 'i',
        extra: { creativity: 0.6 },
      },
      'extra.creativity',
      'Creativity must be between 0.1 and 0.5 for Stable Conservative Upscale',
    ],
    [
      'style guide aspect ratios',
      {
        modelId: id('stable-image-style-guide'),
        task: 'style-guide',
        prompt: 'x',
        initImageId: 'i',
        aspectRatio: '7:3',
      },
      'aspectRatio',
      'Stable Image Style Guide has no aspect ratio "7:3"; choose one of 16:9, 1:1, 21:9, 2:3, 3:2, 4:5, 5:4, 9:16, 9:21',
    ],
    [
      'an option the service does not take',
      {
        modelId: id('stable-image-erase-object'),
        task: 'erase-object',
        initImageId: 'i',
        maskImageId: 'm',
        extra: { fidelity: 0.5 },
      },
      'extra.fidelity',
      'Stable Image Erase Object takes no option fidelity (its options: grow_mask)',
    ],
    [
      'grow_mask is a whole number',
      {
        modelId: id('stable-image-erase-object'),
        task: 'erase-object',
        initImageId: 'i',
        maskImageId: 'm',
        extra: { grow_mask: 2.5 },
      },
      'extra.grow_mask',
      'grow_mask must be a whole number for Stable Image Erase Object',
    ],
  ];
  it.each(cases)('%s', (_name, input, field, message) => {
    expect(firstIssue(input)).toEqual({ field, message });
  });

  it('checks the 2026 input sizes of the upscalers', () => {
    const fast = { modelId: id('stable-fast-upscale'), task: 'upscale', initImageId: 'i' } as const;
    expect(firstIssue(fast, { width: 1536, height: 682 })).toBeUndefined();
    expect(firstIssue(fast, { width: 1024, height: 1025 })?.message).toBe(
      'The source image (1024×1025) must have at most 1,048,576 pixels for Stable Fast Upscale (4×)',
    );
    expect(firstIssue(fast, { width: 32, height: 31 })?.message).toBe(
      'The source image (32×31) must be at least 32 px on each side for Stable Fast Upscale (4×)',
    );
    expect(firstIssue(fast, { width: 32, height: 32 })).toBeUndefined();
    const creative = {
      modelId: id('stable-creative-upscale'),
      task: 'upscale',
      prompt: 'x',
      initImageId: 'i',
    } as const;
    expect(firstIssue(creative, { width: 64, height: 63 })?.message).toMatch(/at least 64 px/);
    expect(firstIssue(creative, { width: 64, height: 64 })).toBeUndefined();
    expect(firstIssue(creative, { width: 1024, height: 1025 })?.message).toBe(
      'The source image (1024×1025) must have at most 1,048,576 pixels for Stable Creative Upscale',
    );
    const conservative = {
      modelId: id('stable-conservative-upscale'),
      task: 'upscale',
      prompt: 'x',
      initImageId: 'i',
    } as const;
    expect(firstIssue(conservative, { width: 3072, height: 3072 })).toBeUndefined();
    expect(firstIssue(conservative, { width: 3072, height: 3073 })?.message).toMatch(/at most 9,437,184 pixels/);
  });
});
