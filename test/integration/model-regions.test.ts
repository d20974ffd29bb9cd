// Whether each model can run for a profile within "Regions Easel may call", through the facade
// (models.list) with the real SDK against the emulator of today's Bedrock (2026): every allowed
// region is asked (ListFoundationModels + ListInferenceProfiles), what they said is kept and used at
// submit without asking again, and a Bedrock API key's region settles where calls may go.
// Real SQLite, files and AWS SDK.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResponse } from '../../src-shared/contract/index.ts';
import { createStudio, type Studio } from '../../src-main/core/studio/index.ts';
import { REPORT_TTL_MS } from '../../src-main/core/studio/model-regions.ts';
import { shortTermKey } from '../support/short-term-key.ts';
import { createCliHarness, json } from './cli-harness.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const ULTRA = 'stability.stable-image-ultra-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';
const SDXL = 'stability.stable-diffusion-xl-v1';
const LONG_TERM_KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';

type Listing = CallResponse<'models.list'>;

let harness: Harness | undefined;
let keyStudio: Studio | undefined;
afterEach(async () => {
  await keyStudio?.close();
  await harness?.cleanup();
  harness = undefined;
  keyStudio = undefined;
});

/** The Bedrock of today, and a [default] profile in us-east-1 (the harness's AWS config). */
function today(emulator: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  return createHarness({ ...emulator, emulator: { bedrock2025: false, ...emulator.emulator } });
}

const runOf = (listing: Listing, id: string) => listing.models.find((m) => m.id === id)?.run;

describe('models.list: can each model run for this profile within the allowed regions?', () => {
  it('a us-east-1 profile with the default regions: Core in us-west-2, inpaint through us. from us-east-1', async () => {
    harness = await today();
    const listing = await harness.studio.handlers['models.list']({});
    expect(listing.discovery).toEqual({ ok: true, error: null });
    expect(listing.regions).toEqual({ profile: 'us-east-1', allowed: ['us-east-1', 'us-west-2'] });
    expect(runOf(listing, CORE)).toMatchObject({ ok: true, region: 'us-west-2', invokeId: CORE });
    expect(runOf(listing, INPAINT)).toMatchObject({ ok: true, region: 'us-east-1', invokeId: `us.${INPAINT}` });
    expect(runOf(listing, SDXL)).toMatchObject({ ok: false, reason: 'end-of-life', suggestedRegion: null });
    // Both allowed regions were asked: each answered its ListFoundationModels and ListInferenceProfiles.
    expect(harness.emulator.requests() - harness.emulator.invocations()).toBe(4);
  });

  it('without us-west-2 allowed, Core cannot run: the listing says why and which region would fix it', async () => {
    harness = await today();
    const { studio } = harness;
    await studio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: ['us-east-2'] });
    const listing = await studio.handlers['models.list']({});
    expect(listing.regions?.allowed).toEqual(['us-east-1', 'us-east-2']);
    expect(runOf(listing, CORE)).toEqual({
      ok: false,
      region: null,
      invokeId: null,
      reason: 'region',
      message: expect.stringMatching(/runs only in us-west-2, and Easel may call only us-east-1, us-east-2/),
      runsIn: ['us-west-2'],
      suggestedRegion: 'us-west-2',
    });
    expect(runOf(listing, INPAINT)).toMatchObject({ ok: true, region: 'us-east-1' });
    // The one-click fix: us-west-2 added to the allowed regions.
    await studio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: ['us-east-2', 'us-west-2'] });
    expect(runOf(await studio.handlers['models.list']({}), CORE)).toMatchObject({ ok: true, region: 'us-west-2' });
  });

  it('offline (the list refused), the built-in table still says where each model runs', async () => {
    harness = await today();
    harness.emulator.failNextList('AccessDeniedException', 'AccessDeniedException');
    const listing = await harness.studio.handlers['models.list']({});
    expect(listing.discovery?.ok).toBe(false);
    expect(runOf(listing, CORE)).toMatchObject({ ok: true, region: 'us-west-2', invokeId: CORE });
  });
});

describe('discovery at submit: what the last list learned, never a wait for the network', () => {
  it('generating asks Bedrock nothing but InvokeModel', async () => {
    harness = await today();
    const { studio, emulator } = harness;
    await studio.generate({ modelId: CORE, prompt: 'a kite', count: 1 });
    await studio.whenIdle();
    expect(emulator.invocations()).toBe(1);
    expect(emulator.requests()).toBe(1);
  });

  it('uses what a list learned for 6 hours; after that the built-in table decides again', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    harness = await today({ emulator: { endOfLifeModels: [ULTRA] }, studio: { clock: () => new Date(now) } });
    const { studio } = harness;
    await studio.handlers['models.list']({});
    now += REPORT_TTL_MS - 60_000;
    await expect(studio.generate({ modelId: ULTRA, prompt: 'a tower' })).rejects.toMatchObject({
      code: 'model-not-available',
    });
    now += 120_000;
    const stale = await studio.generate({ modelId: ULTRA, prompt: 'a tower' });
    expect(stale.jobs[0]).toMatchObject({ region: 'us-west-2', invokeId: ULTRA });
  });

  it('a model Bedrock stopped listing is refused before sending once a list learned it, sent as before without', async () => {
    harness = await today({ emulator: { endOfLifeModels: [ULTRA] } });
    const { studio, emulator } = harness;
    // No list yet: the built-in table says Ultra runs in us-west-2; Bedrock answers end of life.
    const first = await studio.generate({ modelId: ULTRA, prompt: 'a tower', count: 1 });
    await studio.whenIdle();
    expect(studio.getJob(first.jobs[0]!.id)).toMatchObject({ status: 'failed', region: 'us-west-2' });
    expect(emulator.invocations()).toBe(1);

    // The list asked us-east-1 and us-west-2: neither offers Ultra any more.
    const listing = await studio.handlers['models.list']({});
    expect(runOf(listing, ULTRA)).toMatchObject({ ok: false, reason: 'nowhere' });
    await expect(studio.generate({ modelId: ULTRA, prompt: 'a tower', count: 1 })).rejects.toMatchObject({
      code: 'model-not-available',
      field: 'modelId',
    });
    expect(emulator.invocations()).toBe(1);
    // Core is still listed in us-west-2 and runs there.
    const core = await studio.generate({ modelId: CORE, prompt: 'a tower', count: 1 });
    expect(core.jobs[0]).toMatchObject({ region: 'us-west-2', invokeId: CORE });
  });
});

