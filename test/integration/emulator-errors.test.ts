// Failures as the real SDK sees them: validation per family, every exception class, the knobs
// (throttling, 5xx, filter words, malformed bodies, latency, end of life) and SigV4 rejections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  InternalServerException,
  InvokeModelCommand,
  ModelErrorException,
  ModelNotReadyException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { BEDROCK_2025, EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';

let emulator: RunningEmulator;
let client: BedrockRuntimeClient;

function makeClient(overrides: Partial<BedrockRuntimeClientConfig> = {}, target = emulator): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    endpoint: target.url,
    region: 'us-east-1',
    credentials: EMULATOR_DEFAULT_CREDENTIALS,
    maxAttempts: 1,
    ...overrides,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ ...BEDROCK_2025, randomSeed: 3 });
  client = makeClient();
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

async function invokeRaw(modelId: string, body: unknown, via = client): Promise<string> {
  const out = await via.send(
    new InvokeModelCommand({ modelId, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  );
  return new TextDecoder().decode(out.body);
}

async function failure(modelId: string, body: unknown, via = client): Promise<BedrockRuntimeServiceException> {
  try {
    await invokeRaw(modelId, body, via);
  } catch (error) {
    if (error instanceof BedrockRuntimeServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function png(width: number, height: number): Promise<string> {
  return (
    await sharp({ create: { width, height, channels: 3, background: '#336699' } })
      .png()
      .toBuffer()
  ).toString('base64');
}

const SDXL = 'stability.stable-diffusion-xl-v1';
const sdxl = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  text_prompts: [{ text: 'a fox' }],
  seed: 1,
  ...extra,
});
const malformed = (violation: string): string =>
  `Malformed input request: ${violation}, please reformat your input and try again.`;

describe('validation (400 ValidationException naming the field)', () => {
  it.each([
    ['cfg_scale above 35', sdxl({ cfg_scale: 40 }), malformed('#/cfg_scale: 40.0 is not less or equal to 35')],
    ['steps below 10', sdxl({ steps: 9 }), malformed('#/steps: 9 is not greater or equal to 10')],
    ['samples other than 1', sdxl({ samples: 2 }), malformed('#/samples: 2 is not less or equal to 1')],
    ['unknown sampler', sdxl({ sampler: 'K_FAST' }), malformed('#/sampler: K_FAST is not a valid enum value')],
    [
      'unknown style preset',
      sdxl({ style_preset: 'watercolour' }),
      malformed('#/style_preset: watercolour is not a valid enum value'),
    ],
    ['missing text_prompts', { seed: 1 }, malformed('#: required key [text_prompts] not found')],
    [
      'prompt over 2000 chars',
      { text_prompts: [{ text: 'x'.repeat(2001) }] },
      malformed('#/text_prompts/0/text: expected maxLength: 2000, actual: 2001'),
    ],
    ['wrong type', sdxl({ seed: 'one' }), malformed('#/seed: expected type: Integer, found: String')],
    [
      'seed above range',
      sdxl({ seed: 4294967296 }),
      malformed('#/seed: 4294967296 is not less or equal to 4294967295'),
    ],
    ['extraneous key', sdxl({ prompt: 'x' }), malformed('#: extraneous key [prompt] is not permitted')],
    [
      'image_strength above 1',
      sdxl({ image_strength: 1.5 }),
      malformed('#/image_strength: 1.5 is not less or equal to 1'),
    ],
  ])('SDXL: %s', async (_name, body, message) => {
    const error = await failure(SDXL, body);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(message);
  });

  it('SDXL: size not among the nine, masks without their images, bad init_image', async () => {
    expect((await failure(SDXL, sdxl({ width: 512, height: 512 }))).message).toMatch(
      /#\/height, #\/width: 512x512 .*1024x1024, 1152x896/,
    );
    expect((await failure(SDXL, sdxl({ mask_source: 'MASK_IMAGE_WHITE' }))).message).toContain('[init_image]');
    expect(
      (await failure(SDXL, sdxl({ init_image: await png(1024, 1024), mask_source: 'MASK_IMAGE_BLACK' }))).message,
    ).toContain('[mask_image]');
    expect((await failure(SDXL, sdxl({ init_image: 'not base64 !!' }))).message).toContain('#/init_image');
    expect((await failure(SDXL, sdxl({ init_image: Buffer.from('hello').toString('base64') }))).message).toContain(
      'unable to decode',
    );
    expect((await failure(SDXL, sdxl({ init_image: await png(512, 512) }))).message).toContain('#/init_image: 512x512');
  });

  it.each([
    [
      'stability.sd3-5-large-v1:0',
      { prompt: 'x', aspect_ratio: '7:3' },
      '#/aspect_ratio: 7:3 is not a valid enum value',
    ],
    ['stability.sd3-5-large-v1:0', { prompt: 'x'.repeat(10001) }, '#/prompt: expected maxLength: 10000, actual: 10001'],
    [
      'stability.sd3-5-large-v1:0',
      { prompt: 'x', seed: 4294967295 },
      '#/seed: 4294967295 is not less or equal to 4294967294',
    ],
    [
      'stability.sd3-5-large-v1:0',
      { prompt: 'x', mode: 'image-to-image', strength: 0.5 },
      '#: required key [image] not found',
    ],
    ['stability.stable-image-core-v1:1', { prompt: 'x', image: 'aGk=' }, '#: extraneous key [image] is not permitted'],
    [
      'stability.stable-image-ultra-v1:1',
      { prompt: 'x', output_format: 'gif' },
      '#/output_format: gif is not a valid enum value',
    ],
    ['stability.stable-image-ultra-v1:1', { negative_prompt: 'x' }, '#: required key [prompt] not found'],
    [
      'us.stability.stable-outpaint-v1:0',
      { image: 'IMAGE', left: 0 },
      '#: at least one of [left, right, up, down] must be greater than 0',
    ],
    ['us.stability.stable-outpaint-v1:0', { image: 'IMAGE', left: 2001 }, '#/left: 2001 is not less or equal to 2000'],
    [
      'us.stability.stable-outpaint-v1:0',
      { image: 'IMAGE', left: 10, creativity: 0 },
      '#/creativity: 0.0 is not greater or equal to 0.1',
    ],
    [
      'us.stability.stable-image-inpaint-v1:0',
      { prompt: 'x', image: 'IMAGE', grow_mask: 21 },
      '#/grow_mask: 21 is not less or equal to 20',
    ],
    [
      'us.stability.stable-image-remove-background-v1:0',
      { image: 'IMAGE', output_format: 'jpeg' },
      '#/output_format: jpeg is not a valid enum value',
    ],
    [
      'amazon.titan-image-generator-v2:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x'.repeat(513) } },
      '#/textToImageParams/text: expected maxLength: 512, actual: 513',
    ],
    [
      'amazon.titan-image-generator-v2:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' }, imageGenerationConfig: { cfgScale: 11 } },
      '#/imageGenerationConfig/cfgScale: 11.0 is not less or equal to 10',
    ],
    [
      'amazon.titan-image-generator-v2:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' }, imageGenerationConfig: { numberOfImages: 6 } },
      '#/imageGenerationConfig/numberOfImages: 6 is not less or equal to 5',
    ],
    ['amazon.titan-image-generator-v2:0', { taskType: 'TEXT_IMAGE' }, '#: required key [textToImageParams] not found'],
    ['amazon.titan-image-generator-v2:0', { taskType: 'SKETCH' }, '#/taskType: SKETCH is not a valid enum value'],
    [
      'amazon.titan-image-generator-v2:0',
      { taskType: 'INPAINTING', inPaintingParams: { image: 'IMAGE', maskPrompt: 'a', maskImage: 'b' } },
      '#/inPaintingParams: exactly one of [maskPrompt, maskImage] must be provided',
    ],
    [
      'amazon.nova-canvas-v1:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' }, imageGenerationConfig: { width: 330, height: 320 } },
      '#/imageGenerationConfig/width: 330 is not divisible by 16',
    ],
    [
      'amazon.nova-canvas-v1:0',
      {
        taskType: 'TEXT_IMAGE',
        textToImageParams: { text: 'x' },
        imageGenerationConfig: { width: 2048, height: 2048 },
      },
      '#/imageGenerationConfig: 2048x2048 has 4194304 pixels; the total must be less than 4194304',
    ],
    [
      'amazon.nova-canvas-v1:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' }, imageGenerationConfig: { width: 4096, height: 320 } },
      '#/imageGenerationConfig: aspect ratio 4096:320 is outside 1:4 to 4:1',
    ],
    [
      'amazon.nova-canvas-v1:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' }, imageGenerationConfig: { seed: 858993460 } },
      '#/imageGenerationConfig/seed: 858993460 is not less or equal to 858993459',
    ],
    [
      'amazon.nova-canvas-v1:0',
      { taskType: 'TEXT_IMAGE', textToImageParams: { text: '' } },
      '#/textToImageParams/text: expected minLength: 1, actual: 0',
    ],
  ])('%s: %s', async (model, body, violation) => {
    const withImage = JSON.parse(
      JSON.stringify(body).replaceAll('"IMAGE"', JSON.stringify(await png(128, 128))),
    ) as unknown;
    const error = await failure(model, withImage);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(malformed(violation));
  });

  it('input image rules: too small, too elongated, upscale limits, Titan fixed sizes', async () => {
    expect(
      (await failure('stability.stable-image-ultra-v1:1', { prompt: 'x', image: await png(32, 64) })).message,
    ).toContain('#/image: image is 32x64; each side must be at least 64 pixels');
    expect(
      (await failure('stability.stable-image-ultra-v1:1', { prompt: 'x', image: await png(300, 100) })).message,
    ).toContain('aspect ratio 300:100');
    expect((await failure('stability.stable-fast-upscale-v1:0', { image: await png(1600, 1000) })).message).toContain(
      'at most 1536 pixels',
    );
    expect(
      (
        await failure('amazon.titan-image-generator-v2:0', {
          taskType: 'TEXT_IMAGE',
          textToImageParams: { text: 'x' },
          imageGenerationConfig: { width: 500, height: 500 },
        })
      ).message,
    ).toContain('#/imageGenerationConfig: width and height 500x500 is not a supported size');
  });

  it('a body that is not JSON, and one over 25,000,000 bytes', async () => {
    expect(await failure(SDXL, '{not json')).toBeInstanceOf(ValidationException);
    const huge = await failure(SDXL, JSON.stringify({ text_prompts: [{ text: 'x'.repeat(25_000_000) }] }));
    expect(huge).toBeInstanceOf(ValidationException);
    expect(huge.message).toContain('25000000');
  });

  it('validation failures are not billed', () => {
    expect(emulator.billing()).toEqual([]);
  });
});

