// The Bedrock of 2026-12-01 through the real SDK: one port for every region (the SigV4 scope picks
// it), what runs where, inference profiles (listed and invoked, by id and ARN), retired models,
// legacy inactivity, the control plane's filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedException, ResourceNotFoundException, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import { invokeFailure, invokeImage, runtimeClient, solidPng } from '../support/emulator-calls.ts';

const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';
const END_OF_LIFE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';
const INVALID_ID = 'The provided model identifier is invalid.';

let emulator: RunningEmulator;
const clients = new Map<string, BedrockRuntimeClient>();
const control = new Map<string, BedrockClient>();

function runtime(region: string): BedrockRuntimeClient {
  let client = clients.get(region);
  if (!client) clients.set(region, (client = runtimeClient(emulator, region)));
  return client;
}

function plane(region: string): BedrockClient {
  let client = control.get(region);
  if (!client)
    control.set(
      region,
      (client = new BedrockClient({
        endpoint: emulator.url,
        region,
        credentials: EMULATOR_DEFAULT_CREDENTIALS,
        maxAttempts: 1,
      })),
    );
  return client;
}

beforeAll(async () => {
  emulator = await startEmulator({ randomSeed: 11 });
});
afterAll(async () => {
  for (const client of [...clients.values(), ...control.values()]) client.destroy();
  await emulator.stop();
});

