// All thirteen Stability Image Services through the real AWS SDK against the emulator, invoked the
// way Easel routes them from a us-east-1 profile (the `us.` inference profile, resolveInvocation):
// each with its own parameters, and one limit violation each that the catalog refuses before
// sending and the emulator refuses when sent anyway.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient, invokeImageModel } from '../../src-main/core/bedrock/index.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { GenerationParamsSchema } from '../../src-shared/domain.ts';
import type { GenerationParams, GenerationParamsInput } from '../../src-shared/domain.ts';
import {
  buildRequestBody,
  findModel,
  IMAGE_SERVICE_IDS,
  parseResponseBody,
  resolveInvocation,
  validateParams,
} from '../../src-shared/models/index.ts';
import { easelErrorOf } from '../support/easel-error.ts';

let emu: RunningEmulator;
let client: ReturnType<typeof createRuntimeClient>;
let source: string;
let style: string;
let mask: string;
let large: string;
const REGION = 'us-east-1';
const id = (name: string) => `stability.${name}-v1:0`;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, randomSeed: 3 });
  client = createRuntimeClient({ region: REGION, credentials: EMULATOR_DEFAULT_CREDENTIALS, endpoint: emu.url });
  const png = (r: number, g: number, b: number) =>
    sharp({ create: { width: 256, height: 192, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();
  source = (await png(40, 120, 200)).toString('base64');
  style = (await png(220, 180, 20)).toString('base64');
  large = (
    await sharp({ create: { width: 1600, height: 800, channels: 3, background: '#888' } })
      .png()
      .toBuffer()
  ).toString('base64');
  mask = (
    await sharp({ create: { width: 256, height: 192, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .composite([{ input: { create: { width: 96, height: 96, channels: 3, background: '#fff' } }, left: 80, top: 48 }])
      .png()
      .toBuffer()
  ).toString('base64');
});

afterAll(async () => {
  await emu.stop();
});

interface Case {
  params: Omit<GenerationParamsInput, 'modelId'>;
  /** A Bedrock field and a value outside its limit, with the catalog field that names it. */
  violation: { key: string; value: unknown; field: string };
}

const CASES: Record<string, Case> = {
  'stable-image-inpaint': {
    params: { task: 'inpaint', prompt: 'a cat', maskImageId: 'm', stylePreset: 'anime', extra: { grow_mask: 8 } },
    violation: { key: 'grow_mask', value: 21, field: 'extra.grow_mask' },
  },
  'stable-outpaint': {
    params: { task: 'outpaint', prompt: 'sea', outpaint: { left: 64, down: 32 }, extra: { creativity: 0.6 } },
    violation: { key: 'creativity', value: 1.5, field: 'extra.creativity' },
  },
  'stable-image-erase-object': {
    params: { task: 'erase-object', maskImageId: 'm', extra: { grow_mask: 3 } },
    violation: { key: 'grow_mask', value: 25, field: 'extra.grow_mask' },
  },
  'stable-image-remove-background': {
    params: { task: 'remove-background', outputFormat: 'jpeg' },
    violation: { key: 'output_format', value: 'gif', field: 'outputFormat' },
  },
  'stable-image-search-replace': {
    params: { task: 'search-replace', prompt: 'a dog', extra: { search_prompt: 'the cat', grow_mask: 4 } },
    violation: { key: 'grow_mask', value: 21, field: 'extra.grow_mask' },
  },
  'stable-image-search-recolor': {
    params: { task: 'search-recolor', prompt: 'red', stylePreset: 'photographic', extra: { select_prompt: 'the sky' } },
    violation: { key: 'grow_mask', value: -1, field: 'extra.grow_mask' },
  },
  'stable-image-control-sketch': {
    params: { task: 'control-sketch', prompt: 'a castle', stylePreset: 'line-art', extra: { control_strength: 0.6 } },
    violation: { key: 'control_strength', value: 1.5, field: 'extra.control_strength' },
  },
  'stable-image-control-structure': {
    params: { task: 'control-structure', prompt: 'a castle', extra: { control_strength: 0.9 } },
    violation: { key: 'control_strength', value: -0.5, field: 'extra.control_strength' },
  },
  'stable-image-style-guide': {
    params: { task: 'style-guide', prompt: 'a lighthouse', aspectRatio: '3:2', extra: { fidelity: 0.7 } },
    violation: { key: 'fidelity', value: 2, field: 'extra.fidelity' },
  },
  'stable-style-transfer': {
    params: {
      task: 'style-transfer',
      styleImageId: 's',
      extra: { style_strength: 0.8, composition_fidelity: 0.9, change_strength: 0.5 },
    },
    violation: { key: 'change_strength', value: 0.05, field: 'extra.change_strength' },
  },
  'stable-fast-upscale': {
    params: { task: 'upscale' },
    // Each side at most 1,536 px: a 1600×800 source.
    violation: { key: 'image', value: 'large', field: 'initImageId' },
  },
  'stable-conservative-upscale': {
    // 0.1 is the 2026 lower bound (it was 0.2).
    params: { task: 'upscale', prompt: 'crisp', extra: { creativity: 0.1 } },
    violation: { key: 'creativity', value: 0.6, field: 'extra.creativity' },
  },
  'stable-creative-upscale': {
    params: { task: 'upscale', prompt: 'crisp', stylePreset: 'enhance', extra: { creativity: 0.2 } },
    violation: { key: 'creativity', value: 0.6, field: 'extra.creativity' },
  },
};

function paramsFor(name: string): GenerationParams {
  return GenerationParamsSchema.parse({ modelId: id(name), initImageId: 'i', ...CASES[name]!.params });
}

/** The field of the catalog's first issue with the violation applied (a schema refusal: the field). */
function catalogRefusal(params: GenerationParams, violation: Case['violation']): string | undefined {
  if (violation.key === 'image')
    return validateParams(params, { initImageSize: { width: 1600, height: 800 } })[0]?.field.toString();
  if (violation.key === 'output_format') {
    const parsed = GenerationParamsSchema.safeParse({ ...params, outputFormat: violation.value });
    return parsed.success ? undefined : String(parsed.error.issues[0]?.path[0]);
  }
  const extra = { ...params.extra, [violation.key]: violation.value as number };
  return validateParams({ ...params, extra })[0]?.field.toString();
}

const ctx = () => ({ seed: 11, initImageBase64: source, maskBase64: mask, styleImageBase64: style });

describe('the thirteen Image Services through the SDK and the emulator', () => {
  it('cover every service the catalog lists', () => {
    expect(Object.keys(CASES).map(id).sort()).toEqual([...IMAGE_SERVICE_IDS].sort());
  });

  it.each(Object.keys(CASES))('%s: routed through us. from us-east-1, round-trips to an image', async (name) => {
    const spec = findModel(id(name))!;
    const invocation = resolveInvocation(spec, REGION, ['us-west-2']);
    expect(invocation).toEqual({
      ok: true,
      region: REGION,
      invokeId: `us.${id(name)}`,
      via: 'inference-profile',
    });
    const params = paramsFor(name);
    expect(validateParams(params, { initImageSize: { width: 256, height: 192 } })).toEqual([]);
    const body = buildRequestBody(params, ctx());
    const result = await invokeImageModel(client, { modelId: invocation.ok ? invocation.invokeId : '', body });
    const image = parseResponseBody(invocation.ok ? invocation.invokeId : '', result.body).images[0];
    expect(image?.outcome).toBe('ok');
    const meta = await sharp(Buffer.from(image!.base64, 'base64')).metadata();
    expect(meta.width).toBeGreaterThan(0);
    if (name === 'stable-image-remove-background') expect(meta.format).toBe('jpeg');
    if (name === 'stable-fast-upscale') expect(meta.width).toBe(1024);
  });

  it.each(Object.keys(CASES))('%s: a limit violation is refused before sending, and by Bedrock', async (name) => {
    const { violation } = CASES[name]!;
    const params = paramsFor(name);
    // The catalog refuses it, naming the field.
    expect(catalogRefusal(params, violation)).toBe(violation.field);
    // Sent anyway, the emulator answers ValidationException, which Easel reports as 'validation'.
    const value = violation.key === 'image' ? large : violation.value;
    const body = { ...buildRequestBody(params, ctx()), [violation.key]: value };
    const error = await easelErrorOf(
      invokeImageModel(client, { modelId: `us.${id(name)}`, body, retry: { maxAttempts: 1 } }),
    );
    expect(error.code).toBe('validation');
  });
});