describe('model ids and lifecycle', () => {
  it('an unknown model id is a ValidationException "The provided model identifier is invalid."', async () => {
    const error = await failure('stability.no-such-model-v9', { prompt: 'x' });
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe('The provided model identifier is invalid.');
  });

  it('an end-of-life model fails with the end-of-life error and is not listed', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, endOfLifeModels: ['stability.stable-diffusion-xl-v1'] });
    const ownClient = makeClient({}, own);
    const control = new BedrockClient({
      endpoint: own.url,
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
    });
    try {
      for (const id of [SDXL, `us.${SDXL}`]) {
        const error = await failure(id, sdxl(), ownClient);
        expect(error).toBeInstanceOf(ValidationException);
        expect(error.message).toBe(
          'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
        );
      }
      const listed = await control.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
      expect(listed.modelSummaries?.map((m) => m.modelId)).not.toContain(SDXL);
      own.configure({ endOfLifeModels: [] });
      expect(JSON.parse(await invokeRaw(SDXL, sdxl(), ownClient)).result).toBe('success');
    } finally {
      ownClient.destroy();
      control.destroy();
      await own.stop();
    }
  });
});

describe('exception classes in the SDK', () => {
  it.each([
    ['AccessDeniedException', AccessDeniedException, 403],
    ['ResourceNotFoundException', ResourceNotFoundException, 404],
    ['ThrottlingException', ThrottlingException, 429],
    ['ModelNotReadyException', ModelNotReadyException, 429],
    ['ModelTimeoutException', ModelTimeoutException, 408],
    ['ModelErrorException', ModelErrorException, 424],
    ['ServiceQuotaExceededException', ServiceQuotaExceededException, 400],
    ['InternalServerException', InternalServerException, 500],
    ['ServiceUnavailableException', ServiceUnavailableException, 503],
  ] as const)('failNext(%s) surfaces as that class', async (name, ctor, status) => {
    emulator.failNext(name);
    const error = await failure(SDXL, sdxl());
    expect(error).toBeInstanceOf(ctor);
    expect(error.name).toBe(name);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$metadata.requestId).toBeTruthy();
  });

  it('POST /__emulator/fail-next queues errors over HTTP', async () => {
    const response = await fetch(`${emulator.url}/__emulator/fail-next`, {
      method: 'POST',
      body: JSON.stringify(['ModelTimeoutException']),
    });
    expect(response.status).toBe(200);
    expect(await failure(SDXL, sdxl())).toBeInstanceOf(ModelTimeoutException);
    expect(
      (await fetch(`${emulator.url}/__emulator/fail-next`, { method: 'POST', body: '"NoSuchException"' })).status,
    ).toBe(400);
  });

  it('failNextList fails the next ListFoundationModels only (IAM wording for AccessDenied); InvokeModel is untouched', async () => {
    const control = new BedrockClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      emulator.failNextList('AccessDeniedException');
      expect(await invokeRaw(SDXL, sdxl())).toContain('artifacts');
      const denied = await control.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' })).then(
        () => null,
        (error: unknown) => error,
      );
      expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      expect((denied as Error).message).toContain('not authorized to perform: bedrock:ListFoundationModels');
      expect(
        (await control.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }))).modelSummaries?.length,
      ).toBeGreaterThan(0);
      expect(() => emulator.failNextList('NoSuchException')).toThrow(/unknown exception/);
      // Over HTTP: {operation, exceptions}.
      const queued = await fetch(`${emulator.url}/__emulator/fail-next`, {
        method: 'POST',
        body: JSON.stringify({ operation: 'ListFoundationModels', exceptions: ['ThrottlingException'] }),
      });
      expect(queued.status).toBe(200);
      await expect(control.send(new ListFoundationModelsCommand({}))).rejects.toMatchObject({
        name: 'ThrottlingException',
      });
      expect(
        (
          await fetch(`${emulator.url}/__emulator/fail-next`, {
            method: 'POST',
            body: JSON.stringify({ operation: 'Nope', exceptions: ['ThrottlingException'] }),
          })
        ).status,
      ).toBe(400);
    } finally {
      control.destroy();
    }
  });
});

