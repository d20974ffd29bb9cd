import { describe, expect, it } from 'vitest';
import { correctAcross, correctAvailability, findModel, mergeDiscovered, mergeRegions } from './index.ts';
import type { DiscoveredProfile, DiscoveredSummary, ModelSpec } from './index.ts';

const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';
const ERASE = 'stability.stable-image-erase-object-v1:0';

function spec(id: string): ModelSpec {
  const found = findModel(id);
  if (!found) throw new Error(`no spec for ${id}`);
  return found;
}

const onDemand = (modelId: string, lifecycleStatus = 'ACTIVE'): DiscoveredSummary => ({
  modelId,
  outputModalities: ['IMAGE'],
  inferenceTypes: ['ON_DEMAND'],
  lifecycleStatus,
});
const profileOnly = (modelId: string): DiscoveredSummary => ({
  modelId,
  outputModalities: ['IMAGE'],
  inferenceTypes: ['INFERENCE_PROFILE'],
  lifecycleStatus: 'ACTIVE',
});
const usProfile = (modelId: string, region: string, status = 'ACTIVE'): DiscoveredProfile => ({
  inferenceProfileId: `us.${modelId}`,
  modelArns: [`arn:aws:bedrock:${region}::foundation-model/${modelId}`],
  status,
  type: 'SYSTEM_DEFINED',
});

describe('correctAvailability', () => {
  it('adds a region that lists a model on demand, removes one that does not list it', () => {
    const core = spec(CORE);
    expect(correctAvailability(core, { region: 'us-east-1', summaries: [onDemand(CORE)] })?.onDemandRegions).toEqual([
      'us-west-2',
      'us-east-1',
    ]);
    expect(correctAvailability(core, { region: 'us-west-2', summaries: [] })?.onDemandRegions).toEqual([]);
    // Listed for inference profiles only: not on demand there.
    expect(correctAvailability(core, { region: 'us-west-2', summaries: [profileOnly(CORE)] })?.onDemandRegions).toEqual(
      [],
    );
    // Listed without inference types: the built-in verdict stands.
    expect(correctAvailability(core, { region: 'us-west-2', summaries: [{ modelId: CORE }] })?.onDemandRegions).toEqual(
      ['us-west-2'],
    );
  });

  it('follows the inference profiles a region lists (ACTIVE only)', () => {
    const inpaint = spec(INPAINT);
    const sources = (profiles: DiscoveredProfile[], region: string) =>
      correctAvailability(inpaint, { region, summaries: undefined, profiles })?.profile?.sourceRegions;
    expect(sources([usProfile(INPAINT, 'us-east-1')], 'us-east-1')).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(sources([], 'us-east-1')).toEqual(['us-east-2', 'us-west-2']);
    expect(sources([usProfile(INPAINT, 'us-east-2', 'INACTIVE')], 'us-east-2')).toEqual(['us-east-1', 'us-west-2']);
    expect(sources([usProfile(INPAINT, 'ca-central-1')], 'ca-central-1')).toEqual([
      'us-east-1',
      'us-east-2',
      'us-west-2',
      'ca-central-1',
    ]);
    // Profiles unavailable (undefined): the built-in table stands.
    expect(correctAvailability(inpaint, { region: 'us-east-1', summaries: undefined })).toEqual(inpaint.availability);
  });

  it('gives an unknown model of a known family the profile a region lists for it', () => {
    const next = spec('stability.stable-image-sharpen-v1:0');
    expect(next.availability).toBeUndefined();
    expect(
      correctAvailability(next, {
        region: 'us-east-1',
        summaries: [profileOnly('stability.stable-image-sharpen-v1:0')],
        profiles: [usProfile('stability.stable-image-sharpen-v1:0', 'us-east-1')],
      }),
    ).toEqual({
      onDemandRegions: [],
      profile: { id: 'us.stability.stable-image-sharpen-v1:0', sourceRegions: ['us-east-1'] },
    });
  });

  it('never revives a retired model', () => {
    const nova = spec('amazon.nova-canvas-v1:0');
    expect(
      correctAvailability(nova, { region: 'us-east-1', summaries: [onDemand('amazon.nova-canvas-v1:0', 'LEGACY')] }),
    ).toEqual({ onDemandRegions: [] });
  });
});

