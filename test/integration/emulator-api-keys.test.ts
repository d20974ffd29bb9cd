// Bedrock API keys through the real SDK with no SigV4 credentials anywhere: the pinned
// @aws-sdk/client-bedrock-runtime and client-bedrock read AWS_BEARER_TOKEN_BEDROCK (which also
// switches their auth scheme to httpBearerAuth) and send `Authorization: Bearer <key>`.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { startEmulator } from '../../src-main/emulator/index.ts';
import { shortTermKey } from '../support/short-term-key.ts';
import { invokeFailure } from '../support/emulator-calls.ts';

const LONG_TERM_KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'us.stability.stable-image-inpaint-v1:0';

let emulator: RunningEmulator;
let home: string;
const saved = { ...process.env };

/** Only the key: no access keys, no profiles, no config files the SDK could fall back to. */
function onlyTheKey(key: string): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, {
    AWS_BEARER_TOKEN_BEDROCK: key,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    HOME: home,
  });
}

function keyClient(region: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ endpoint: emulator.url, region, maxAttempts: 1 });
}

async function coreFrom(region: string): Promise<number | undefined> {
  const client = keyClient(region);
  try {
    const out = await client.send(
      new InvokeModelCommand({
        modelId: CORE,
        body: JSON.stringify({ prompt: 'key', seed: 1, output_format: 'jpeg' }),
      }),
    );
    return out.$metadata.httpStatusCode;
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [LONG_TERM_KEY], randomSeed: 4 });
  home = await mkdtemp(join(tmpdir(), 'easel-keys-'));
});
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});
afterAll(async () => {
  await emulator.stop();
  await rm(home, { recursive: true, force: true });
});

describe('Bedrock API keys (Authorization: Bearer)', () => {
  it('with no SigV4 credentials, a SigV4-only client cannot even sign (the environment is clean)', async () => {
    onlyTheKey(LONG_TERM_KEY);
    delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    await expect(coreFrom('us-west-2')).rejects.toThrow(/credentials/i);
  });

  it('a configured long-term key works for InvokeModel and ListFoundationModels; its region is apiKeyRegion', async () => {
    onlyTheKey(LONG_TERM_KEY);
    emulator.configure({ apiKeyRegion: 'us-west-2' });
    try {
      expect(await coreFrom('us-west-2')).toBe(200);
      const control = new BedrockClient({ endpoint: emulator.url, region: 'us-west-2', maxAttempts: 1 });
      const listed = await control.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));
      control.destroy();
      expect(listed.modelSummaries?.map((m) => m.modelId)).toContain(CORE);
      expect(emulator.billing().at(-1)).toMatchObject({ modelId: CORE, region: 'us-west-2' });
    } finally {
      emulator.configure({ apiKeyRegion: 'us-east-1' });
    }
    // The SDK sends no region with a bearer token: the emulator's default (us-east-1) has no Core.
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({ name: 'ValidationException' });
    const client = keyClient('us-east-1');
    expect(await invokeFailure(client, INPAINT, { prompt: 'x' })).toMatchObject({ name: 'ValidationException' });
    client.destroy();
  });

  it('the token client option works too, with httpBearerAuth preferred', async () => {
    onlyTheKey('unused');
    delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    emulator.configure({ apiKeyRegion: 'us-west-2' });
    const client = new BedrockRuntimeClient({
      endpoint: emulator.url,
      region: 'us-west-2',
      token: { token: LONG_TERM_KEY },
      authSchemePreference: ['httpBearerAuth'],
      maxAttempts: 1,
    });
    try {
      const out = await client.send(
        new InvokeModelCommand({ modelId: CORE, body: JSON.stringify({ prompt: 'x', seed: 2 }) }),
      );
      expect(out.$metadata.httpStatusCode).toBe(200);
    } finally {
      client.destroy();
      emulator.configure({ apiKeyRegion: 'us-east-1' });
    }
  });

  it('an unknown key and a malformed key are refused with 403 AccessDeniedException', async () => {
    onlyTheKey('ABSKbm90LWEta2V5');
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Authentication failed: Please make sure your API Key is valid.',
      $metadata: { httpStatusCode: 403 },
    });
    onlyTheKey('not-a-bedrock-key');
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Invalid API Key format: Must start with pre-defined prefix',
    });
  });

  it('a short-term key carries its region and expiry: valid in us-west-2, refused once expired', async () => {
    onlyTheKey(await shortTermKey('us-west-2'));
    expect(await coreFrom('us-west-2')).toBe(200);
    onlyTheKey(await shortTermKey('us-east-1'));
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({ name: 'ValidationException' });
    onlyTheKey(await shortTermKey('us-west-2', new Date(Date.now() - 13 * 3600_000)));
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Authentication failed: Please make sure your API Key is valid.',
    });
    const forged = (await shortTermKey('us-west-2')).replace(/.{8}$/, 'AAAAAAAA');
    onlyTheKey(forged);
    await expect(coreFrom('us-west-2')).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('keys are configured over HTTP (POST /__emulator/config {"apiKeys"}) and checked there', async () => {
    const posted = await fetch(`${emulator.url}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({ apiKeys: [LONG_TERM_KEY, 'ABSKc2Vjb25k'] }),
    });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { apiKeys: string[] }).apiKeys).toEqual([LONG_TERM_KEY, 'ABSKc2Vjb25k']);
    emulator.configure({ apiKeyRegion: 'us-west-2' });
    onlyTheKey('ABSKc2Vjb25k');
    try {
      expect(await coreFrom('us-west-2')).toBe(200);
    } finally {
      emulator.configure({ apiKeyRegion: 'us-east-1', apiKeys: [LONG_TERM_KEY] });
    }
    const bad = await fetch(`${emulator.url}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({ apiKeys: 'x' }),
    });
    expect(bad.status).toBe(400);
  });
});
