// The emulator through the real AWS SDK (HTTP/2 for bedrock-runtime, HTTP/1.1 for the control
// plane) and through fetch: every family's round trip, image sizes, determinism, billing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { BEDROCK_2025, EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import { NodeSha256 } from '../support/node-sha256.ts';

let emulator: RunningEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startEmulator({ ...BEDROCK_2025, randomSeed: 7 });
  client = new BedrockRuntimeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: EMULATOR_DEFAULT_CREDENTIALS,
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

async function invoke(modelId: string, body: unknown): Promise<Record<string, unknown>> {
  const out = await client.send(
    new InvokeModelCommand({
      modelId,
      body: JSON.stringify(body),
      contentType: 'application/json',
      accept: 'application/json',
    }),
  );
  return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
}

async function describeImage(
  base64: unknown,
): Promise<{ width: number; height: number; format: string; channels: number; hasAlpha: boolean }> {
  expect(typeof base64).toBe('string');
  const meta = await sharp(Buffer.from(base64 as string, 'base64')).metadata();
  return {
    width: meta.width,
    height: meta.height,
    format: meta.format,
    channels: meta.channels,
    hasAlpha: meta.hasAlpha,
  };
}

/** Mean absolute difference per channel value (0..255) between two images of the same size. */
async function difference(a: string, b: string): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(Buffer.from(x, 'base64')).removeAlpha().raw().toBuffer()));
  if (!ra || !rb || ra.length !== rb.length) throw new Error('sizes differ');
  let sum = 0;
  for (let i = 0; i < ra.length; i++) sum += Math.abs((ra[i] ?? 0) - (rb[i] ?? 0));
  return sum / ra.length;
}

async function solidPng(width: number, height: number, colour: string, withHole = false): Promise<string> {
  let image = sharp({ create: { width, height, channels: 4, background: colour } });
  if (withHole) {
    const hole = await sharp({
      create: {
        width: Math.floor(width / 2),
        height: Math.floor(height / 2),
        channels: 4,
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      },
    })
      .png()
      .toBuffer();
    image = sharp(await image.png().toBuffer()).composite([
      { input: hole, left: Math.floor(width / 4), top: Math.floor(height / 4), blend: 'dest-out' },
    ]);
  }
  return (await image.png().toBuffer()).toString('base64');
}

/** A mask: white square in the middle of black. */
async function centreMask(width: number, height: number, invert = false): Promise<string> {
  const [fg, bg] = invert ? ['#000000', '#ffffff'] : ['#ffffff', '#000000'];
  const square = await sharp({
    create: { width: Math.floor(width / 2), height: Math.floor(height / 2), channels: 3, background: fg },
  })
    .png()
    .toBuffer();
  return (
    await sharp({ create: { width, height, channels: 3, background: bg } })
      .composite([{ input: square, left: Math.floor(width / 4), top: Math.floor(height / 4) }])
      .png()
      .toBuffer()
  ).toString('base64');
}

async function pixel(base64: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(base64, 'base64')).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [...data.subarray(i, i + info.channels)];
}

