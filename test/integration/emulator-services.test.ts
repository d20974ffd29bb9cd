// The thirteen Stability Image Services of 2026 through the real SDK (us. profiles from us-east-1):
// each one round-trips with its own parameters and refuses one of its limits; unknown fields get
// Stability's detail; every schema violation is listed in one message; spelled-out defaults give
// the same bytes; edits visibly derive from their inputs; the billing log uses the 2026 prices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { startEmulator } from '../../src-main/emulator/index.ts';
import {
  imageMeta,
  invokeFailure,
  invokeImage,
  invokeJson,
  pixelAt,
  runtimeClient,
  solidPng,
} from '../support/emulator-calls.ts';

let emulator: RunningEmulator;
let east: BedrockRuntimeClient;
let west: BedrockRuntimeClient;
let grey: string;

const us = (service: string): string => `us.stability.${service}-v1:0`;
const malformed = (violations: string): string =>
  `Malformed input request: ${violations}, please reformat your input and try again.`;

beforeAll(async () => {
  emulator = await startEmulator({ randomSeed: 21 });
  east = runtimeClient(emulator, 'us-east-1');
  west = runtimeClient(emulator, 'us-west-2');
  grey = await solidPng(128, 96, '#808080');
});
afterAll(async () => {
  east.destroy();
  west.destroy();
  await emulator.stop();
});

/** A black cross on white: a sketch with clear edges. */
async function sketchPng(size: number): Promise<string> {
  const bar = (w: number, h: number): Promise<Buffer> =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
  return (
    await sharp({ create: { width: size, height: size, channels: 3, background: '#ffffff' } })
      .composite([
        { input: await bar(size, 4), left: 0, top: size / 2 - 2 },
        { input: await bar(4, size), left: size / 2 - 2, top: 0 },
      ])
      .png()
      .toBuffer()
  ).toString('base64');
}

// [service, its own parameters (IMG = the grey input), expected width x height, a limit violation, its message]
const CASES: Array<[string, Record<string, unknown>, [number, number], Record<string, unknown>, string]> = [
  [
    'stable-image-inpaint',
    { prompt: 'a blue cat', image: 'IMG', grow_mask: 12, style_preset: 'anime' },
    [128, 96],
    { grow_mask: 21 },
    '#/grow_mask: 21 is not less or equal to 20',
  ],
  [
    'stable-outpaint',
    { image: 'IMG', left: 32, down: 16, creativity: 0.8, style_preset: 'origami' },
    [160, 112],
    { right: 2001 },
    '#/right: 2001 is not less or equal to 2000',
  ],
  [
    'stable-image-erase-object',
    { image: 'IMG', mask: 'MASK', grow_mask: 0 },
    [128, 96],
    { grow_mask: -1 },
    '#/grow_mask: -1 is not greater or equal to 0',
  ],
  [
    'stable-image-remove-background',
    { image: 'IMG', output_format: 'jpeg' },
    [128, 96],
    { output_format: 'gif' },
    '#/output_format: gif is not a valid enum value',
  ],
  ['stable-fast-upscale', { image: 'IMG', output_format: 'webp' }, [512, 384], {}, ''],
  [
    'stable-conservative-upscale',
    { prompt: 'crisp', image: 'IMG', creativity: 0.1 },
    [2365, 1774],
    { creativity: 0.55 },
    '#/creativity: 0.55 is not less or equal to 0.5',
  ],
  [
    'stable-creative-upscale',
    { prompt: 'crisp', image: 'IMG', creativity: 0.45, style_preset: 'cinematic' },
    [2365, 1774],
    { creativity: 0.05 },
    '#/creativity: 0.05 is not greater or equal to 0.1',
  ],
  [
    'stable-image-search-replace',
    { prompt: 'a red ball', search_prompt: 'the box', image: 'IMG', grow_mask: 6 },
    [128, 96],
    { search_prompt: '' },
    '#/search_prompt: expected minLength: 1, actual: 0',
  ],
  [
    'stable-image-search-recolor',
    { prompt: 'green', select_prompt: 'the car', image: 'IMG', style_preset: 'photographic' },
    [128, 96],
    { grow_mask: 30 },
    '#/grow_mask: 30 is not less or equal to 20',
  ],
  [
    'stable-image-control-sketch',
    { prompt: 'a castle', image: 'IMG', control_strength: 0.9, style_preset: 'line-art' },
    [128, 96],
    { control_strength: 1.5 },
    '#/control_strength: 1.5 is not less or equal to 1',
  ],
  [
    'stable-image-control-structure',
    { prompt: 'a castle', image: 'IMG', control_strength: 0.2 },
    [128, 96],
    { control_strength: -0.1 },
    '#/control_strength: -0.1 is not greater or equal to 0',
  ],
  [
    'stable-image-style-guide',
    { prompt: 'a castle', image: 'IMG', fidelity: 0.9, aspect_ratio: '16:9' },
    [1344, 768],
    { fidelity: 2 },
    '#/fidelity: 2.0 is not less or equal to 1',
  ],
  [
    'stable-style-transfer',
    {
      init_image: 'IMG',
      style_image: 'IMG',
      style_strength: 0.6,
      composition_fidelity: 0.5,
      change_strength: 0.4,
      prompt: 'oil',
    },
    [128, 96],
    { change_strength: 0.05 },
    '#/change_strength: 0.05 is not greater or equal to 0.1',
  ],
];

