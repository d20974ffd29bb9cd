import { describe, expect, it } from 'vitest';
import {
  CATALOG_AS_OF,
  defaultAllowedRegions,
  findModel,
  IMAGE_SERVICE_IDS,
  invokeIdIn,
  listKnownModels,
  resolveInvocation,
} from './index.ts';
import type { ModelSpec } from './index.ts';

const CORE = 'stability.stable-image-core-v1:1';
const TEXT_TO_IMAGE = ['stability.sd3-5-large-v1:0', CORE, 'stability.stable-image-ultra-v1:1'];
const RETIRED = [
  ['stability.stable-diffusion-xl-v1', CORE],
  ['amazon.titan-image-generator-v1', CORE],
  ['amazon.titan-image-generator-v2:0', CORE],
  ['amazon.nova-canvas-v1:0', CORE],
  ['stability.sd3-large-v1:0', 'stability.sd3-5-large-v1:0'],
  ['stability.stable-image-core-v1:0', CORE],
  ['stability.stable-image-ultra-v1:0', 'stability.stable-image-ultra-v1:1'],
] as const;

function spec(id: string): ModelSpec {
  const found = findModel(id);
  if (!found) throw new Error(`no spec for ${id}`);
  return found;
}

describe('the catalog of today', () => {
  it(`is dated ${CATALOG_AS_OF}`, () => {
    expect(CATALOG_AS_OF).toBe('2026-12-01');
  });

  it('marks the retired models end-of-life with an active successor, and runs them nowhere', () => {
    for (const [id, successor] of RETIRED) {
      const model = spec(id);
      expect(model, id).toMatchObject({ known: true, lifecycle: { status: 'end-of-life', replacementId: successor } });
      expect(model.availability?.onDemandRegions, id).toEqual([]);
      expect(spec(successor).lifecycle.status).toBe('active');
    }
    expect(spec('amazon.nova-canvas-v1:0').lifecycle).toMatchObject({
      legacySince: '2026-03-30',
      endOfLife: '2026-09-30',
    });
    expect(spec('amazon.titan-image-generator-v2:0').lifecycle.endOfLife).toBe('2026-06-30');
    expect(spec('stability.stable-diffusion-xl-v1').lifecycle.endOfLife).toBe('2025-05-20');
  });

  it('lists the three text-to-image models in us-west-2 only, the thirteen services through us.', () => {
    for (const id of TEXT_TO_IMAGE) {
      expect(spec(id).lifecycle.status).toBe('active');
      expect(invokeIdIn(spec(id), 'us-west-2')).toBe(id);
      for (const region of ['us-east-1', 'us-east-2', 'eu-west-1']) expect(invokeIdIn(spec(id), region)).toBeNull();
    }
    expect(IMAGE_SERVICE_IDS).toHaveLength(13);
    for (const id of IMAGE_SERVICE_IDS) {
      expect(spec(id)).toMatchObject({ id, known: true, lifecycle: { status: 'active' } });
      for (const region of ['us-east-1', 'us-east-2', 'us-west-2'])
        expect(invokeIdIn(spec(id), region)).toBe(`us.${id}`);
      expect(invokeIdIn(spec(id), 'eu-central-1')).toBeNull();
    }
  });

  it('gives every known model regions, and no active model without one', () => {
    for (const model of listKnownModels()) {
      expect(model.availability, model.baseId).toBeDefined();
      if (model.lifecycle.status !== 'end-of-life') expect(invokeIdIn(model, 'us-west-2'), model.baseId).not.toBeNull();
    }
  });
});