describe('stability-v1 (SDXL)', () => {
  const model = 'stability.stable-diffusion-xl-v1';
  const body = {
    text_prompts: [{ text: 'a red fox in a blue forest' }, { text: 'blurry', weight: -1 }],
    cfg_scale: 7,
    seed: 42,
    steps: 30,
    width: 1152,
    height: 896,
  };

  it('returns an artifact PNG of the requested size, deterministically', async () => {
    const first = await invoke(model, body);
    const second = await invoke(model, body);
    const artifacts = first.artifacts as Array<{ seed: number; base64: string; finishReason: string }>;
    expect(first.result).toBe('success');
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]?.seed).toBe(42);
    expect(artifacts[0]?.finishReason).toBe('SUCCESS');
    expect(await describeImage(artifacts[0]?.base64)).toMatchObject({ width: 1152, height: 896, format: 'png' });
    expect(second).toEqual(first);
  });

  it('gives a visibly different image for another seed', async () => {
    const a = (await invoke(model, body)).artifacts as Array<{ base64: string }>;
    const b = (await invoke(model, { ...body, seed: 43 })).artifacts as Array<{ base64: string }>;
    expect(await difference(a[0]?.base64 ?? '', b[0]?.base64 ?? '')).toBeGreaterThan(10);
  });

  it('draws a random seed for seed 0 and reports it; that seed reproduces the image', async () => {
    const random = (await invoke(model, { ...body, seed: 0 })).artifacts as Array<{ seed: number; base64: string }>;
    const other = (await invoke(model, { ...body, seed: 0 })).artifacts as Array<{ seed: number }>;
    expect(random[0]?.seed).toBeGreaterThan(0);
    expect(other[0]?.seed).not.toBe(random[0]?.seed);
    const replay = (await invoke(model, { ...body, seed: random[0]?.seed })).artifacts as Array<{ base64: string }>;
    expect(replay[0]?.base64).toBe(random[0]?.base64);
  });

  it('image-to-image output derives from init_image according to image_strength', async () => {
    const init = await solidPng(1024, 1024, '#ff0000');
    const near = (
      await invoke(model, { text_prompts: [{ text: 'green field' }], seed: 3, init_image: init, image_strength: 0.95 })
    ).artifacts as Array<{ base64: string }>;
    const far = (
      await invoke(model, { text_prompts: [{ text: 'green field' }], seed: 3, init_image: init, image_strength: 0.05 })
    ).artifacts as Array<{ base64: string }>;
    expect(await describeImage(near[0]?.base64)).toMatchObject({ width: 1024, height: 1024 });
    expect(await difference(near[0]?.base64 ?? '', init)).toBeLessThan(await difference(far[0]?.base64 ?? '', init));
    expect(await difference(near[0]?.base64 ?? '', init)).toBeLessThan(20);
  });

  it('masking keeps the unmasked area of init_image (MASK_IMAGE_WHITE)', async () => {
    const init = await solidPng(1024, 1024, '#00ff00');
    const out = (
      await invoke(model, {
        text_prompts: [{ text: 'a purple orb' }],
        seed: 9,
        init_image: init,
        mask_source: 'MASK_IMAGE_WHITE',
        mask_image: await centreMask(1024, 1024),
      })
    ).artifacts as Array<{ base64: string }>;
    const image = out[0]?.base64 ?? '';
    expect((await pixel(image, 10, 10)).slice(0, 3)).toEqual([0, 255, 0]);
    expect((await pixel(image, 512, 512)).slice(0, 3)).not.toEqual([0, 255, 0]);
  });

  it('accepts the percent-encoded and the cross-region id', async () => {
    const out = await invoke(`us.${model}`, body);
    expect((out.artifacts as unknown[]).length).toBe(1);
  });
});

