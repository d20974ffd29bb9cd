// Discovery through the real control-plane SDK client against the emulator: what a region lists,
// its inference profiles, and the studio's listing that merges both into the catalog.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, listImageModels, listInferenceProfiles } from '../../src-main/core/bedrock/index.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { IMAGE_SERVICE_IDS, mergeDiscovered } from '../../src-shared/models/index.ts';
import { easelErrorOf } from '../support/easel-error.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';

let emu: RunningEmulator;
let harness: Harness | undefined;

beforeAll(async () => {
  // The Bedrock of 2026: one port answers every region.
  emu = await startEmulator({ port: 0, randomSeed: 5 });
});

afterAll(async () => {
  await emu.stop();
});

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const control = (region: string) =>
  createControlClient({ region, credentials: EMULATOR_DEFAULT_CREDENTIALS, endpoint: emu.url });

describe('discovery against the emulator', () => {
  it('reports inference types; from us-west-2 Core runs on demand and the services through us.', async () => {
    const client = control('us-west-2');
    try {
      const summaries = await listImageModels(client);
      const core = summaries.find((s) => s.modelId === CORE);
      expect(core?.inferenceTypes).toContain('ON_DEMAND');
      const inpaint = summaries.find((s) => s.modelId === INPAINT);
      expect(inpaint?.inferenceTypes).toEqual(['INFERENCE_PROFILE']);
      const entries = mergeDiscovered(summaries, { region: 'us-west-2' });
      const byBase = new Map(entries.map((e) => [e.spec.baseId, e]));
      expect(byBase.get(CORE)).toMatchObject({ listed: true, invokeId: CORE });
      expect(byBase.get(INPAINT)).toMatchObject({ listed: true, invokeId: `us.${INPAINT}` });
      expect(byBase.get('amazon.nova-canvas-v1:0')).toMatchObject({ invokeId: null, regions: [] });
    } finally {
      client.destroy();
    }
  });

  it('the studio lists what a us-east-1 profile invokes, even where profiles cannot be listed', async () => {
    harness = await createHarness();
    const listing = await harness.studio.listModels();
    expect(listing.discovered).toBe(true);
    for (const id of IMAGE_SERVICE_IDS) {
      expect(listing.entries.find((e) => e.spec.baseId === id)?.invokeId, id).toBe(`us.${id}`);
    }
    expect(listing.entries.find((e) => e.spec.baseId === 'stability.stable-diffusion-xl-v1')?.invokeId).toBeNull();
  });

  it('the studio of a us-east-1 profile against the Bedrock of 2026: services through us., Core in us-west-2', async () => {
    harness = await createHarness({ emulator: { bedrock2025: false } });
    const listing = await harness.studio.listModels();
    expect(listing.discovered).toBe(true);
    const byBase = new Map(listing.entries.map((e) => [e.spec.baseId, e]));
    expect(byBase.get(INPAINT)).toMatchObject({ listed: true, invokeId: `us.${INPAINT}` });
    // Core is not offered in us-east-1: it runs in us-west-2 (the region notice offers it).
    expect(byBase.get(CORE)).toMatchObject({ listed: false, invokeId: null, regions: ['us-west-2'] });
    expect(byBase.get('amazon.nova-canvas-v1:0')).toMatchObject({ listed: false, invokeId: null });
  });

  it('a refused ListInferenceProfiles leaves the built-in profiles in force', async () => {
    harness = await createHarness({ emulator: { bedrock2025: false } });
    harness.emulator.failNextProfiles('AccessDeniedException');
    const listing = await harness.studio.listModels();
    expect(listing.discovered).toBe(true);
    expect(listing.entries.find((e) => e.spec.baseId === INPAINT)?.invokeId).toBe(`us.${INPAINT}`);
    const client = control('us-east-1');
    try {
      emu.failNextProfiles('AccessDeniedException');
      const error = await easelErrorOf(listInferenceProfiles(client));
      expect(error.code).toBe('access-denied');
      expect(error.message).toContain('its IAM policy needs bedrock:ListInferenceProfiles');
    } finally {
      client.destroy();
    }
  });

  it('lists the US inference profiles of the thirteen services, every page', async () => {
    const client = control('us-east-1');
    try {
      const profiles = await listInferenceProfiles(client, { pageSize: 2 });
      for (const id of IMAGE_SERVICE_IDS) {
        const profile = profiles.find((p) => p.inferenceProfileId === `us.${id}`);
        expect(profile, id).toMatchObject({ status: 'ACTIVE', type: 'SYSTEM_DEFINED' });
        expect(profile?.modelArns.some((arn) => arn.endsWith(`foundation-model/${id}`))).toBe(true);
      }
      const entries = mergeDiscovered(await listImageModels(client), { region: 'us-east-1', profiles });
      expect(entries.find((e) => e.spec.baseId === INPAINT)?.invokeId).toBe(`us.${INPAINT}`);
      expect(entries.find((e) => e.spec.baseId === CORE)?.invokeId).toBeNull();
    } finally {
      client.destroy();
    }
  });
});