describe('model ids in every form', () => {
  it('normalises foundation-model ARNs and inference-profile ids and ARNs', () => {
    expect(findModel('arn:aws:bedrock:us-west-2::foundation-model/stability.stable-image-core-v1:1')).toMatchObject({
      id: CORE,
      baseId: CORE,
      known: true,
    });
    const profile = 'us.stability.stable-image-inpaint-v1:0';
    expect(findModel(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/${profile}`)).toMatchObject({
      id: profile,
      baseId: 'stability.stable-image-inpaint-v1:0',
    });
    expect(findModel(profile)?.id).toBe(profile);
  });

  it('keeps unknown ids of a known family working: called as given in the region', () => {
    const next = spec('stability.stable-image-core-v2:0');
    expect(next.known).toBe(false);
    expect(next.availability).toBeUndefined();
    expect(resolveInvocation(next, 'us-east-1', ['us-west-2'])).toEqual({
      ok: true,
      region: 'us-east-1',
      invokeId: 'stability.stable-image-core-v2:0',
      via: 'as-given',
    });
  });
});

describe('resolveInvocation', () => {
  it('a us-east-1 profile generates with Core in us-west-2 and inpaints through us. in us-east-1', () => {
    expect(resolveInvocation(spec(CORE), 'us-east-1', ['us-east-1', 'us-west-2'])).toEqual({
      ok: true,
      region: 'us-west-2',
      invokeId: CORE,
      via: 'on-demand',
    });
    expect(resolveInvocation(spec('stability.stable-image-inpaint-v1:0'), 'us-east-1', ['us-west-2'])).toEqual({
      ok: true,
      region: 'us-east-1',
      invokeId: 'us.stability.stable-image-inpaint-v1:0',
      via: 'inference-profile',
    });
  });

  it('by default may call the profile region and us-west-2: a us-east-1 profile reaches every model', () => {
    expect(defaultAllowedRegions('us-east-1')).toEqual(['us-east-1', 'us-west-2']);
    expect(defaultAllowedRegions('us-west-2')).toEqual(['us-west-2']);
    for (const model of listKnownModels().filter((m) => m.lifecycle.status !== 'end-of-life')) {
      expect(resolveInvocation(model, 'us-east-1', defaultAllowedRegions('us-east-1')).ok, model.baseId).toBe(true);
    }
  });

  it('prefers the current region, then the allowed ones in order', () => {
    const inpaint = spec('stability.stable-image-inpaint-v1:0');
    expect(resolveInvocation(inpaint, 'us-west-2', ['us-east-1'])).toMatchObject({ region: 'us-west-2' });
    expect(resolveInvocation(inpaint, 'eu-west-1', ['us-east-2', 'us-east-1'])).toMatchObject({
      ok: true,
      region: 'us-east-2',
      invokeId: 'us.stability.stable-image-inpaint-v1:0',
    });
  });

  it('says why a model cannot run and which region to use', () => {
    const result = resolveInvocation(spec(CORE), 'us-east-1', ['us-east-1']);
    expect(result).toEqual({
      ok: false,
      reason: 'region',
      message:
        'Stable Image Core runs only in us-west-2, and Easel may call only us-east-1. Use us-west-2 or switch region.',
      runsIn: ['us-west-2'],
      suggestedRegion: 'us-west-2',
    });
    expect(resolveInvocation(spec('stability.stable-outpaint-v1:0'), 'eu-west-1', [])).toMatchObject({
      ok: false,
      reason: 'region',
      runsIn: ['us-east-1', 'us-east-2', 'us-west-2'],
      suggestedRegion: 'us-west-2',
    });
  });

  it('refuses a retired model, naming its successor', () => {
    const result = resolveInvocation(spec('amazon.nova-canvas-v1:0'), 'us-east-1', ['us-west-2']);
    expect(result).toMatchObject({ ok: false, reason: 'end-of-life', replacementId: CORE, runsIn: [] });
    expect(result.ok === false && result.message).toBe(
      'Nova Canvas reached its end of life on Bedrock on 2026-09-30: calls fail. Use Stable Image Core instead.',
    );
  });

  it('honours an inference profile asked for explicitly, where it works', () => {
    const asked: ModelSpec = {
      ...spec(CORE),
      id: `us.${CORE}`,
      availability: { onDemandRegions: ['us-west-2'], profile: { id: `us.${CORE}`, sourceRegions: ['us-west-2'] } },
    };
    expect(resolveInvocation(asked, 'us-west-2', [])).toMatchObject({ invokeId: `us.${CORE}` });
    expect(resolveInvocation({ ...asked, id: CORE }, 'us-west-2', [])).toMatchObject({ invokeId: CORE });
  });

  it('accepts a catalog entry as well as a spec', () => {
    const model = spec(CORE);
    expect(
      resolveInvocation({ spec: model, listed: true, usable: true, regions: ['us-west-2'] }, 'us-west-2', []),
    ).toEqual(resolveInvocation(model, 'us-west-2', []));
  });

  it('reports a model offered nowhere', () => {
    const nowhere: ModelSpec = { ...spec(CORE), availability: { onDemandRegions: [] } };
    expect(resolveInvocation(nowhere, 'us-west-2', [])).toMatchObject({ ok: false, reason: 'nowhere', runsIn: [] });
  });
});

describe('resolveInvocation with a short-term Bedrock API key', () => {
  it('calls only the key region, whatever the allowed regions, and says the key is why', () => {
    const inpaint = spec('stability.stable-image-inpaint-v1:0');
    expect(resolveInvocation(inpaint, 'us-east-1', ['us-west-2'], { keyRegion: 'us-east-1' })).toMatchObject({
      ok: true,
      region: 'us-east-1',
      invokeId: 'us.stability.stable-image-inpaint-v1:0',
    });
    const refused = resolveInvocation(spec(CORE), 'us-east-1', ['us-west-2'], { keyRegion: 'us-east-1' });
    expect(refused).toMatchObject({ ok: false, reason: 'region', keyRegion: 'us-east-1', runsIn: ['us-west-2'] });
    expect(refused.ok ? '' : refused.message).toMatch(
      /short-term Bedrock API key works only in us-east-1.*in us-west-2/,
    );
    // No region to add: the one-click fix would not help with this key.
    expect(refused).not.toHaveProperty('suggestedRegion');
    // Without the key, us-west-2 being allowed, Core runs there.
    expect(resolveInvocation(spec(CORE), 'us-east-1', ['us-west-2'])).toMatchObject({ ok: true, region: 'us-west-2' });
  });
});