describe('knobs', () => {
  it('throttleRate 1 answers 429 ThrottlingException, unbilled; the SDK retries until it exhausts its attempts', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, throttleRate: 1 });
    const retrying = makeClient({ maxAttempts: 3, retryStrategy: undefined }, own);
    try {
      const error = await failure(SDXL, sdxl(), retrying);
      expect(error).toBeInstanceOf(ThrottlingException);
      expect(error.message).toBe('Too many requests, please wait before trying again.');
      expect(error.$metadata.attempts).toBe(3);
      expect(own.requests()).toBe(3);
      expect(own.billing()).toEqual([]);
    } finally {
      retrying.destroy();
      await own.stop();
    }
  });

  it('draws are reproducible for a given randomSeed', async () => {
    const outcomes = async (): Promise<string[]> => {
      const own = await startEmulator({ ...BEDROCK_2025, throttleRate: 0.5, randomSeed: 99 });
      const ownClient = makeClient({}, own);
      const results: string[] = [];
      for (let i = 0; i < 8; i++) {
        results.push(
          await invokeRaw(
            'stability.stable-image-core-v1:1',
            { prompt: 'x', seed: 1, output_format: 'jpeg' },
            ownClient,
          ).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      }
      ownClient.destroy();
      await own.stop();
      return results;
    };
    const first = await outcomes();
    expect(first).toContain('ok');
    expect(first).toContain('ThrottlingException');
    expect(await outcomes()).toEqual(first);
  });

  it('serverErrorRate 1 answers 500 InternalServerException or 503 ServiceUnavailableException, unbilled', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, serverErrorRate: 1, randomSeed: 5 });
    const ownClient = makeClient({}, own);
    try {
      const names = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const error = await failure(SDXL, sdxl(), ownClient);
        expect(error instanceof InternalServerException || error instanceof ServiceUnavailableException).toBe(true);
        names.add(error.name);
      }
      expect(names).toEqual(new Set(['InternalServerException', 'ServiceUnavailableException']));
      expect(own.billing()).toEqual([]);
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });

  it('filter words: SDXL CONTENT_FILTERED (blurred), v2 "Filter reason: prompt", Amazon error field; billed and marked filtered', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, filterWords: ['Dragon'] });
    const ownClient = makeClient({}, own);
    try {
      const clean = JSON.parse(
        await invokeRaw(SDXL, sdxl({ text_prompts: [{ text: 'a dragon' }, { text: 'ugly', weight: -1 }] }), ownClient),
      ).artifacts[0];
      const negativeOnly = JSON.parse(
        await invokeRaw(SDXL, sdxl({ text_prompts: [{ text: 'a cat' }, { text: 'dragon', weight: -1 }] }), ownClient),
      ).artifacts[0];
      expect(clean.finishReason).toBe('CONTENT_FILTERED');
      expect(negativeOnly.finishReason).toBe('SUCCESS');
      own.configure({ filterWords: [] });
      const unfiltered = JSON.parse(
        await invokeRaw(SDXL, sdxl({ text_prompts: [{ text: 'a dragon' }, { text: 'ugly', weight: -1 }] }), ownClient),
      ).artifacts[0];
      expect(unfiltered.base64).not.toBe(clean.base64);
      own.configure({ filterWords: ['dragon'] });
      const v2 = JSON.parse(
        await invokeRaw('stability.stable-image-core-v1:1', { prompt: 'A DRAGON', seed: 1 }, ownClient),
      );
      expect(v2.finish_reasons).toEqual(['Filter reason: prompt']);
      expect(v2.images).toHaveLength(1);
      const amazon = JSON.parse(
        await invokeRaw(
          'amazon.titan-image-generator-v2:0',
          {
            taskType: 'TEXT_IMAGE',
            textToImageParams: { text: 'a dragon' },
            imageGenerationConfig: { numberOfImages: 2, width: 512, height: 512 },
          },
          ownClient,
        ),
      );
      expect(amazon.images).toEqual([]);
      expect(amazon.error).toMatch(/blocked by our content filters/);
      expect(own.billing().map((b) => [b.modelId, b.filtered])).toEqual([
        [SDXL, true],
        [SDXL, false],
        [SDXL, false],
        ['stability.stable-image-core-v1:1', true],
        ['amazon.titan-image-generator-v2:0', true],
        ['amazon.titan-image-generator-v2:0', true],
      ]);
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });

  it('malformedRate 1 gives 200s with truncated JSON, bad base64 or non-image bytes, all billed', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, malformedRate: 1, randomSeed: 1 });
    const ownClient = makeClient({}, own);
    try {
      const kinds = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const text = await invokeRaw(
          'stability.stable-image-core-v1:1',
          { prompt: 'x', seed: 1, output_format: 'jpeg' },
          ownClient,
        );
        let body: { images: string[] };
        try {
          body = JSON.parse(text) as { images: string[] };
        } catch {
          kinds.add('truncated');
          continue;
        }
        const image = body.images[0] ?? '';
        if (!/^[A-Za-z0-9+/]+=*$/.test(image)) {
          kinds.add('bad-base64');
          continue;
        }
        await expect(sharp(Buffer.from(image, 'base64')).metadata()).rejects.toThrow();
        kinds.add('not-image');
      }
      expect(kinds).toEqual(new Set(['truncated', 'bad-base64', 'not-image']));
      expect(own.billing()).toHaveLength(12);
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });

  it('latencyMs delays each generation and is reported in x-amzn-bedrock-invocation-latency', async () => {
    const own = await startEmulator({ ...BEDROCK_2025, latencyMs: 150 });
    try {
      const started = Date.now();
      const response = await fetch(`${own.url}/__emulator/config`);
      expect(Date.now() - started).toBeLessThan(150);
      await response.arrayBuffer();
      const ownClient = makeClient({}, own);
      const begin = Date.now();
      await invokeRaw('stability.stable-image-core-v1:1', { prompt: 'x', seed: 1, output_format: 'jpeg' }, ownClient);
      expect(Date.now() - begin).toBeGreaterThanOrEqual(150);
      ownClient.destroy();
    } finally {
      await own.stop();
    }
  });
});

