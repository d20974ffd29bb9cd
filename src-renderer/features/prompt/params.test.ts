import { describe, expect, it } from 'vitest';
import { findModel, listKnownModels, validateParams } from '../../../src-shared/models/index.ts';
import { buildParams, DEFAULT_FIELDS, fieldsFromParams, parseSeed, seedForRun } from './params.ts';

const sdxl = listKnownModels().find((m) => m.limits.samplers !== undefined);
const ratioModel = listKnownModels().find(
  (m) => m.limits.aspectRatios !== undefined && m.tasks.includes('text-to-image'),
);

describe('seed lock', () => {
  const modelId = sdxl?.id ?? '';
  it('locked with a seed: every run uses that seed', () => {
    const fields = { modelId, seedText: '1234', seedLocked: true };
    expect(seedForRun(fields).seed).toBe(1234);
    expect(seedForRun(fields).seed).toBe(1234);
  });

  it('locked with an empty field: picks one random seed and keeps it in the field', () => {
    const first = seedForRun({ modelId, seedText: '', seedLocked: true }, () => 0.5);
    expect(first.seed).toBeGreaterThan(0);
    expect(first.seedText).toBe(String(first.seed));
    expect(seedForRun({ modelId, seedText: first.seedText, seedLocked: true }, () => 0.9).seed).toBe(first.seed);
  });

  it('unlocked: no seed is sent (main picks one per image), whatever the field says', () => {
    expect(seedForRun({ modelId, seedText: '1234', seedLocked: false }).seed).toBeUndefined();
  });

  it('parses only whole numbers in the model range', () => {
    expect(parseSeed('42', sdxl)).toBe(42);
    expect(parseSeed('-1', sdxl)).toBeNull();
    expect(parseSeed('1.5', sdxl)).toBeNull();
    expect(parseSeed('99999999999', sdxl)).toBeNull();
  });
});

describe('params from the panel', () => {
  it('keeps only what the model supports, and the result validates', () => {
    expect(sdxl).toBeDefined();
    const spec = sdxl!;
    const size = spec.limits.sizes?.default;
    const params = buildParams(
      {
        ...DEFAULT_FIELDS,
        modelId: spec.id,
        prompt: 'a lighthouse',
        negativePrompt: 'blur',
        size: size ? `${size.width}x${size.height}` : '',
        steps: 30,
        cfgScale: 7,
        sampler: spec.limits.samplers?.[0] ?? '',
        aspectRatio: '16:9',
        count: 2,
      },
      77,
    );
    expect(params).toMatchObject({
      modelId: spec.id,
      prompt: 'a lighthouse',
      steps: 30,
      cfgScale: 7,
      seed: 77,
      count: 2,
    });
    expect(params.aspectRatio).toBeUndefined();
    expect(validateParams(params)).toEqual([]);
  });

  it('drops steps and sampler for an aspect-ratio model', () => {
    expect(ratioModel).toBeDefined();
    const params = buildParams(
      {
        ...DEFAULT_FIELDS,
        modelId: ratioModel!.id,
        prompt: 'x',
        steps: 30,
        sampler: 'K_EULER',
        size: '1024x1024',
        aspectRatio: ratioModel!.limits.aspectRatios?.[0] ?? '',
      },
      undefined,
    );
    expect(params.steps).toBeUndefined();
    expect(params.sampler).toBeUndefined();
    expect(params.width).toBeUndefined();
    expect(params.seed).toBeUndefined();
    expect(params.aspectRatio).toBe(ratioModel!.limits.aspectRatios?.[0]);
  });

  it('restoring a run locks its seed and round-trips the settings', () => {
    const spec = findModel(sdxl!.id)!;
    const original = buildParams({ ...DEFAULT_FIELDS, modelId: spec.id, prompt: 'p', steps: 40, count: 3 }, undefined);
    const fields = { ...DEFAULT_FIELDS, ...fieldsFromParams(original, 555) };
    expect(fields).toMatchObject({ seedText: '555', seedLocked: true, steps: 40, count: 3, prompt: 'p' });
    expect(buildParams(fields, seedForRun(fields).seed)).toEqual({ ...original, seed: 555 });
  });
});
