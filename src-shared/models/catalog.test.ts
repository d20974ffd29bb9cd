import { describe, expect, it } from 'vitest';
import {
  buildRequestBody,
  findModel,
  imageSeed,
  listKnownModels,
  mergeDiscovered,
  randomSeed,
  runSeeds,
  validateParams,
} from './index.ts';
import { PNG_BASE64, params } from './test-helpers.ts';

describe('findModel', () => {
  it('finds known models, cross-region and ARN forms', () => {
    expect(findModel('stability.sd3-5-large-v1:0')?.label).toBe('SD3.5 Large');
    const us = findModel('us.stability.sd3-5-large-v1:0');
    expect(us?.id).toBe('us.stability.sd3-5-large-v1:0');
    expect(us?.baseId).toBe('stability.sd3-5-large-v1:0');
    expect(findModel('apac.amazon.nova-canvas-v1:0')?.label).toBe('Nova Canvas');
    expect(
      findModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-canvas-v1:0')?.family,
    ).toBe('amazon-image');
  });

  it('treats unknown ids of a known family as usable, labelled from the id', () => {
    const next = findModel('stability.sd3-7-large-v1:0');
    expect(next).toMatchObject({
      family: 'stability-v2',
      known: false,
      label: 'Stability (stability.sd3-7-large-v1:0)',
    });
    expect(next?.tasks).toContain('text-to-image');
    expect(findModel('amazon.nova-canvas-v2:0')?.limits.seed.max).toBe(858_993_459);
    expect(findModel('stability.stable-image-core-v2:0')?.family).toBe('stability-v2');
    expect(findModel('stability.stable-image-sharpen-v1:0')).toMatchObject({ family: 'stability-services', tasks: [] });
    expect(findModel('meta.llama3')).toBeUndefined();
    expect(validateParams(params({ modelId: 'meta.llama3', prompt: 'x' }))[0]?.field).toBe('modelId');
  });

  it('carries lifecycles', () => {
    expect(findModel('stability.stable-diffusion-xl-v1')?.lifecycle).toMatchObject({
      status: 'end-of-life',
      since: '2025-05-20',
      replacementId: 'stability.stable-image-core-v1:1',
    });
    expect(findModel('amazon.titan-image-generator-v2:0')?.lifecycle).toMatchObject({
      status: 'end-of-life',
      since: '2026-06-30',
    });
    // 2026: Nova Canvas reached its end of life on 2026-09-30 (legacy since 2026-03-30).
    expect(findModel('amazon.nova-canvas-v1:0')?.lifecycle.status).toBe('end-of-life');
    for (const spec of listKnownModels()) {
      if (spec.lifecycle.replacementId)
        expect(findModel(spec.lifecycle.replacementId)?.lifecycle.status).toBe('active');
    }
  });
});

describe('determinism', () => {
  it('the same params and seed build identical bodies for every known model', () => {
    for (const spec of listKnownModels()) {
      const task = spec.tasks[0]!;
      const p = params({
        modelId: spec.id,
        task,
        prompt: spec.limits.promptMaxChars > 0 ? 'a quiet harbour' : '',
        ...(task === 'text-to-image' ? {} : { initImageId: 'i' }),
        ...(task === 'erase-object' ? { maskImageId: 'm' } : {}),
        ...(task === 'outpaint' ? { outpaint: { left: 64 } } : {}),
        ...(task === 'search-replace' ? { extra: { search_prompt: 'the boat' } } : {}),
        ...(task === 'search-recolor' ? { extra: { select_prompt: 'the boat' } } : {}),
        ...(task === 'style-transfer' ? { styleImageId: 's' } : {}),
      });
      const ctx = { seed: 1234, initImageBase64: PNG_BASE64, maskBase64: PNG_BASE64, styleImageBase64: PNG_BASE64 };
      const a = JSON.stringify(buildRequestBody(p, ctx));
      const b = JSON.stringify(buildRequestBody(structuredClone(p), { ...ctx }));
      expect(a).toBe(b);
      if (
        spec.baseId !== 'stability.stable-image-remove-background-v1:0' &&
        spec.baseId !== 'stability.stable-fast-upscale-v1:0'
      ) {
        expect(JSON.stringify(buildRequestBody(p, { ...ctx, seed: 1235 }))).not.toBe(a);
      }
    }
  });
});

