// Bedrock API keys end to end, through the real SDK against the emulator with no SigV4 credentials
// anywhere (an empty HOME, no AWS config files, no AWS_* keys): the CLI with AWS_BEARER_TOKEN_BEDROCK,
// the studio with a key kept by its SecretStore (through the IPC gate), and a refused key. The key
// must never come back out: not in an answer, an event, a log line, a job row or the database file.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, type EventEnvelope } from '../../src-shared/contract/index.ts';
import { API_KEY_REJECTED_MESSAGE } from '../../src-main/core/bedrock/index.ts';
import { createStudio, type Studio } from '../../src-main/core/studio/index.ts';
import { createIpcGate } from '../../src-main/electron/ipc.ts';
import { createLogger } from '../../src-main/electron/log.ts';
import { startEmulator, type RunningEmulator } from '../../src-main/emulator/index.ts';
import { billedTotal, CORE, CORE_PRICE, createCliHarness, json, type CliHarness } from './cli-harness.ts';
import { memorySecrets } from '../support/memory-secrets.ts';

const KEY = 'ABSKQmVkcm9ja0FQSUtleS1lYXNlbC10ZXN0LTAwMDAwMDAwMDAwMDpzZWNyZXQtdmFsdWU=';
const UNKNOWN_KEY = 'ABSKQmVkcm9ja0FQSUtleS1leHBpcmVkLTAwMDAwMDAwMDAwMDpvbGQtc2VjcmV0LXZhbHVl';
/** Enough of a key to recognise it anywhere (the masked form shows only its last 4 characters). */
const leaks = (text: string, key = KEY) => text.includes(key.slice(4, 40)) || text.includes(key.slice(-20));

/** Only the key: no HOME files, no config or credentials files, no AWS_* keys. */
async function keyOnlyEnv(dir: string, emulator: RunningEmulator, extra: Record<string, string> = {}) {
  const home = join(dir, 'empty-home');
  await mkdir(home, { recursive: true });
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ENDPOINT_URL_BEDROCK: emulator.url,
    ...extra,
  };
}

interface Generated {
  status: string;
  costMicroUsd: number | null;
  error?: { code: string; message: string };
}