describe('stability-v2 (SD3.5 Large, Core, Ultra)', () => {
  it.each([
    ['stability.sd3-5-large-v1:0', '16:9', 1344, 768],
    ['stability.stable-image-core-v1:1', '1:1', 1024, 1024],
    ['us.stability.stable-image-ultra-v1:1', '9:21', 640, 1536],
  ])('%s returns {seeds, finish_reasons, images} sized by aspect ratio %s', async (model, ratio, width, height) => {
    const out = await invoke(model, { prompt: 'an orange lighthouse', aspect_ratio: ratio, seed: 11 });
    expect(out.seeds).toEqual([11]);
    expect(out.finish_reasons).toEqual([null]);
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width, height, format: 'png' });
  });

  it('honours output_format jpeg and webp', async () => {
    const jpeg = await invoke('stability.stable-image-core-v1:1', { prompt: 'x', output_format: 'jpeg', seed: 1 });
    const webp = await invoke('stability.stable-image-core-v1:1', { prompt: 'x', output_format: 'webp', seed: 1 });
    expect((await describeImage((jpeg.images as string[])[0])).format).toBe('jpeg');
    expect((await describeImage((webp.images as string[])[0])).format).toBe('webp');
  });

  it('seed 0 is random and reported; identical requests give identical bytes', async () => {
    const random = await invoke('stability.stable-image-core-v1:1', { prompt: 'teal waves' });
    expect((random.seeds as number[])[0]).toBeGreaterThan(0);
    const a = await invoke('stability.stable-image-core-v1:1', { prompt: 'teal waves', seed: 5 });
    const b = await invoke('stability.stable-image-core-v1:1', { prompt: 'teal waves', seed: 5 });
    expect(a).toEqual(b);
  });

  it('SD3.5 image-to-image and Ultra with an image derive from the input (strength)', async () => {
    const input = await solidPng(512, 384, '#0000ff');
    const sd = await invoke('stability.sd3-5-large-v1:0', {
      prompt: 'yellow sun',
      mode: 'image-to-image',
      image: input,
      strength: 0.1,
      seed: 2,
    });
    const ultra = await invoke('stability.stable-image-ultra-v1:1', {
      prompt: 'yellow sun',
      image: input,
      strength: 0.9,
      seed: 2,
    });
    const sdImage = (sd.images as string[])[0] ?? '';
    const ultraImage = (ultra.images as string[])[0] ?? '';
    expect(await describeImage(sdImage)).toMatchObject({ width: 512, height: 384 });
    expect(await difference(sdImage, input)).toBeLessThan(await difference(ultraImage, input));
  });
});

describe('stability-services', () => {
  it('inpaint keeps the unmasked area and paints the masked one', async () => {
    const image = await solidPng(256, 256, '#ffff00');
    const out = await invoke('us.stability.stable-image-inpaint-v1:0', {
      prompt: 'a blue cat',
      image,
      mask: await centreMask(256, 256),
      grow_mask: 0,
      seed: 4,
    });
    const result = (out.images as string[])[0] ?? '';
    expect(await describeImage(result)).toMatchObject({ width: 256, height: 256 });
    expect((await pixel(result, 5, 5)).slice(0, 3)).toEqual([255, 255, 0]);
    expect((await pixel(result, 128, 128)).slice(0, 3)).not.toEqual([255, 255, 0]);
    expect(out.finish_reasons).toEqual([null]);
  });

  it('inpaint without a mask uses the image alpha', async () => {
    const image = await solidPng(256, 256, '#ffff00', true);
    const out = await invoke('stability.stable-image-inpaint-v1:0', { prompt: 'a red rose', image, seed: 4 });
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width: 256, height: 256 });
  });

  it('outpaint grows the canvas and keeps the input where it was', async () => {
    const image = await solidPng(200, 100, '#ff00ff');
    const out = await invoke('us.stability.stable-outpaint-v1:0', { image, left: 50, right: 10, up: 20, seed: 6 });
    const result = (out.images as string[])[0] ?? '';
    expect(await describeImage(result)).toMatchObject({ width: 260, height: 120 });
    expect((await pixel(result, 150, 70)).slice(0, 3)).toEqual([255, 0, 255]);
  });

  it('erase-object fills the masked area from its surroundings', async () => {
    const image = await solidPng(128, 128, '#00ffff');
    const out = await invoke('us.stability.stable-image-erase-object-v1:0', {
      image,
      mask: await centreMask(128, 128),
      seed: 1,
    });
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width: 128, height: 128 });
  });

  it('remove-background returns a PNG with transparent background', async () => {
    const square = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const image = (
      await sharp({ create: { width: 128, height: 128, channels: 3, background: '#ffffff' } })
        .composite([{ input: square, left: 32, top: 32 }])
        .png()
        .toBuffer()
    ).toString('base64');
    const out = await invoke('us.stability.stable-image-remove-background-v1:0', { image });
    const result = (out.images as string[])[0] ?? '';
    expect(await describeImage(result)).toMatchObject({ width: 128, height: 128, format: 'png', hasAlpha: true });
    expect((await pixel(result, 2, 2))[3]).toBe(0);
    expect(await pixel(result, 64, 64)).toEqual([255, 0, 0, 255]);
  });

  it('fast-upscale returns 4x the input', async () => {
    const out = await invoke('stability.stable-fast-upscale-v1:0', {
      image: await solidPng(64, 48, '#123456'),
      output_format: 'webp',
    });
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width: 256, height: 192, format: 'webp' });
  });
});