describe('region routing', () => {
  it('Core signed for us-west-2 generates; signed for us-east-1 it is an invalid identifier there', async () => {
    const image = await invokeImage(runtime('us-west-2'), CORE, { prompt: 'a red kite', seed: 3 });
    expect(image.length).toBeGreaterThan(100);
    const refused = await invokeFailure(runtime('us-east-1'), CORE, { prompt: 'a red kite', seed: 3 });
    expect(refused).toBeInstanceOf(ValidationException);
    expect(refused.message).toBe(INVALID_ID);
  });

  it('us. inpaint runs from us-east-1, us-east-2 and us-west-2; the base id asks for an inference profile', async () => {
    const body = { prompt: 'a blue door', image: await solidPng(128, 128, '#808080'), seed: 2 };
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2'])
      expect(await invokeImage(runtime(region), `us.${INPAINT}`, body)).toBeTruthy();
    const onDemand = await invokeFailure(runtime('us-east-1'), INPAINT, body);
    expect(onDemand).toBeInstanceOf(ValidationException);
    expect(onDemand.message).toBe(
      `Invocation of model ID ${INPAINT} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    );
    expect((await invokeFailure(runtime('eu-west-1'), `us.${INPAINT}`, body)).message).toBe(INVALID_ID);
    expect((await invokeFailure(runtime('us-west-2'), `us.${CORE}`, { prompt: 'x' })).message).toBe(INVALID_ID);
  });

  it('bills in the region the call was signed for', async () => {
    const before = emulator.billing().length;
    await invokeImage(runtime('us-east-2'), `us.${INPAINT}`, {
      prompt: 'x',
      image: await solidPng(64, 64, '#000000'),
      seed: 1,
    });
    expect(emulator.billing().slice(before)).toMatchObject([{ modelId: `us.${INPAINT}`, region: 'us-east-2' }]);
  });

  it('a credential scope that names no Bedrock region is refused', async () => {
    const nowhere = runtime('xx-nowhere-1');
    const error = await invokeFailure(nowhere, CORE, { prompt: 'x' });
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toBe("Credential should be scoped to a valid region, not 'xx-nowhere-1'.");
  });
});

describe('model ids as ARNs', () => {
  it('a foundation-model ARN works in its own region only', async () => {
    const arn = `arn:aws:bedrock:us-west-2::foundation-model/${CORE}`;
    expect(await invokeImage(runtime('us-west-2'), arn, { prompt: 'green hills', seed: 4 })).toBeTruthy();
    expect((await invokeFailure(runtime('us-east-1'), arn, { prompt: 'x' })).message).toBe(INVALID_ID);
  });

  it('an inference-profile ARN of this account works from its region; a foundation-model ARN of a service asks for a profile', async () => {
    const body = { prompt: 'a cat', image: await solidPng(64, 64, '#ffffff'), seed: 5 };
    const arn = `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${INPAINT}`;
    const byArn = await invokeImage(runtime('us-east-1'), arn, body);
    expect(byArn).toBe(await invokeImage(runtime('us-east-1'), `us.${INPAINT}`, body));
    expect((await invokeFailure(runtime('us-east-2'), arn, body)).message).toBe(INVALID_ID);
    const otherAccount = arn.replace('000000000000', '123456789012');
    expect((await invokeFailure(runtime('us-east-1'), otherAccount, body)).message).toBe(INVALID_ID);
    const serviceArn = `arn:aws:bedrock:us-east-1::foundation-model/${INPAINT}`;
    expect((await invokeFailure(runtime('us-east-1'), serviceArn, body)).message).toMatch(/on-demand throughput/);
  });
});

describe('lifecycle', () => {
  it.each([
    ['stability.stable-diffusion-xl-v1', { text_prompts: [{ text: 'x' }] }],
    ['amazon.titan-image-generator-v2:0', { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' } }],
    ['amazon.titan-image-generator-v1', { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' } }],
    ['amazon.nova-canvas-v1:0', { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'x' } }],
    ['amazon.nova-reel-v1:1', {}],
    ['stability.sd3-large-v1:0', { prompt: 'x' }],
    ['stability.stable-image-core-v1:0', { prompt: 'x' }],
    ['stability.stable-image-ultra-v1:0', { prompt: 'x' }],
  ])('retired %s answers ResourceNotFoundException with the end-of-life wording', async (model, body) => {
    for (const region of ['us-east-1', 'us-west-2']) {
      const error = await invokeFailure(runtime(region), model, body);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(error.message).toBe(END_OF_LIFE);
    }
  });

  it('the bedrock2025 knob brings the 2025 models back (SDXL generates from us-east-1)', async () => {
    const own = await startEmulator({ bedrock2025: true });
    const client = runtimeClient(own, 'us-east-1');
    try {
      const out = await client.send(
        new (await import('@aws-sdk/client-bedrock-runtime')).InvokeModelCommand({
          modelId: 'stability.stable-diffusion-xl-v1',
          body: JSON.stringify({ text_prompts: [{ text: 'x' }], seed: 1 }),
        }),
      );
      expect(JSON.parse(new TextDecoder().decode(out.body)).result).toBe('success');
      own.configure({ bedrock2025: false });
      expect(
        await invokeFailure(client, 'stability.stable-diffusion-xl-v1', { text_prompts: [{ text: 'x' }] }),
      ).toBeInstanceOf(ResourceNotFoundException);
    } finally {
      client.destroy();
      await own.stop();
    }
  });

  it('legacyInactiveModels: AccessDeniedException with the Legacy wording, listed LEGACY; endOfLifeModels: 404', async () => {
    emulator.configure({ legacyInactiveModels: [CORE] });
    try {
      const error = await invokeFailure(runtime('us-west-2'), CORE, { prompt: 'x' });
      expect(error).toBeInstanceOf(AccessDeniedException);
      expect(error.message).toBe(
        'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days',
      );
      const listed = await plane('us-west-2').send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
      expect(listed.modelSummaries?.find((m) => m.modelId === CORE)?.modelLifecycle?.status).toBe('LEGACY');
    } finally {
      emulator.configure({ legacyInactiveModels: [] });
    }
    emulator.configure({ endOfLifeModels: ['stability.stable-image-ultra-v1:1'] });
    try {
      const error = await invokeFailure(runtime('us-west-2'), 'stability.stable-image-ultra-v1:1', { prompt: 'x' });
      expect([error.name, error.message]).toEqual(['ResourceNotFoundException', END_OF_LIFE]);
    } finally {
      emulator.configure({ endOfLifeModels: [] });
    }
  });
});

describe('control plane per region', () => {
  it('ListFoundationModels: us-west-2 has the three text-to-image models and the services; us-east-1 only the services', async () => {
    const west = await plane('us-west-2').send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
    const east = await plane('us-east-1').send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
    const ids = (out: typeof west): string[] => (out.modelSummaries ?? []).map((m) => m.modelId ?? '').sort();
    expect(ids(west)).toEqual(
      expect.arrayContaining(['stability.sd3-5-large-v1:0', CORE, 'stability.stable-image-ultra-v1:1', INPAINT]),
    );
    expect(ids(west)).toHaveLength(16);
    expect(ids(east)).toHaveLength(13);
    expect(ids(east).every((id) => /^stability\.stable-(image-|)[a-z-]+-v1:0$/.test(id))).toBe(true);
    expect(ids(west)).not.toContain('stability.stable-diffusion-xl-v1');
    expect(west.modelSummaries?.find((m) => m.modelId === CORE)?.modelArn).toBe(
      `arn:aws:bedrock:us-west-2::foundation-model/${CORE}`,
    );
    expect(east.modelSummaries?.[0]?.inferenceTypesSupported).toEqual(['INFERENCE_PROFILE']);
    const onDemand = await plane('us-east-1').send(new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND' }));
    expect(onDemand.modelSummaries).toEqual([]);
    const elsewhere = await plane('eu-west-1').send(new ListFoundationModelsCommand({}));
    expect(elsewhere.modelSummaries).toEqual([]);
  });

  it('unknown enum values in list filters are refused with ValidationException, all named in one message', async () => {
    const error = await plane('us-east-1')
      .send(
        new ListFoundationModelsCommand({
          byOutputModality: 'PICTURE' as 'IMAGE',
          byInferenceType: 'SOMETIMES' as 'ON_DEMAND',
        }),
      )
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toBe(
      "2 validation errors detected: Value 'PICTURE' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]; Value 'SOMETIMES' at 'byInferenceType' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]",
    );
  });

  it('ListInferenceProfiles: the 13 US Stability profiles from each US region, parsed by the SDK and paginated', async () => {
    const out = await plane('us-east-1').send(new ListInferenceProfilesCommand({}));
    const summaries = out.inferenceProfileSummaries ?? [];
    expect(summaries).toHaveLength(13);
    const inpaint = summaries.find((s) => s.inferenceProfileId === `us.${INPAINT}`);
    expect(inpaint).toMatchObject({
      inferenceProfileArn: `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${INPAINT}`,
      inferenceProfileName: 'US Stable Image Inpaint',
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
      models: [
        { modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${INPAINT}` },
        { modelArn: `arn:aws:bedrock:us-east-2::foundation-model/${INPAINT}` },
        { modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${INPAINT}` },
      ],
    });
    expect(inpaint?.createdAt).toBeInstanceOf(Date);
    const pages: number[] = [];
    for await (const page of paginateListInferenceProfiles({ client: plane('us-west-2'), pageSize: 5 }, {}))
      pages.push(page.inferenceProfileSummaries?.length ?? 0);
    expect(pages).toEqual([5, 5, 3]);
    expect((await plane('eu-west-1').send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries).toEqual([]);
    expect(
      (await plane('us-east-2').send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' })))
        .inferenceProfileSummaries,
    ).toEqual([]);
    await expect(plane('us-east-1').send(new ListInferenceProfilesCommand({ maxResults: 0 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('failNextProfiles fails the next ListInferenceProfiles only', async () => {
    emulator.failNextProfiles('AccessDeniedException');
    await expect(plane('us-east-1').send(new ListInferenceProfilesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('bedrock:ListInferenceProfiles'),
    });
    expect(
      (await plane('us-east-1').send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries,
    ).toHaveLength(13);
  });
});