describe('easel with AWS_BEARER_TOKEN_BEDROCK', () => {
  let h: CliHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  /** The harness with its AWS profile files taken away and the key put in. */
  async function keyHarness(key: string): Promise<CliHarness> {
    // Bedrock of 2026: Core runs in us-west-2; the emulator cannot see a bearer call's endpoint, so
    // apiKeyRegion stands for the us-west-2 endpoint Easel calls.
    const harness = await createCliHarness({ emulator: { apiKeys: [KEY], apiKeyRegion: 'us-west-2' } });
    const env = await keyOnlyEnv(harness.dir, harness.emulator, {
      EASEL_HOME: harness.dataDir,
      AWS_REGION: 'us-east-1',
      AWS_BEARER_TOKEN_BEDROCK: key,
    });
    for (const name of Object.keys(harness.env)) delete harness.env[name];
    Object.assign(harness.env, env);
    return harness;
  }

  it('lists the key as a source (masked), generates with it, and records the spend', async () => {
    h = await keyHarness(KEY);
    const profiles = await h.run(['profiles', '--json']);
    expect(profiles.code, profiles.stderr).toBe(0);
    expect(json<{ profiles: unknown[] }>(profiles).profiles).toEqual([
      {
        name: '(Bedrock API key)',
        kind: 'api-key',
        region: 'us-east-1',
        sources: ['env'],
        isDefault: true,
        maskedKey: `ABSK…${KEY.slice(-4)}`,
        problems: [],
      },
    ]);
    const table = await h.run(['profiles']);
    expect(table.stdout).toMatch(/\* \(Bedrock API key\)\s+api-key\s+us-east-1/);

    const gen = await h.run(['generate', 'a kite over the dunes', '--model', CORE, '--json']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(json<Generated[]>(gen)).toMatchObject([{ status: 'succeeded', costMicroUsd: CORE_PRICE }]);
    const spend = json<{ totalMicroUsd: number }>(await h.run(['spend', '--json']));
    expect(spend.totalMicroUsd).toBe(CORE_PRICE);
    expect(billedTotal(h.emulator)).toBe(CORE_PRICE);
    for (const output of [profiles, table, gen]) expect(leaks(output.stdout + output.stderr)).toBe(false);
  });

  it('a refused key fails in one sentence of what to do (exit 1, the JSON error shape), nothing billed', async () => {
    h = await keyHarness(UNKNOWN_KEY);
    const gen = await h.run(['generate', 'a kite', '--model', CORE, '--json']);
    expect(gen.code).toBe(1);
    const [image] = json<Generated[]>(gen);
    expect(image).toMatchObject({
      status: 'failed',
      error: { code: 'credentials-rejected', message: API_KEY_REJECTED_MESSAGE },
    });
    expect(billedTotal(h.emulator)).toBe(0);
    expect(leaks(gen.stdout + gen.stderr, UNKNOWN_KEY)).toBe(false);

    const plain = await h.run(['generate', 'a kite', '--model', CORE]);
    expect(plain.code).toBe(1);
    expect(plain.stdout + plain.stderr).toContain(API_KEY_REJECTED_MESSAGE);
  });
});

describe('a profile beside AWS_BEARER_TOKEN_BEDROCK', () => {
  let h: CliHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('a profile chosen by name signs with SigV4 although the SDK would prefer the key it finds in process.env', async () => {
    h = await createCliHarness();
    h.env.AWS_BEARER_TOKEN_BEDROCK = UNKNOWN_KEY; // the emulator refuses this key: only SigV4 can succeed
    const byProfile = await h.run(['generate', 'signed', '--model', CORE, '--profile', 'default', '--json']);
    expect(byProfile.code, byProfile.stderr).toBe(0);
    // Without a profile named (and no AWS_PROFILE), the key is the default, as in the AWS SDKs.
    const byDefault = await h.run(['generate', 'bearer', '--model', CORE, '--json']);
    expect(byDefault.code).toBe(1);
    expect(json<Generated[]>(byDefault)[0]?.error?.message).toBe(API_KEY_REJECTED_MESSAGE);
    h.env.AWS_PROFILE = 'default';
    const byAwsProfile = await h.run(['generate', 'signed again', '--model', CORE, '--json']);
    expect(byAwsProfile.code, byAwsProfile.stderr).toBe(0);
  });
});

describe('the studio with a key kept by its SecretStore', () => {
  let dir: string;
  let emulator: RunningEmulator | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.close();
    await emulator?.stop();
    studio = undefined;
    emulator = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function open(secrets = memorySecrets(), extraEnv: Record<string, string> = {}) {
    dir = await mkdtemp(join(tmpdir(), 'easel-api-keys-'));
    // Bedrock of 2026: Core runs in us-west-2, where the long-term key is valid.
    emulator = await startEmulator({ port: 0, randomSeed: 3, apiKeys: [KEY], apiKeyRegion: 'us-west-2' });
    const dataDir = join(dir, 'data');
    studio = createStudio({
      dataDir,
      env: await keyOnlyEnv(dir, emulator, extraEnv),
      secrets,
      retry: { maxAttempts: 1 },
    });
    const lines: string[] = [];
    const gate = createIpcGate(studio.handlers, {
      isTrustedSender: () => true,
      validateResponses: true,
      log: createLogger((line) => lines.push(line)),
    });
    const answers: unknown[] = [];
    const call = async (name: string, payload: unknown) => {
      const answer = await gate({}, name, payload);
      answers.push(answer);
      return answer;
    };
    const events: EventEnvelope[] = [];
    studio.onEvent((event) => events.push(event));
    return { studio, secrets, dataDir, call, answers, events, lines };
  }

  it('keeps the key, lists it masked, generates with it, and never hands it back', async () => {
    const s = await open();
    expect(await s.call('apiKey.status', {})).toEqual({
      ok: true,
      value: { configured: false, source: null, masked: null, canStore: true, storeProblem: null },
    });
    const masked = `ABSK…${KEY.slice(-4)}`;
    expect(await s.call('apiKey.set', { key: `  ${KEY}\n` })).toEqual({
      ok: true,
      value: { configured: true, source: 'settings', masked, canStore: true, storeProblem: null },
    });
    expect(s.secrets.entries.get('bedrock-api-key')).toBe(KEY);
    expect(await s.call('profiles.list', {})).toEqual({
      ok: true,
      value: {
        profiles: [{ name: '(Bedrock API key)', kind: 'api-key', region: null, isDefault: true, maskedKey: masked }],
      },
    });

    // The control plane takes the key too: the model list is Bedrock's own, not the offline fallback.
    expect(await s.call('models.list', { profile: '(Bedrock API key)', region: 'us-west-2' })).toMatchObject({
      ok: true,
      value: { discovery: { ok: true, error: null } },
    });
    const answer = await s.call('generate', {
      params: { modelId: CORE, prompt: 'a paper boat', count: 1, task: 'text-to-image' },
      profile: '(Bedrock API key)',
      region: 'us-west-2',
    });
    expect(answer).toMatchObject({ ok: true });
    await s.studio.whenIdle();
    const { jobIds } = contract.generate.response.parse((answer as { value: unknown }).value);
    const job = await s.call('jobs.get', { jobId: jobIds[0] });
    expect(job).toMatchObject({
      ok: true,
      value: {
        job: { status: 'succeeded', profile: '(Bedrock API key)', region: 'us-west-2', priceMicroUsd: CORE_PRICE },
      },
    });
    expect(s.events.map((e) => e.name)).toContain('job.updated');
    expect(emulator?.billing()).toHaveLength(1);

    // Removing it: the pseudo-profile is gone, and choosing it says what to do.
    expect(await s.call('apiKey.clear', {})).toMatchObject({ ok: true, value: { configured: false } });
    expect(
      await s.call('generate', {
        params: { modelId: CORE, prompt: 'no key', count: 1, task: 'text-to-image' },
        profile: '(Bedrock API key)',
        region: 'us-west-2',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'credentials-missing', message: expect.stringMatching(/paste one in Settings/) },
    });
    // A malformed key is refused at the gate, without quoting it.
    const bad = await s.call('apiKey.set', { key: `AKIA${KEY.slice(4)}` });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'key' } });

    await s.studio.close();
    studio = undefined;
    expect(leaks(JSON.stringify(s.answers))).toBe(false);
    expect(leaks(JSON.stringify(s.events))).toBe(false);
    expect(leaks(s.lines.join('\n'))).toBe(false);
    for (const name of await readdir(s.dataDir, { recursive: true })) {
      const file = join(s.dataDir, name);
      const bytes = await readFile(file).catch(() => null); // folders
      if (bytes !== null) expect(leaks(bytes.toString('latin1')), name).toBe(false);
    }
  });

  it('without secure storage nothing is kept, and the reason is said', async () => {
    const s = await open(memorySecrets({ unavailable: 'No keychain here.' }));
    expect(await s.call('apiKey.status', {})).toEqual({
      ok: true,
      value: { configured: false, source: null, masked: null, canStore: false, storeProblem: 'No keychain here.' },
    });
    expect(await s.call('apiKey.set', { key: KEY })).toEqual({
      ok: false,
      error: { code: 'io', message: 'No keychain here.' },
    });
    expect(s.secrets.entries.size).toBe(0);
  });

  it("a key in Settings wins over the environment's; removing it falls back to the environment's", async () => {
    const s = await open(memorySecrets(), { AWS_BEARER_TOKEN_BEDROCK: UNKNOWN_KEY });
    const masked = (key: string) => `ABSK…${key.slice(-4)}`;
    expect(await s.studio.apiKeyStatus()).toMatchObject({ source: 'environment', masked: masked(UNKNOWN_KEY) });
    expect(await s.studio.setApiKey(KEY)).toMatchObject({ source: 'settings', masked: masked(KEY) });
    const params = { modelId: CORE, prompt: 'settings key', task: 'text-to-image' } as const;
    const [job] = (await s.studio.generate(params, { region: 'us-west-2' })).jobs;
    await s.studio.whenIdle();
    expect(s.studio.getJob(job!.id)).toMatchObject({ status: 'succeeded', profile: null });

    expect(await s.studio.clearApiKey()).toMatchObject({ source: 'environment', masked: masked(UNKNOWN_KEY) });
    const [refused] = (await s.studio.generate(params, { region: 'us-west-2' })).jobs;
    await s.studio.whenIdle();
    expect(s.studio.getJob(refused!.id)).toMatchObject({
      status: 'failed',
      errorCode: 'credentials-rejected',
      errorMessage: API_KEY_REJECTED_MESSAGE,
    });
  });
});
