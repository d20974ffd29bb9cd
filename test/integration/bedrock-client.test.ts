// The Bedrock client through the real AWS SDK against the project's emulator: every family
// round-trips (catalog build → SDK → emulator → catalog parse → PNG decode), errors, retries,
// abort, timeout, bad credentials, end of life, malformed responses, endpoint override.
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createControlClient,
  createRuntimeClient,
  invokeImageModel,
  listImageModels,
} from '../../src-main/core/bedrock/index.ts';
import type { AttemptInfo } from '../../src-main/core/bedrock/index.ts';
import { BEDROCK_2025, startEmulator, EMULATOR_DEFAULT_CREDENTIALS } from '../../src-main/emulator/index.ts';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { GenerationParamsSchema } from '../../src-shared/domain.ts';
import type { GenerationParamsInput } from '../../src-shared/domain.ts';
import { buildRequestBody, mergeDiscovered, parseResponseBody } from '../../src-shared/models/index.ts';
import { easelErrorOf } from '../support/easel-error.ts';

let emu: RunningEmulator;
let client: ReturnType<typeof createRuntimeClient>;
let sourcePng: string;
let sdxlSourcePng: string;
let maskPng: string;
const fast = { maxAttempts: 1 };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, randomSeed: 1, ...BEDROCK_2025 });
  client = createRuntimeClient({ region: 'us-east-1', credentials: EMULATOR_DEFAULT_CREDENTIALS, endpoint: emu.url });
  const source = await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
  sourcePng = source.toString('base64');
  // SDXL edits need the source in one of its nine sizes.
  sdxlSourcePng = (await sharp(source).resize(1024, 1024).png().toBuffer()).toString('base64');
  const mask = await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([
      {
        input: { create: { width: 256, height: 512, channels: 3, background: { r: 0, g: 0, b: 0 } } },
        left: 0,
        top: 0,
      },
    ])
    .png()
    .toBuffer();
  maskPng = mask.toString('base64');
});

afterAll(async () => {
  await emu.stop();
});

afterEach(() => {
  emu.configure({
    latencyMs: 0,
    throttleRate: 0,
    serverErrorRate: 0,
    filterWords: [],
    malformedRate: 0,
    endOfLifeModels: [],
  });
});

async function generate(
  input: GenerationParamsInput,
  options: { seed?: number; retry?: { maxAttempts?: number; baseDelayMs?: number } } = {},
) {
  const params = GenerationParamsSchema.parse(input);
  const sdxl = params.modelId.includes('stable-diffusion-xl');
  const body = buildRequestBody(params, {
    seed: options.seed ?? 1234,
    initImageBase64: sdxl ? sdxlSourcePng : sourcePng,
    maskBase64: sdxl
      ? (await sharp(Buffer.from(maskPng, 'base64')).resize(1024, 1024).png().toBuffer()).toString('base64')
      : maskPng,
  });
  const result = await invokeImageModel(client, { modelId: params.modelId, body, retry: options.retry ?? fast });
  return { result, parsed: parseResponseBody(params.modelId, result.body) };
}