describe('mergeDiscovered with a region', () => {
  // What us-east-1 reports in 2026: only the services, through the US profiles.
  const summaries = [profileOnly(INPAINT), profileOnly(ERASE)];
  const profiles = [usProfile(INPAINT, 'us-east-1'), usProfile(ERASE, 'us-east-1')];

  it('says what Easel invokes from the region, and where each model runs', () => {
    const entries = mergeDiscovered(summaries, { region: 'us-east-1', profiles });
    const byBase = new Map(entries.map((e) => [e.spec.baseId, e]));
    expect(byBase.get(INPAINT)).toMatchObject({
      listed: true,
      invokeId: `us.${INPAINT}`,
      regions: ['us-east-1', 'us-east-2', 'us-west-2'],
    });
    expect(byBase.get(CORE)).toMatchObject({ listed: false, invokeId: null, regions: ['us-west-2'] });
    expect(byBase.get('stability.stable-diffusion-xl-v1')).toMatchObject({ invokeId: null, regions: [] });
    // A service whose profile this region did not list cannot be called from it.
    expect(byBase.get('stability.stable-outpaint-v1:0')).toMatchObject({
      invokeId: null,
      regions: ['us-east-2', 'us-west-2'],
    });
  });

  it('offline with a region: the built-in table decides', () => {
    const entries = mergeDiscovered(undefined, { region: 'us-east-1' });
    expect(entries.find((e) => e.spec.baseId === INPAINT)).toMatchObject({
      listed: 'unknown',
      invokeId: `us.${INPAINT}`,
    });
    expect(entries.find((e) => e.spec.baseId === CORE)).toMatchObject({ listed: 'unknown', invokeId: null });
  });

  it('marks an active model legacy when AWS says LEGACY, with the inactivity warning', () => {
    const entry = mergeDiscovered([onDemand(CORE, 'LEGACY')], { region: 'us-west-2' })[0];
    expect(entry).toMatchObject({ awsLifecycle: 'LEGACY', invokeId: CORE, spec: { lifecycle: { status: 'legacy' } } });
    expect(entry?.spec.lifecycle.note).toMatch(/not used it lately may lose access/);
  });
});

describe('mergeRegions', () => {
  it('combines each region verdict into where a model runs', () => {
    const entries = mergeRegions([
      { region: 'us-east-1', summaries: [profileOnly(INPAINT)], profiles: [usProfile(INPAINT, 'us-east-1')] },
      {
        region: 'us-west-2',
        summaries: [onDemand(CORE), profileOnly(INPAINT)],
        profiles: [usProfile(INPAINT, 'us-west-2')],
      },
    ]);
    const byBase = new Map(entries.map((e) => [e.spec.baseId, e]));
    expect(byBase.get(CORE)).toMatchObject({ listed: true, regions: ['us-west-2'] });
    expect(byBase.get(CORE)).not.toHaveProperty('invokeId');
    expect(byBase.get(INPAINT)?.regions).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    // us-east-1 did not list Core on demand: it stays us-west-2 only.
    expect(byBase.get(CORE)?.spec.availability?.onDemandRegions).toEqual(['us-west-2']);
  });

  it('a region that lists Core on demand adds it; one that errs changes nothing', () => {
    const entries = mergeRegions([
      { region: 'us-west-2', summaries: undefined },
      { region: 'us-east-1', summaries: [onDemand(CORE)] },
    ]);
    expect(entries.find((e) => e.spec.baseId === CORE)?.regions).toEqual(['us-west-2', 'us-east-1']);
  });
});

describe('correctAcross (one model, the regions Easel may call)', () => {
  it('takes each region verdict from its own report and the built-in table for the rest', () => {
    const core = spec(CORE);
    // us-west-2 withdrew Core; us-east-1 now lists it on demand: Easel calls it in us-east-1.
    const moved = correctAcross(core, [
      { region: 'us-east-1', summaries: [onDemand(CORE)] },
      { region: 'us-west-2', summaries: [] },
    ]);
    expect(moved.availability?.onDemandRegions).toEqual(['us-east-1']);
    expect(moved.id).toBe(CORE);
    // A region that could not be asked keeps the built-in verdict (us-west-2).
    const offline = correctAcross(core, [
      { region: 'us-east-1', summaries: [profileOnly(INPAINT)] },
      { region: 'us-west-2', summaries: undefined },
    ]);
    expect(offline.availability?.onDemandRegions).toEqual(['us-west-2']);
    expect(correctAcross(core, [])).toBe(core);
  });

  it('drops the profile route from a region whose ListInferenceProfiles no longer has it', () => {
    const inpaint = spec(INPAINT);
    const corrected = correctAcross(inpaint, [
      { region: 'us-east-1', summaries: [profileOnly(INPAINT)], profiles: [] },
      { region: 'us-east-2', summaries: [profileOnly(INPAINT)], profiles: [usProfile(INPAINT, 'us-east-2')] },
    ]);
    expect(corrected.availability?.profile?.sourceRegions).toEqual(['us-east-2', 'us-west-2']);
  });
});