/** Remove-background and fast-upscale take no seed (Stability's field lists). */
const seeded = (service: string, seed: number): { seed?: number } =>
  ['stable-image-remove-background', 'stable-fast-upscale'].includes(service) ? {} : { seed };

function withImages(body: Record<string, unknown>, mask: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === 'IMG' ? grey : v === 'MASK' ? mask : v]));
}

describe('every service round-trips with its own parameters and refuses a limit', () => {
  it.each(CASES)('%s', async (service, params, [width, height], violation, message) => {
    const mask = await solidPng(128, 96, '#ffffff');
    const body = { ...withImages(params, mask), ...seeded(service, 9) };
    const out = await invokeJson(east, us(service), body);
    expect(out.finish_reasons).toEqual([null]);
    if (seeded(service, 9).seed !== undefined) expect(out.seeds).toEqual([9]);
    const format = (params.output_format as string | undefined) ?? 'png';
    expect(await imageMeta((out.images as string[])[0] ?? '')).toEqual({ width, height, format });
    if (message === '') return;
    const error = await invokeFailure(east, us(service), { ...body, ...violation });
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(malformed(message));
  });

  it('image size limits: fast-upscale 32 px a side and 1,048,576 px at most, creative-upscale 64 px a side (so 4,096 px at least), conservative up to 9,437,184', async () => {
    expect(
      (await invokeFailure(east, us('stable-fast-upscale'), { image: await solidPng(32, 31, '#000') })).message,
    ).toBe(malformed('#/image: image is 32x31; each side must be at least 32 pixels'));
    expect(
      (await invokeFailure(east, us('stable-fast-upscale'), { image: await solidPng(1100, 1000, '#000') })).message,
    ).toBe(malformed('#/image: image has 1100000 pixels; the maximum is 1048576'));
    expect(
      (await invokeFailure(east, us('stable-creative-upscale'), { prompt: 'x', image: await solidPng(64, 63, '#000') }))
        .message,
    ).toBe(malformed('#/image: image is 64x63; each side must be at least 64 pixels'));
    const big = await invokeImage(east, us('stable-conservative-upscale'), {
      prompt: 'x',
      image: await solidPng(2048, 1024, '#123456'),
      seed: 1,
      output_format: 'jpeg',
    });
    expect(await imageMeta(big)).toMatchObject({ width: 2896, height: 1448 });
  });

  it('style_preset is taken by inpaint, outpaint, search-recolor, creative-upscale and control-sketch only', async () => {
    for (const service of [
      'stable-image-search-replace',
      'stable-image-control-structure',
      'stable-image-style-guide',
    ]) {
      const params = CASES.find(([name]) => name === service)?.[1] ?? {};
      const error = await invokeFailure(east, us(service), { ...withImages(params, grey), style_preset: 'anime' });
      expect(error).toBeInstanceOf(ValidationException);
      expect(error.message).toMatch(/^\{"detail": "Invalid field 'style_preset'\. Available fields for [a-z-]+ are: /);
    }
  });
});

describe('Bedrock-worded validation', () => {
  it("a wrong field gets Stability's detail naming the service and its fields", async () => {
    const error = await invokeFailure(east, us('stable-image-control-structure'), {
      prompt: 'x',
      image: grey,
      fidelity: 0.5,
    });
    expect(error.message).toBe(
      '{"detail": "Invalid field \'fidelity\'. Available fields for control-structure are: prompt, image, control_strength, negative_prompt, seed, output_format"}',
    );
  });

  it('every schema violation is listed in one message', async () => {
    const error = await invokeFailure(west, 'stability.stable-image-core-v1:1', {
      aspect_ratio: '7:3',
      seed: -1,
      output_format: 'gif',
    });
    expect(error.message).toBe(
      malformed(
        '#: required key [prompt] not found#/aspect_ratio: 7:3 is not a valid enum value#/seed: -1 is not greater or equal to 0#/output_format: gif is not a valid enum value',
      ),
    );
    const services = await invokeFailure(east, us('stable-style-transfer'), { init_image: grey, style_strength: 3 });
    expect(services.message).toBe(
      malformed('#: required key [style_image] not found#/style_strength: 3.0 is not less or equal to 1'),
    );
  });
});

describe('determinism over the effective request', () => {
  it.each([
    [
      'stability.stable-image-core-v1:1',
      { prompt: 'amber dunes', seed: 5 },
      { aspect_ratio: '1:1', output_format: 'png', negative_prompt: '' },
    ],
    ['stability.sd3-5-large-v1:0', { prompt: 'amber dunes', seed: 5 }, { mode: 'text-to-image', aspect_ratio: '1:1' }],
  ])('%s: spelled-out defaults give the same bytes', async (model, body, defaults) => {
    const plain = await invokeImage(west, model, body);
    expect(await invokeImage(west, model, { ...body, ...defaults })).toBe(plain);
    expect(await invokeImage(west, model, { ...body, aspect_ratio: '16:9' })).not.toBe(plain);
  });

  it.each([
    ['stable-image-inpaint', { prompt: 'a fox', image: 'IMG' }, { grow_mask: 5, negative_prompt: '' }],
    ['stable-outpaint', { image: 'IMG', left: 20 }, { right: 0, up: 0, down: 0, creativity: 0.5, prompt: '' }],
    ['stable-image-search-replace', { prompt: 'a fox', search_prompt: 'dog', image: 'IMG' }, { grow_mask: 3 }],
    ['stable-image-control-sketch', { prompt: 'a fox', image: 'IMG' }, { control_strength: 0.7 }],
    ['stable-image-style-guide', { prompt: 'a fox', image: 'IMG' }, { fidelity: 0.5, aspect_ratio: '1:1' }],
    [
      'stable-style-transfer',
      { init_image: 'IMG', style_image: 'IMG' },
      { style_strength: 1, composition_fidelity: 0.9, change_strength: 0.9 },
    ],
    ['stable-conservative-upscale', { prompt: 'x', image: 'IMG' }, { creativity: 0.35 }],
    ['stable-creative-upscale', { prompt: 'x', image: 'IMG' }, { creativity: 0.3 }],
  ])('%s: spelled-out defaults give the same bytes, another value does not', async (service, params, defaults) => {
    const body = { ...withImages(params, grey), seed: 13, output_format: 'jpeg' };
    const plain = await invokeImage(east, us(service), body);
    expect(await invokeImage(east, us(service), { ...body, ...defaults })).toBe(plain);
    const [key, value] = Object.entries(defaults)[0] ?? ['', 0];
    const changed =
      typeof value === 'number'
        ? value === 1
          ? 0.5
          : value === 0.5
            ? 0.8
            : value + 0.1
        : value === '1:1'
          ? '16:9'
          : 'other';
    expect(
      await invokeImage(east, us(service), { ...body, [key]: key === 'grow_mask' || key === 'right' ? 2 : changed }),
    ).not.toBe(plain);
  });
});

describe('edits derive from their inputs', () => {
  it('search-and-recolor tints the selected area toward the prompt colour and leaves the rest', async () => {
    const image = await solidPng(256, 256, '#808080');
    const out = await invokeImage(east, us('stable-image-search-recolor'), {
      prompt: 'red',
      select_prompt: 'the middle',
      image,
      seed: 1,
    });
    const corner = await pixelAt(out, 1, 1);
    expect(corner.slice(0, 3)).toEqual([128, 128, 128]);
    // The selected region is a soft ellipse near the centre: some pixel there is clearly red.
    const reds = await Promise.all([96, 128, 160].map((v) => pixelAt(out, v, v)));
    expect(reds.some(([r = 0, g = 0, b = 0]) => r > g + 40 && r > b + 40)).toBe(true);
  });

  it('control-sketch follows the sketch: its lines come out darker than the picture beside them', async () => {
    const sketch = await sketchPng(256);
    const out = await invokeImage(east, us('stable-image-control-sketch'), {
      prompt: 'yellow sun',
      image: sketch,
      seed: 3,
    });
    const luminance = ([r = 0, g = 0, b = 0]: number[]): number => r + g + b;
    const onLine = luminance(await pixelAt(out, 40, 126));
    const beside = luminance(await pixelAt(out, 40, 100));
    expect(onLine).toBeLessThan(beside * 0.5);
  });

  it('style-transfer pulls the content toward the style image colours; style-guide paints in them', async () => {
    const content = await solidPng(128, 128, '#808080');
    const style = await solidPng(128, 128, '#0000ff');
    const out = await invokeImage(east, us('stable-style-transfer'), {
      init_image: content,
      style_image: style,
      seed: 2,
    });
    const { channels } = await sharp(Buffer.from(out, 'base64')).stats();
    expect(channels[2]?.mean ?? 0).toBeGreaterThan((channels[0]?.mean ?? 0) + 30);
    const guided = await invokeImage(east, us('stable-image-style-guide'), {
      prompt: 'a house',
      image: style,
      seed: 2,
    });
    const stats = await sharp(Buffer.from(guided, 'base64')).stats();
    expect(stats.channels[2]?.mean ?? 0).toBeGreaterThan(stats.channels[0]?.mean ?? 0);
  });
});

describe('billing', () => {
  it('prices every call with the 2026-12-01 table, in micro-USD, with its region', async () => {
    const own = await startEmulator({ randomSeed: 1 });
    const ownEast = runtimeClient(own, 'us-east-1');
    const ownWest = runtimeClient(own, 'us-west-2');
    try {
      for (const [model, prompt] of [
        ['stability.stable-image-core-v1:1', 'a'],
        ['stability.stable-image-ultra-v1:1', 'a'],
        ['stability.sd3-5-large-v1:0', 'a'],
      ] as const)
        await invokeImage(ownWest, model, { prompt, seed: 1, output_format: 'jpeg' });
      const mask = await solidPng(128, 96, '#ffffff');
      for (const [service, params] of CASES)
        await invokeImage(ownEast, us(service), { ...withImages(params, mask), ...seeded(service, 1) });
      expect(
        own
          .billing()
          .map((entry) => [
            entry.modelId.replace(/^us\.stability\.|^stability\./, ''),
            entry.priceMicroUsd,
            entry.region,
          ]),
      ).toEqual([
        ['stable-image-core-v1:1', 40_000, 'us-west-2'],
        ['stable-image-ultra-v1:1', 140_000, 'us-west-2'],
        ['sd3-5-large-v1:0', 80_000, 'us-west-2'],
        ['stable-image-inpaint-v1:0', 70_000, 'us-east-1'],
        ['stable-outpaint-v1:0', 60_000, 'us-east-1'],
        ['stable-image-erase-object-v1:0', 70_000, 'us-east-1'],
        ['stable-image-remove-background-v1:0', 70_000, 'us-east-1'],
        ['stable-fast-upscale-v1:0', 30_000, 'us-east-1'],
        ['stable-conservative-upscale-v1:0', 400_000, 'us-east-1'],
        ['stable-creative-upscale-v1:0', 600_000, 'us-east-1'],
        ['stable-image-search-replace-v1:0', 70_000, 'us-east-1'],
        ['stable-image-search-recolor-v1:0', 70_000, 'us-east-1'],
        ['stable-image-control-sketch-v1:0', 70_000, 'us-east-1'],
        ['stable-image-control-structure-v1:0', 70_000, 'us-east-1'],
        ['stable-image-style-guide-v1:0', 70_000, 'us-east-1'],
        ['stable-style-transfer-v1:0', 80_000, 'us-east-1'],
      ]);
    } finally {
      ownEast.destroy();
      ownWest.destroy();
      await own.stop();
    }
  });
});