describe('every family round-trips', () => {
  const cases: [string, GenerationParamsInput][] = [
    [
      'SDXL text-to-image',
      {
        modelId: 'stability.stable-diffusion-xl-v1',
        prompt: 'a red fox in snow',
        negativePrompt: 'blurry',
        width: 1152,
        height: 896,
        steps: 40,
        sampler: 'K_EULER',
        stylePreset: 'photographic',
      },
    ],
    [
      'SDXL image-to-image',
      {
        modelId: 'stability.stable-diffusion-xl-v1',
        task: 'image-to-image',
        prompt: 'oil painting',
        initImageId: 'i',
        strength: 0.4,
      },
    ],
    [
      'SDXL inpaint',
      {
        modelId: 'stability.stable-diffusion-xl-v1',
        task: 'inpaint',
        prompt: 'a window',
        initImageId: 'i',
        maskImageId: 'm',
      },
    ],
    [
      'SD3.5 Large text-to-image',
      { modelId: 'stability.sd3-5-large-v1:0', prompt: 'a lighthouse', aspectRatio: '16:9' },
    ],
    [
      'SD3.5 Large image-to-image',
      {
        modelId: 'stability.sd3-5-large-v1:0',
        task: 'image-to-image',
        prompt: 'at night',
        initImageId: 'i',
        strength: 0.6,
      },
    ],
    ['Stable Image Core', { modelId: 'stability.stable-image-core-v1:1', prompt: 'a teapot', negativePrompt: 'text' }],
    [
      'Stable Image Ultra (us. profile)',
      { modelId: 'us.stability.stable-image-ultra-v1:1', prompt: 'a teapot', aspectRatio: '2:3' },
    ],
    [
      'Inpaint service',
      {
        modelId: 'us.stability.stable-image-inpaint-v1:0',
        task: 'inpaint',
        prompt: 'a cat',
        initImageId: 'i',
        maskImageId: 'm',
        extra: { grow_mask: 5 },
      },
    ],
    [
      'Outpaint service',
      {
        modelId: 'us.stability.stable-outpaint-v1:0',
        task: 'outpaint',
        initImageId: 'i',
        outpaint: { left: 128, up: 64 },
      },
    ],
    [
      'Erase object service',
      {
        modelId: 'us.stability.stable-image-erase-object-v1:0',
        task: 'erase-object',
        initImageId: 'i',
        maskImageId: 'm',
      },
    ],
    [
      'Remove background service',
      { modelId: 'us.stability.stable-image-remove-background-v1:0', task: 'remove-background', initImageId: 'i' },
    ],
    ['Fast upscale service', { modelId: 'us.stability.stable-fast-upscale-v1:0', task: 'upscale', initImageId: 'i' }],
    [
      'Titan text-to-image',
      { modelId: 'amazon.titan-image-generator-v2:0', prompt: 'a robot', width: 768, height: 768, quality: 'premium' },
    ],
    [
      'Titan inpaint',
      {
        modelId: 'amazon.titan-image-generator-v2:0',
        task: 'inpaint',
        prompt: 'a hat',
        initImageId: 'i',
        maskImageId: 'm',
      },
    ],
    ['Nova text-to-image', { modelId: 'amazon.nova-canvas-v1:0', prompt: 'a robot', width: 1280, height: 720 }],
    [
      'Nova variation',
      { modelId: 'amazon.nova-canvas-v1:0', task: 'variation', prompt: 'in blue', initImageId: 'i', strength: 0.3 },
    ],
    [
      'Nova outpaint',
      { modelId: 'amazon.nova-canvas-v1:0', task: 'outpaint', prompt: 'a beach', initImageId: 'i', maskImageId: 'm' },
    ],
    ['Nova background removal', { modelId: 'amazon.nova-canvas-v1:0', task: 'remove-background', initImageId: 'i' }],
  ];

  it.each(cases)('%s', async (_name, input) => {
    const { result, parsed } = await generate(input);
    expect(result.attempts).toBe(1);
    expect(result.requestId).toBeTruthy();
    expect(parsed.images).toHaveLength(1);
    const image = parsed.images[0]!;
    expect(image.outcome).toBe('ok');
    const meta = await sharp(Buffer.from(image.base64, 'base64')).metadata();
    expect(meta.format).toBe('png');
    const params = GenerationParamsSchema.parse(input);
    if (params.width !== undefined) expect([meta.width, meta.height]).toEqual([params.width, params.height]);
    if (params.task === 'upscale') expect(meta.width).toBe(2048);
  });

  it('the same seed gives the same image; another seed, another one', async () => {
    const input = { modelId: 'stability.sd3-5-large-v1:0', prompt: 'a lighthouse' };
    const a = await generate(input, { seed: 5 });
    const b = await generate(input, { seed: 5 });
    const c = await generate(input, { seed: 6 });
    expect(a.parsed.images[0]!.base64).toBe(b.parsed.images[0]!.base64);
    expect(c.parsed.images[0]!.base64).not.toBe(a.parsed.images[0]!.base64);
    expect(a.parsed.images[0]!.seed).toBe(5);
  });
});

describe('content filter', () => {
  it.each([
    ['stability.stable-diffusion-xl-v1'],
    ['stability.stable-image-core-v1:1'],
    ['amazon.titan-image-generator-v2:0'],
    ['amazon.nova-canvas-v1:0'],
  ])('%s: a filtered prompt comes back as outcome filtered', async (modelId) => {
    emu.configure({ filterWords: ['forbidden'] });
    const { parsed } = await generate({ modelId, prompt: 'a forbidden picture' });
    expect(parsed.images[0]?.outcome).toBe('filtered');
    expect(parsed.images[0]?.reason).toBeTruthy();
  });
});