describe('the other Image Services', () => {
  it.each([
    ['stable-conservative-upscale', { prompt: 'sharp', image: 'IMG', creativity: 0.3 }, 2896, 1448],
    ['stable-creative-upscale', { prompt: 'sharp', image: 'IMG' }, 2896, 1448],
    ['stable-image-search-replace', { prompt: 'a cat', search_prompt: 'dog', image: 'IMG' }, 128, 64],
    ['stable-image-search-recolor', { prompt: 'pink', select_prompt: 'car', image: 'IMG' }, 128, 64],
    ['stable-image-control-sketch', { prompt: 'castle', image: 'IMG', control_strength: 0.7 }, 128, 64],
    ['stable-image-control-structure', { prompt: 'castle', image: 'IMG' }, 128, 64],
    ['stable-image-style-guide', { prompt: 'castle', image: 'IMG', aspect_ratio: '21:9' }, 1536, 640],
    ['stable-style-transfer', { init_image: 'IMG', style_image: 'IMG', change_strength: 0.5 }, 128, 64],
  ])('%s answers with an image derived from the input', async (service, body, width, height) => {
    const input = await solidPng(128, 64, '#20a040');
    const out = await invoke(`us.stability.${service}-v1:0`, {
      ...JSON.parse(JSON.stringify(body).replaceAll('"IMG"', JSON.stringify(input))),
      seed: 8,
      output_format: 'jpeg',
    });
    expect(out.finish_reasons).toEqual([null]);
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width, height, format: 'jpeg' });
  });
});