describe('Bedrock API keys and the allowed regions', () => {
  /** A studio whose only credential is AWS_BEARER_TOKEN_BEDROCK (no profiles, no access keys). */
  async function keyOnly(h: Harness, key: string, extra: Record<string, string> = {}): Promise<Studio> {
    const home = join(h.dir, 'key-home');
    await mkdir(home, { recursive: true });
    return createStudio({
      dataDir: join(h.dir, 'key-data'),
      env: {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: h.emulator.url,
        AWS_ENDPOINT_URL_BEDROCK: h.emulator.url,
        AWS_BEARER_TOKEN_BEDROCK: key,
        ...extra,
      },
      retry: { maxAttempts: 1 },
    });
  }

  it('a short-term key made in us-east-1 calls only us-east-1: Core is refused before sending, naming the key', async () => {
    harness = await today();
    keyStudio = await keyOnly(harness, await shortTermKey('us-east-1'), { AWS_REGION: 'us-west-2' });
    const listing = await keyStudio.handlers['models.list']({});
    // The key's own region wins over AWS_REGION, and it is the only region Easel may call.
    expect(listing.regions).toEqual({ profile: 'us-east-1', allowed: ['us-east-1'], keyRegion: 'us-east-1' });
    expect(listing.discovery?.ok).toBe(true);
    expect(runOf(listing, INPAINT)).toMatchObject({ ok: true, region: 'us-east-1', invokeId: `us.${INPAINT}` });
    expect(runOf(listing, CORE)).toMatchObject({ ok: false, reason: 'region', suggestedRegion: null });
    await expect(keyStudio.generate({ modelId: CORE, prompt: 'a fox', count: 1 })).rejects.toMatchObject({
      code: 'model-not-available',
      message: expect.stringMatching(/short-term Bedrock API key works only in us-east-1.*Make a key in us-west-2/),
    });
    expect(harness.emulator.invocations()).toBe(0);
  });

  it('a long-term key works in every region: the allowed regions apply as to a profile', async () => {
    // The emulator cannot see which regional endpoint a bearer call went to: apiKeyRegion stands for us-west-2's.
    harness = await today({ emulator: { apiKeys: [LONG_TERM_KEY], apiKeyRegion: 'us-west-2' } });
    keyStudio = await keyOnly(harness, LONG_TERM_KEY, { AWS_REGION: 'us-east-1' });
    const made = await keyStudio.generate({ modelId: CORE, prompt: 'a fox', count: 1 });
    await keyStudio.whenIdle();
    expect(keyStudio.getJob(made.jobs[0]!.id)).toMatchObject({
      status: 'succeeded',
      profile: null,
      region: 'us-west-2',
      invokeId: CORE,
    });
    await keyStudio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: [] });
    await expect(keyStudio.generate({ modelId: CORE, prompt: 'a fox', count: 1 })).rejects.toMatchObject({
      code: 'model-not-available',
      message: expect.stringMatching(/Easel may call only us-east-1\. Use us-west-2/),
    });
    // Its region is AWS_REGION's (else the default profile's); the setting's regions come on top.
    await keyStudio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: null });
    expect((await keyStudio.handlers['models.list']({})).regions).toEqual({
      profile: 'us-east-1',
      allowed: ['us-east-1', 'us-west-2'],
    });
  });
});

describe('easel models --json', () => {
  it('says per model whether it runs for the profile within the allowed regions, and those regions', async () => {
    const cli = await createCliHarness();
    try {
      const listed = await cli.run(['models', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      type Row = { id: string; invokeId: string | null; run: Listing['models'][number]['run'] };
      const out = json<{ allowedRegions: string[]; models: Row[] }>(listed);
      expect(out.allowedRegions).toEqual(['us-east-1', 'us-west-2']);
      const core = out.models.find((m) => m.id === CORE);
      // invokeId stays "from the listing's region alone" (us-east-1: none); run is within the allowed regions.
      expect(core).toMatchObject({ invokeId: null, run: { ok: true, region: 'us-west-2', invokeId: CORE } });
      expect(out.models.find((m) => m.id === INPAINT)?.run).toMatchObject({ ok: true, region: 'us-east-1' });
    } finally {
      await cli.cleanup();
    }
  });
});