describe('imageSeed (one seed, several images)', () => {
  it('image i uses seed + i', () => {
    expect(runSeeds('amazon.titan-image-generator-v2:0', 42, 3)).toEqual([42, 43, 44]);
    expect(imageSeed('amazon.titan-image-generator-v2:0', 42, 0)).toBe(42);
  });

  it("wraps to the start of the model's range past its end (SDXL starts at 1)", () => {
    expect(runSeeds('stability.stable-diffusion-xl-v1', 4_294_967_294, 3)).toEqual([4_294_967_294, 4_294_967_295, 1]);
    expect(runSeeds('amazon.nova-canvas-v1:0', 858_993_459, 2)).toEqual([858_993_459, 0]);
  });
});

describe('randomSeed', () => {
  it("stays within each family's range; SDXL never 0", () => {
    expect(randomSeed('stability.stable-diffusion-xl-v1', () => 0)).toBe(1);
    expect(randomSeed('stability.stable-diffusion-xl-v1', () => 0.9999999999999999)).toBe(4_294_967_295);
    expect(randomSeed('stability.sd3-5-large-v1:0', () => 0)).toBe(0);
    expect(randomSeed('stability.sd3-5-large-v1:0', () => 0.9999999999999999)).toBe(4_294_967_294);
    expect(randomSeed('amazon.nova-canvas-v1:0', () => 0.9999999999999999)).toBe(858_993_459);
    expect(randomSeed('amazon.titan-image-generator-v2:0', () => 0.5)).toBe(1_073_741_823);
  });
});

describe('mergeDiscovered', () => {
  it('offline: the built-in list, availability unknown', () => {
    const entries = mergeDiscovered(undefined);
    expect(entries.map((e) => e.spec.id)).toEqual(listKnownModels().map((s) => s.id));
    expect(entries.every((e) => e.listed === 'unknown' && e.usable)).toBe(true);
  });

  it('merges a listing: known, unknown-of-family, LEGACY, foreign, missing', () => {
    const entries = mergeDiscovered([
      {
        modelId: 'stability.sd3-5-large-v1:0',
        modelName: 'SD3.5 Large',
        outputModalities: ['IMAGE'],
        lifecycleStatus: 'ACTIVE',
      },
      { modelId: 'stability.stable-image-ultra-v1:1', outputModalities: ['IMAGE'], lifecycleStatus: 'LEGACY' },
      {
        modelId: 'stability.sd4-large-v1:0',
        modelName: 'Stable Diffusion 4 Large',
        outputModalities: ['IMAGE'],
        lifecycleStatus: 'ACTIVE',
      },
      { modelId: 'amazon.nova-canvas-v1:0', outputModalities: ['IMAGE'], lifecycleStatus: 'LEGACY' },
      { modelId: 'acme.painter-v1', outputModalities: ['IMAGE'], lifecycleStatus: 'ACTIVE' },
      { modelId: 'amazon.nova-reel-v1:0', outputModalities: ['VIDEO'], lifecycleStatus: 'ACTIVE' },
    ]);
    const byBase = new Map(entries.map((e) => [e.spec.baseId, e]));
    expect(byBase.get('stability.sd3-5-large-v1:0')).toMatchObject({
      listed: true,
      usable: true,
      awsLifecycle: 'ACTIVE',
    });
    expect(byBase.get('stability.stable-image-ultra-v1:1')?.spec.lifecycle.status).toBe('legacy');
    expect(byBase.get('stability.sd4-large-v1:0')).toMatchObject({
      listed: true,
      usable: true,
      spec: { known: false, label: 'Stable Diffusion 4 Large', family: 'stability-v2' },
    });
    // 2026: Nova Canvas is retired; an AWS LEGACY listing does not bring it back.
    expect(byBase.get('amazon.nova-canvas-v1:0')?.spec.lifecycle.status).toBe('end-of-life');
    expect(byBase.has('acme.painter-v1')).toBe(false);
    expect(byBase.has('amazon.nova-reel-v1:0')).toBe(false);
    expect(byBase.get('stability.stable-diffusion-xl-v1')).toMatchObject({
      listed: false,
      spec: { lifecycle: { status: 'end-of-life' } },
    });
    expect(entries.slice(0, 4).every((e) => e.listed === true)).toBe(true);
  });

  it('keeps the invokable id of services listed by base id', () => {
    // 2026: services are named by their base id in Easel; the `us.` profile is what is invoked.
    const entries = mergeDiscovered([{ modelId: 'stability.stable-image-inpaint-v1:0', outputModalities: ['IMAGE'] }], {
      region: 'us-east-1',
    });
    expect(entries[0]).toMatchObject({
      listed: true,
      spec: { id: 'stability.stable-image-inpaint-v1:0' },
      invokeId: 'us.stability.stable-image-inpaint-v1:0',
    });
  });
});