describe('amazon-image (Titan v2, Nova Canvas)', () => {
  it('Titan TEXT_IMAGE returns numberOfImages distinct images of the configured size, billed per image', async () => {
    const before = emulator.billing().length;
    const out = await invoke('amazon.titan-image-generator-v2:0', {
      taskType: 'TEXT_IMAGE',
      textToImageParams: { text: 'a green parrot', negativeText: 'fog' },
      imageGenerationConfig: { numberOfImages: 3, width: 512, height: 512, cfgScale: 8, seed: 10, quality: 'standard' },
    });
    const images = out.images as string[];
    expect(images).toHaveLength(3);
    expect(out.error).toBeUndefined();
    for (const image of images)
      expect(await describeImage(image)).toMatchObject({ width: 512, height: 512, format: 'png' });
    expect(new Set(images).size).toBe(3);
    const billed = emulator.billing().slice(before);
    expect(billed.map((b) => b.priceMicroUsd)).toEqual([8_000, 8_000, 8_000]);
  });

  it('Nova Canvas TEXT_IMAGE honours its size rules and is deterministic', async () => {
    const body = {
      taskType: 'TEXT_IMAGE',
      textToImageParams: { text: 'violet mountains' },
      imageGenerationConfig: { width: 320, height: 640, seed: 1, quality: 'premium' },
    };
    const a = await invoke('us.amazon.nova-canvas-v1:0', body);
    const b = await invoke('amazon.nova-canvas-v1:0', body);
    expect(await describeImage((a.images as string[])[0])).toMatchObject({ width: 320, height: 640 });
    expect(a).toEqual(b);
  });

  it('INPAINTING with a mask image changes the black area only', async () => {
    const image = await solidPng(512, 512, '#ff8800');
    const out = await invoke('amazon.titan-image-generator-v2:0', {
      taskType: 'INPAINTING',
      inPaintingParams: { image, text: 'a blue bird', maskImage: await centreMask(512, 512, true) },
      imageGenerationConfig: { seed: 3 },
    });
    const result = (out.images as string[])[0] ?? '';
    expect(await describeImage(result)).toMatchObject({ width: 512, height: 512 });
    expect((await pixel(result, 5, 5)).slice(0, 3)).toEqual([255, 136, 0]);
    expect((await pixel(result, 256, 256)).slice(0, 3)).not.toEqual([255, 136, 0]);
  });

  it('OUTPAINTING with a mask prompt keeps the masked object and repaints around it', async () => {
    const image = await solidPng(320, 320, '#00ff88');
    const out = await invoke('amazon.nova-canvas-v1:0', {
      taskType: 'OUTPAINTING',
      outPaintingParams: { image, text: 'a beach', maskPrompt: 'the dog', outPaintingMode: 'PRECISE' },
    });
    const result = (out.images as string[])[0] ?? '';
    expect(await describeImage(result)).toMatchObject({ width: 320, height: 320 });
    expect((await pixel(result, 1, 1)).slice(0, 3)).not.toEqual([0, 255, 136]);
  });

  it('IMAGE_VARIATION derives from the input image (similarityStrength)', async () => {
    const input = await solidPng(512, 512, '#ff0000');
    const near = await invoke('amazon.titan-image-generator-v2:0', {
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { images: [input], similarityStrength: 1, text: 'x' },
      imageGenerationConfig: { width: 512, height: 512, seed: 1 },
    });
    const far = await invoke('amazon.titan-image-generator-v2:0', {
      taskType: 'IMAGE_VARIATION',
      imageVariationParams: { images: [input], similarityStrength: 0.2, text: 'x' },
      imageGenerationConfig: { width: 512, height: 512, seed: 1 },
    });
    const nearImage = (near.images as string[])[0] ?? '';
    expect(await difference(nearImage, input)).toBeLessThan(await difference((far.images as string[])[0] ?? '', input));
  });

  it('COLOR_GUIDED_GENERATION paints with the given colours; TEXT_IMAGE with a conditionImage', async () => {
    const colours = await invoke('amazon.nova-canvas-v1:0', {
      taskType: 'COLOR_GUIDED_GENERATION',
      colorGuidedGenerationParams: { colors: ['#FF0000'], text: 'poster' },
      imageGenerationConfig: { width: 320, height: 320 },
    });
    const { data } = await sharp(Buffer.from((colours.images as string[])[0] ?? '', 'base64'))
      .stats()
      .then((s) => ({ data: s.channels }));
    expect(data[0]?.mean).toBeGreaterThan(data[2]?.mean ?? 255);
    const conditioned = await invoke('amazon.titan-image-generator-v2:0', {
      taskType: 'TEXT_IMAGE',
      textToImageParams: {
        text: 'house',
        conditionImage: await solidPng(512, 512, '#ffffff'),
        controlMode: 'CANNY_EDGE',
        controlStrength: 1,
      },
      imageGenerationConfig: { width: 512, height: 512 },
    });
    expect(await describeImage((conditioned.images as string[])[0])).toMatchObject({ width: 512, height: 512 });
  });

  it('BACKGROUND_REMOVAL returns one PNG with alpha', async () => {
    const out = await invoke('amazon.nova-canvas-v1:0', {
      taskType: 'BACKGROUND_REMOVAL',
      backgroundRemovalParams: { image: await solidPng(320, 320, '#ffffff') },
    });
    expect(await describeImage((out.images as string[])[0])).toMatchObject({ width: 320, height: 320, hasAlpha: true });
  });
});