describe('errors', () => {
  it.each([
    ['AccessDeniedException', 'access-denied'],
    ['ValidationException', 'validation'],
    ['ServiceQuotaExceededException', 'quota-exceeded'],
    ['ThrottlingException', 'throttled'],
    ['ModelNotReadyException', 'model-not-ready'],
    ['ModelTimeoutException', 'model-timeout'],
    ['ResourceNotFoundException', 'model-not-available'],
    ['ModelErrorException', 'model-error'],
    ['InternalServerException', 'service-error'],
    ['ServiceUnavailableException', 'service-unavailable'],
  ])('%s → %s', async (exception, code) => {
    emu.failNext(exception);
    const error = await easelErrorOf(generate({ modelId: 'stability.stable-image-core-v1:1', prompt: 'x' }));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('an unknown model id', async () => {
    const error = await easelErrorOf(
      invokeImageModel(client, { modelId: 'stability.no-such-model-v9:0', body: { prompt: 'x' }, retry: fast }),
    );
    expect(error.code).toBe('model-not-available');
  });

  it('a Bedrock validation message names the field', async () => {
    // Bypass the catalog's validator to see the emulator's own message.
    const error = await easelErrorOf(
      invokeImageModel(client, {
        modelId: 'stability.stable-diffusion-xl-v1',
        body: {
          text_prompts: [{ text: 'x' }],
          height: 1000,
          width: 1000,
          samples: 1,
          seed: 1,
          steps: 30,
          cfg_scale: 7,
        },
        retry: fast,
      }),
    );
    expect(error.code).toBe('validation');
    expect(error.field).toBe('width');
  });

  it('end-of-life model → model-end-of-life with the replacement', async () => {
    emu.configure({ endOfLifeModels: ['stability.stable-diffusion-xl-v1'] });
    const error = await easelErrorOf(generate({ modelId: 'stability.stable-diffusion-xl-v1', prompt: 'x' }));
    expect(error.code).toBe('model-end-of-life');
    expect(error.message).toMatch(/Stable Image Core/);
  });

  it('wrong secret and unknown key → credentials-rejected', async () => {
    for (const credentials of [
      { accessKeyId: EMULATOR_DEFAULT_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong-secret' },
      { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: EMULATOR_DEFAULT_CREDENTIALS.secretAccessKey },
    ]) {
      const bad = createRuntimeClient({ region: 'us-east-1', credentials, endpoint: emu.url });
      const error = await easelErrorOf(
        invokeImageModel(bad, { modelId: 'stability.stable-image-core-v1:1', body: { prompt: 'x' }, retry: fast }),
      );
      expect(error.code).toBe('credentials-rejected');
      expect(error.message).not.toContain('wrong-secret');
    }
  });

  it('nothing listening → network, retried within the bound', async () => {
    const nowhere = createRuntimeClient({
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: 'http://127.0.0.1:1',
    });
    const attempts: AttemptInfo[] = [];
    const error = await easelErrorOf(
      invokeImageModel(nowhere, {
        modelId: 'stability.stable-image-core-v1:1',
        body: { prompt: 'x' },
        retry: { maxAttempts: 2, baseDelayMs: 1 },
        onAttempt: (i) => attempts.push(i),
      }),
    );
    expect(error.code).toBe('network');
    expect(attempts).toHaveLength(2);
  });

  it('malformed responses (truncated JSON, bad base64, not an image) → malformed-response', async () => {
    emu.configure({ malformedRate: 1 });
    const messages = new Set<string>();
    for (let i = 0; i < 8; i += 1) {
      const error = await easelErrorOf(generate({ modelId: 'stability.sd3-5-large-v1:0', prompt: 'x' }, { seed: i }));
      expect(error.code).toBe('malformed-response');
      messages.add(error.message);
    }
    expect(messages.size).toBeGreaterThanOrEqual(2);
  });
});

describe('retries', () => {
  it('throttling that succeeds after retries', async () => {
    emu.failNext('ThrottlingException', 'ThrottlingException');
    const attempts: AttemptInfo[] = [];
    const params = GenerationParamsSchema.parse({ modelId: 'stability.stable-image-core-v1:1', prompt: 'x' });
    const result = await invokeImageModel(client, {
      modelId: params.modelId,
      body: buildRequestBody(params, { seed: 1 }),
      retry: { maxAttempts: 4, baseDelayMs: 5 },
      onAttempt: (i) => attempts.push(i),
    });
    expect(result.attempts).toBe(3);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1]?.error?.code).toBe('throttled');
    expect(parseResponseBody(params.modelId, result.body).images[0]?.outcome).toBe('ok');
  });

  it('throttling that exhausts the retries', async () => {
    emu.configure({ throttleRate: 1 });
    const before = emu.requests();
    const error = await easelErrorOf(
      generate(
        { modelId: 'stability.stable-image-core-v1:1', prompt: 'x' },
        { retry: { maxAttempts: 3, baseDelayMs: 2 } },
      ),
    );
    expect(error.code).toBe('throttled');
    expect(emu.requests() - before).toBe(3);
  });

  it('a model timeout is retried once', async () => {
    emu.failNext('ModelTimeoutException', 'ModelTimeoutException');
    const before = emu.requests();
    const error = await easelErrorOf(
      generate(
        { modelId: 'stability.stable-image-core-v1:1', prompt: 'x' },
        { retry: { maxAttempts: 5, baseDelayMs: 1 } },
      ),
    );
    expect(error.code).toBe('model-timeout');
    expect(emu.requests() - before).toBe(2);
    emu.failNext('ModelTimeoutException');
    const ok = await generate(
      { modelId: 'stability.stable-image-core-v1:1', prompt: 'x' },
      { retry: { maxAttempts: 5, baseDelayMs: 1 } },
    );
    expect(ok.result.attempts).toBe(2);
  });

  it('5xx is retried', async () => {
    emu.failNext('InternalServerException', 'ServiceUnavailableException');
    const { result } = await generate(
      { modelId: 'stability.stable-image-core-v1:1', prompt: 'x' },
      { retry: { maxAttempts: 3, baseDelayMs: 1 } },
    );
    expect(result.attempts).toBe(3);
  });
});

describe('abort and timeout', () => {
  it('aborts mid-request', async () => {
    emu.configure({ latencyMs: 3000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await easelErrorOf(
      invokeImageModel(client, {
        modelId: 'stability.stable-image-core-v1:1',
        body: { prompt: 'x', seed: 1, output_format: 'png' },
        signal: controller.signal,
        retry: fast,
      }),
    );
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts during a backoff sleep', async () => {
    emu.failNext('ThrottlingException');
    const controller = new AbortController();
    const started = Date.now();
    const pending = invokeImageModel(client, {
      modelId: 'stability.stable-image-core-v1:1',
      body: { prompt: 'x', seed: 1, output_format: 'png' },
      signal: controller.signal,
      retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 0.99,
      onAttempt: (info) => {
        if (info.attempt === 2) setTimeout(() => controller.abort(), 50);
      },
    });
    const error = await easelErrorOf(pending);
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a slow call', async () => {
    emu.configure({ latencyMs: 3000 });
    const error = await easelErrorOf(
      invokeImageModel(client, {
        modelId: 'stability.stable-image-core-v1:1',
        body: { prompt: 'x', seed: 1, output_format: 'png' },
        timeoutMs: 200,
        retry: { maxAttempts: 3 },
      }),
    );
    expect(error.code).toBe('timeout');
  });
});

describe('endpoint override and discovery', () => {
  it('AWS_ENDPOINT_URL_BEDROCK_RUNTIME points a plain client at the emulator', async () => {
    const previous = process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'];
    process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] = emu.url;
    try {
      const plain = createRuntimeClient({ region: 'us-east-1', credentials: EMULATOR_DEFAULT_CREDENTIALS });
      const before = emu.requests();
      const result = await invokeImageModel(plain, {
        modelId: 'stability.stable-image-core-v1:1',
        body: { prompt: 'x', aspect_ratio: '1:1', seed: 3, output_format: 'png' },
        retry: fast,
      });
      expect(parseResponseBody('stability.stable-image-core-v1:1', result.body).images[0]?.outcome).toBe('ok');
      expect(emu.requests() - before).toBe(1);
    } finally {
      if (previous === undefined) delete process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'];
      else process.env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] = previous;
    }
  });

  it('lists image models and merges them with the catalog', async () => {
    const control = createControlClient({
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: emu.url,
    });
    const summaries = await listImageModels(control);
    expect(summaries.map((s) => s.modelId)).toContain('stability.sd3-5-large-v1:0');
    const catalog = mergeDiscovered(summaries, { region: 'us-east-1' });
    const nova = catalog.find((e) => e.spec.baseId === 'amazon.nova-canvas-v1:0');
    expect(nova).toMatchObject({ listed: true, usable: true, awsLifecycle: 'LEGACY' });
    const inpaint = catalog.find((e) => e.spec.baseId === 'stability.stable-image-inpaint-v1:0');
    // 2026: services are named by their base id; from us-east-1 Easel invokes the `us.` profile.
    expect(inpaint?.spec.id).toBe('stability.stable-image-inpaint-v1:0');
    expect(inpaint?.invokeId).toBe('us.stability.stable-image-inpaint-v1:0');
  });
});
