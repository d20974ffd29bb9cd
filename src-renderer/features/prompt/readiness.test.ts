import { describe, expect, it } from 'vitest';
import { findModel } from '../../../src-shared/models/index.ts';
import { DEFAULT_FIELDS, seedPlan } from './params.ts';
import type { PromptFields } from './params.ts';
import { readiness } from './readiness.ts';
import { runErrorIsStale } from './run-error.ts';
import type { RunErrorContext } from './run-error.ts';

const TITAN = 'amazon.titan-image-generator-v2:0';
const NOVA = 'amazon.nova-canvas-v1:0';
const fields = (over: Partial<PromptFields>): PromptFields => ({ ...DEFAULT_FIELDS, prompt: 'a harbour', ...over });

describe('readiness (the one check of the button and Ctrl/Cmd+Enter)', () => {
  it("accepts every model's own CFG default and any value in its range", () => {
    for (const modelId of [TITAN, NOVA]) {
      const cfg = findModel(modelId)?.limits.cfgScale;
      expect(cfg).toBeDefined();
      expect(readiness(fields({ modelId, cfgScale: cfg!.default })).ready).toBe(true);
      expect(readiness(fields({ modelId, cfgScale: 1.1 })).ready).toBe(true);
      expect(readiness(fields({ modelId, cfgScale: 7.37 })).ready).toBe(true);
    }
  });

  it('refuses what the model refuses, saying why', () => {
    const check = readiness(fields({ modelId: TITAN, cfgScale: 11 }));
    expect(check.ready).toBe(false);
    expect(check.blocking.join(' ')).toMatch(/CFG scale/);
    expect(readiness(fields({ modelId: TITAN, prompt: '' })).ready).toBe(false);
    expect(readiness(fields({ modelId: TITAN, seedLocked: true, seedText: 'x' })).ready).toBe(false);
  });

  it('prices the run with the seed rule applied', () => {
    const check = readiness(fields({ modelId: TITAN, count: 3, seedLocked: true, seedText: '42' }));
    expect(check.params.seed).toBe(42);
    expect(check.quote.count).toBe(3);
  });
});

describe('seedPlan (shown before running)', () => {
  it('locked with Images = 3: seed + i per image', () => {
    expect(seedPlan({ modelId: TITAN, seedText: '42', seedLocked: true, count: 3 })).toBe('Seeds 42, 43, 44');
    expect(seedPlan({ modelId: TITAN, seedText: '42', seedLocked: true, count: 1 })).toBe('Seed 42 on every run');
    expect(seedPlan({ modelId: TITAN, seedText: '', seedLocked: false, count: 3 })).toBe('New random seed per image');
    expect(seedPlan({ modelId: TITAN, seedText: '', seedLocked: true, count: 2 })).toMatch(/seed \+ i/);
  });
});

describe('runErrorIsStale (an error clears when its cause is gone)', () => {
  const ctx: RunErrorContext = { fields: fields({ modelId: TITAN }), profile: 'dev', region: 'us-east-1', budgets: [] };
  const never = () => false;
  it('a new profile or region clears any error', () => {
    expect(runErrorIsStale('no-aws-config', { ...ctx, region: 'us-west-2' }, ctx, never)).toBe(true);
    expect(runErrorIsStale('validation', { ...ctx, profile: 'prod' }, ctx, never)).toBe(true);
  });
  it('a changed request clears request errors but not session ones', () => {
    const edited = { ...ctx, fields: { ...ctx.fields, count: 1 } };
    expect(runErrorIsStale('budget-exceeded', edited, ctx, never)).toBe(true);
    expect(runErrorIsStale('credentials-rejected', edited, ctx, never)).toBe(false);
  });
  it('a budget refusal clears when the budgets now let the run through, not before', () => {
    const raised = { ...ctx, budgets: [] };
    expect(runErrorIsStale('budget-exceeded', raised, ctx, () => true)).toBe(true);
    expect(runErrorIsStale('budget-exceeded', raised, ctx, never)).toBe(false);
    expect(runErrorIsStale('budget-exceeded', ctx, ctx, () => true)).toBe(false);
  });
});