describe('control plane and transports', () => {
  it('ListFoundationModels lists image models with their lifecycle', async () => {
    const control = new BedrockClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
    });
    const out = await control.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
    control.destroy();
    const byId = new Map(out.modelSummaries?.map((m) => [m.modelId, m]));
    expect(byId.get('stability.sd3-5-large-v1:0')?.modelLifecycle?.status).toBe('ACTIVE');
    expect(byId.get('amazon.titan-image-generator-v2:0')?.modelLifecycle?.status).toBe('LEGACY');
    expect(byId.get('amazon.nova-canvas-v1:0')?.outputModalities).toEqual(['IMAGE']);
    expect(byId.size).toBeGreaterThanOrEqual(11);
  });

  it('AWS_ENDPOINT_URL_BEDROCK_RUNTIME points an endpoint-less client at the emulator', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, emulator.env());
    try {
      const envClient = new BedrockRuntimeClient({});
      const out = await envClient.send(
        new InvokeModelCommand({
          modelId: 'stability.stable-image-core-v1:1',
          body: JSON.stringify({ prompt: 'env', seed: 1 }),
        }),
      );
      envClient.destroy();
      expect(out.$metadata.httpStatusCode).toBe(200);
    } finally {
      for (const key of Object.keys(emulator.env())) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it('answers HTTP/1.1 (fetch): admin endpoints and AWS-shaped errors', async () => {
    const response = await fetch(`${emulator.url}/model/stability.stable-image-core-v1%3A1/invoke`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException:http:\/\/internal\.amazon\.com\/coral\//,
    );
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    const config = await (await fetch(`${emulator.url}/__emulator/config`)).json();
    expect(config).toEqual(emulator.config());
  });

  it('signs and serves a successful invoke over HTTP/1.1 with success headers', async () => {
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const signer = new SignatureV4({
      service: 'bedrock',
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      sha256: NodeSha256,
    });
    const url = new URL(emulator.url);
    const body = JSON.stringify({ prompt: 'fetch me', seed: 3 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/model/stability.stable-image-core-v1%3A1/invoke',
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const response = await fetch(`${emulator.url}/model/stability.stable-image-core-v1%3A1/invoke`, {
      method: 'POST',
      headers: signed.headers,
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(Number(response.headers.get('x-amzn-bedrock-invocation-latency'))).toBeGreaterThanOrEqual(0);
    expect(((await response.json()) as { seeds: number[] }).seeds).toEqual([3]);

    const rawPath = '/model/stability.stable-image-core-v1:1/invoke';
    const rawSigned = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: rawPath,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const raw = await fetch(`${emulator.url}${rawPath}`, { method: 'POST', headers: rawSigned.headers, body });
    expect(raw.status).toBe(200);
  });
});

describe('robustness', () => {
  it('serves many concurrent requests multiplexed over one HTTP/2 session', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => ({
      prompt: `concurrent ${i}`,
      seed: i + 1,
      output_format: 'jpeg',
    }));
    const results = await Promise.all(bodies.map((body) => invoke('stability.stable-image-core-v1:1', body)));
    expect(results.map((r) => (r.seeds as number[])[0])).toEqual(bodies.map((b) => b.seed));
  });

  it('survives a client that aborts mid-request, and keeps serving', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, latencyMs: 300 });
    const ownClient = new BedrockRuntimeClient({
      endpoint: own.url,
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const pending = ownClient.send(
        new InvokeModelCommand({
          modelId: 'stability.stable-image-core-v1:1',
          body: JSON.stringify({ prompt: 'x', seed: 1 }),
        }),
        { abortSignal: AbortSignal.timeout(50) },
      );
      await expect(pending).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 400));
      own.configure({ latencyMs: 0 });
      const out = await ownClient.send(
        new InvokeModelCommand({
          modelId: 'stability.stable-image-core-v1:1',
          body: JSON.stringify({ prompt: 'x', seed: 2 }),
        }),
      );
      expect(out.$metadata.httpStatusCode).toBe(200);
      // The model ran for the aborted call too: AWS would bill it (see README).
      expect(own.billing()).toHaveLength(2);
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });
});