describe('SigV4', () => {
  it('a wrong secret is InvalidSignatureException (403)', async () => {
    const bad = makeClient({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong' } });
    const error = await failure(SDXL, sdxl(), bad);
    bad.destroy();
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  });

  it('an unknown access key is UnrecognizedClientException (403)', async () => {
    const bad = makeClient({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
    const error = await failure(SDXL, sdxl(), bad);
    bad.destroy();
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe('The security token included in the request is invalid.');
  });

  it('a request signed more than 5 minutes off is rejected as expired', async () => {
    const skewed = makeClient({ systemClockOffset: -10 * 60 * 1000 });
    const error = await failure(SDXL, sdxl(), skewed);
    skewed.destroy();
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('the wrong region scope is rejected; configured credentials with a session token work', async () => {
    const wrongRegion = new BedrockRuntimeClient({
      endpoint: emulator.url,
      region: 'eu-west-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      maxAttempts: 1,
    });
    expect((await failure(SDXL, sdxl(), wrongRegion)).message).toContain(
      "Credential should be scoped to a valid region, not 'eu-west-1'",
    );
    wrongRegion.destroy();
    const creds = { accessKeyId: 'ASIATEST', secretAccessKey: 'secret/with+chars', sessionToken: 'token-1' };
    const own = await startEmulator({ ...BEDROCK_2025, credentials: [creds], region: 'eu-central-1' });
    const good = makeClient({ credentials: creds, region: 'eu-central-1' }, own);
    const noToken = makeClient({ credentials: { ...creds, sessionToken: undefined }, region: 'eu-central-1' }, own);
    try {
      expect(JSON.parse(await invokeRaw(SDXL, sdxl(), good)).result).toBe('success');
      expect((await failure(SDXL, sdxl(), noToken)).name).toBe('UnrecognizedClientException');
      expect(own.env()).toMatchObject({
        AWS_ACCESS_KEY_ID: 'ASIATEST',
        AWS_SESSION_TOKEN: 'token-1',
        AWS_REGION: 'eu-central-1',
      });
    } finally {
      good.destroy();
      noToken.destroy();
      await own.stop();
    }
  });

  it('the control plane verifies signatures too', async () => {
    const control = new BedrockClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'nope' },
      maxAttempts: 1,
    });
    await expect(control.send(new ListFoundationModelsCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    control.destroy();
  });
});
