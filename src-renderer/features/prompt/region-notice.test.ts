import { describe, expect, it } from 'vitest';
import type { CallRegions, ModelSummary } from '../session/index.ts';
import { allowedWith, offeredModels, regionNotice } from './region-notice.ts';

const runsIn = (region: string, invokeId: string) => ({
  ok: true,
  region,
  invokeId,
  reason: null,
  message: null,
  runsIn: [],
  suggestedRegion: null,
});
const outside = (where: string[], suggested: string | null, message = 'runs elsewhere') => ({
  ok: false,
  region: null,
  invokeId: null,
  reason: 'region' as const,
  message,
  runsIn: where,
  suggestedRegion: suggested,
});

function model(id: string, label: string, run: ModelSummary['run'], tasks = ['text-to-image']): ModelSummary {
  return {
    id,
    label,
    provider: 'Stability AI',
    family: 'stability-v2',
    lifecycle: { status: 'active' },
    tasks: tasks as ModelSummary['tasks'],
    run,
  };
}

const EAST: CallRegions = { profile: 'us-east-1', allowed: ['us-east-1', 'us-east-2'] };
const CORE = model('stability.stable-image-core-v1:1', 'Stable Image Core', outside(['us-west-2'], 'us-west-2'));
const ULTRA = model('stability.stable-image-ultra-v1:1', 'Stable Image Ultra', outside(['us-west-2'], 'us-west-2'));
const INPAINT = model('stability.stable-image-inpaint-v1:0', 'Inpaint', runsIn('us-east-1', 'us.x'), ['inpaint']);

describe('the prompt panel offers only models that can run', () => {
  it('leaves out text-to-image models that cannot run, and the services', () => {
    const runnable = { ...CORE, run: runsIn('us-west-2', CORE.id) };
    expect(offeredModels([runnable, ULTRA, INPAINT]).map((m) => m.id)).toEqual([CORE.id]);
    // Retired: main says it cannot run (end of life), so it is not offered.
    const sdxl = model('stability.stable-diffusion-xl-v1', 'SDXL 1.0', {
      ...outside([], null, 'SDXL 1.0 reached its end of life'),
      reason: 'end-of-life',
    });
    expect(offeredModels([sdxl, runnable]).map((m) => m.id)).toEqual([CORE.id]);
    // Region unknown (run null): offered, generating says what is missing.
    expect(offeredModels([{ ...CORE, run: null }])).toHaveLength(1);
  });
});

describe('regionNotice', () => {
  it('none can run: says where text-to-image models run, in plain words, with "Use us-west-2"', () => {
    const notice = regionNotice([CORE, ULTRA, INPAINT], CORE.id, EAST);
    expect(notice).toEqual({
      message:
        'Text-to-image models run in us-west-2, which Easel may not call for this profile (its region is us-east-1).',
      fix: { kind: 'allow', region: 'us-west-2' },
    });
  });

  it('a model of one other region is reached by switching the region', () => {
    const only = model('x.eu-model', 'EU Model', outside(['eu-central-1'], 'eu-central-1'));
    expect(regionNotice([only], only.id, EAST)).toEqual({
      message: 'EU Model runs in eu-central-1, which Easel may not call for this profile (its region is us-east-1).',
      fix: { kind: 'switch', region: 'eu-central-1' },
    });
  });

  it('nothing to say when the chosen model runs, or another can', () => {
    const runnable = { ...CORE, run: runsIn('us-west-2', CORE.id) };
    expect(regionNotice([runnable, ULTRA], CORE.id, EAST)).toBeNull();
    expect(regionNotice([runnable, ULTRA], 'unknown', EAST)).toBeNull();
  });

  it('a short-term key: the reason only, no button (adding a region would not help)', () => {
    const keyed = model(
      CORE.id,
      CORE.label,
      outside(['us-west-2'], null, 'your short-term Bedrock API key works only in us-east-1'),
    );
    const notice = regionNotice([keyed], CORE.id, {
      profile: 'us-east-1',
      allowed: ['us-east-1'],
      keyRegion: 'us-east-1',
    });
    expect(notice).toEqual({ message: 'your short-term Bedrock API key works only in us-east-1', fix: null });
  });

  it('allowedWith adds the region to the setting, without the profile region (always allowed)', () => {
    expect(allowedWith(EAST, 'us-west-2')).toEqual(['us-east-2', 'us-west-2']);
    expect(allowedWith({ profile: 'us-east-1', allowed: ['us-east-1'] }, 'us-west-2')).toEqual(['us-west-2']);
  });
});