describe('admin and billing', () => {
  it('billing log has one entry per billed image with request id, model, list price and time', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, prices: { 'stability.stable-image-inpaint-v1:0': 12_345 } });
    const ownClient = new BedrockRuntimeClient({
      endpoint: own.url,
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
    });
    try {
      const send = (modelId: string, body: unknown) =>
        ownClient.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }));
      const sdxl = await send('stability.stable-diffusion-xl-v1', {
        text_prompts: [{ text: 'a' }],
        steps: 60,
        seed: 1,
      });
      await send('stability.stable-diffusion-xl-v1', { text_prompts: [{ text: 'a' }], steps: 50, seed: 1 });
      await send('stability.stable-image-ultra-v1:1', { prompt: 'a', seed: 1 });
      await send('us.stability.stable-image-inpaint-v1:0', {
        prompt: 'a',
        image: await solidPng(64, 64, '#000000'),
        mask: await centreMask(64, 64),
      });
      await send('amazon.nova-canvas-v1:0', {
        taskType: 'TEXT_IMAGE',
        textToImageParams: { text: 'a' },
        imageGenerationConfig: { width: 1280, height: 1280, quality: 'premium', numberOfImages: 2 },
      });
      await send('amazon.titan-image-generator-v2:0', {
        taskType: 'TEXT_IMAGE',
        textToImageParams: { text: 'a' },
        imageGenerationConfig: { quality: 'premium' },
      });
      const entries = own.billing();
      expect(entries.map((e) => [e.modelId, e.priceMicroUsd, e.filtered])).toEqual([
        ['stability.stable-diffusion-xl-v1', 80_000, false],
        ['stability.stable-diffusion-xl-v1', 40_000, false],
        ['stability.stable-image-ultra-v1:1', 140_000, false],
        ['us.stability.stable-image-inpaint-v1:0', 12_345, false],
        ['amazon.nova-canvas-v1:0', 80_000, false],
        ['amazon.nova-canvas-v1:0', 80_000, false],
        ['amazon.titan-image-generator-v2:0', 12_000, false],
      ]);
      expect(entries[0]?.requestId).toBe(sdxl.$metadata.requestId);
      expect(Date.parse(entries[0]?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
      expect(entries[0]?.at).toMatch(/Z$/);
      expect(await (await fetch(`${own.url}/__emulator/billing`)).json()).toEqual(entries);
      expect(own.requests()).toBe(6);
      expect(own.invocations()).toBe(6);
      // The control plane counts as a request, not as an invocation.
      await fetch(`${own.url}/foundation-models`).catch(() => undefined);
      expect([own.requests(), own.invocations()]).toEqual([7, 6]);
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });

  it('POST /__emulator/config validates and applies a patch; GET returns it', async () => {
    const own = await startEmulator();
    try {
      const bad = await fetch(`${own.url}/__emulator/config`, {
        method: 'POST',
        body: JSON.stringify({ throttleRate: 2 }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toContain('throttleRate');
      const unknown = await fetch(`${own.url}/__emulator/config`, {
        method: 'POST',
        body: JSON.stringify({ nope: 1 }),
      });
      expect(unknown.status).toBe(400);
      const ok = await fetch(`${own.url}/__emulator/config`, {
        method: 'POST',
        body: JSON.stringify({ latencyMs: 5, filterWords: ['dragon'] }),
      });
      expect(ok.status).toBe(200);
      expect(await (await fetch(`${own.url}/__emulator/config`)).json()).toEqual({
        latencyMs: 5,
        throttleRate: 0,
        serverErrorRate: 0,
        filterWords: ['dragon'],
        malformedRate: 0,
        endOfLifeModels: [],
      });
      expect(own.config().latencyMs).toBe(5);
      expect(() => own.configure({ malformedRate: -1 })).toThrow(/malformedRate/);
      expect(own.env()).toMatchObject({
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: own.url,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_REGION: 'us-east-1',
      });
    } finally {
      await own.stop();
    }
  });
});
