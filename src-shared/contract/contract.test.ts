import { describe, expect, it } from 'vitest';
import {
  CALL_NAMES,
  CALLS_BY_DOMAIN,
  contract,
  CONTENT_SECURITY_POLICY,
  events,
  IdSchema,
  imageProtocolUrl,
  isCallName,
  isEventName,
} from './index.ts';
import { readSettings } from '../settings.ts';
import type { CallRequest, CallRequestInput, CallResponse, StudioHandlers } from './index.ts';

/** Every setting at its default (what settings.get answers on a fresh data folder). */
const settingsOf = () => readSettings(() => undefined);

describe('contract', () => {
  it('recognises calls by own property only', () => {
    expect(isCallName('app.info')).toBe(true);
    expect(isCallName('generate')).toBe(true);
    for (const name of [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'valueOf',
      '',
      'App.Info',
      42,
      null,
      undefined,
    ]) {
      expect(isCallName(name)).toBe(false);
    }
    expect(isEventName('job.updated')).toBe(true);
    expect(isEventName('toString')).toBe(false);
  });

  it('rejects unknown keys in every request, at the top level', () => {
    for (const name of CALL_NAMES) {
      const result = contract[name].request.safeParse({ sneaky: 1 });
      expect(result.success, name).toBe(false);
    }
  });

  it('rejects unknown keys inside generation params, including nested objects', () => {
    const base = { params: { modelId: 'amazon.nova-canvas-v1:0', prompt: 'a lighthouse' } };
    expect(contract.generate.request.safeParse(base).success).toBe(true);
    expect(contract.generate.request.safeParse({ params: { ...base.params, extraField: true } }).success).toBe(false);
    expect(
      contract.generate.request.safeParse({ params: { ...base.params, outpaint: { left: 8, evil: 1 } } }).success,
    ).toBe(false);
    expect(
      contract.generate.request.safeParse({
        params: { ...base.params, weightedPrompts: [{ text: 'x', weight: 1, y: 2 }] },
      }).success,
    ).toBe(false);
    expect(contract.generate.request.safeParse({ ...base, region: 'not a region' }).success).toBe(false);
    expect(contract.generate.request.safeParse({ ...base, region: 'eu-central-1', profile: 'work' }).success).toBe(
      true,
    );
  });

  it('applies defaults so handlers receive complete requests', () => {
    const parsed = contract['jobs.list'].request.parse({});
    expect(parsed.limit).toBe(100);
    const images = contract['images.list'].request.parse({});
    expect(images.limit).toBe(50);
  });

  it('accepts library row ids and rejects paths and other junk as ids', () => {
    for (const ok of ['1', '42', '9007199254740991', '3f2b8c1e-0d4a-4e7b-9c55-1a2b3c4d5e6f'])
      expect(IdSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '../1', '1/2', '%2e', 'a b', 'x'.repeat(65), '1\0', '..'])
      expect(IdSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('validates event payloads', () => {
    const job = {
      id: '7',
      status: 'waiting',
      modelId: 'amazon.nova-canvas-v1:0',
      prompt: 'a fox',
      profile: 'default',
      region: 'us-east-1',
      invokeId: null,
      attempts: 1,
      seed: 12,
      estimateMicroUsd: 40_000,
      priceMicroUsd: 40_000,
      createdAt: '2026-11-25T08:00:00.000Z',
      finishedAt: null,
      imageId: null,
      error: null,
      waitingForNetwork: false,
    };
    const update = { jobId: '7', status: 'waiting', attempt: 1, error: null, imageId: null, job };
    expect(events['job.updated'].safeParse(update).success).toBe(true);
    expect(events['job.updated'].safeParse({ ...update, status: 'exploded' }).success).toBe(false);
    expect(events['job.updated'].safeParse({ ...update, job: { ...job, secret: 'x' } }).success).toBe(false);
  });

  it('builds image protocol URLs with the id as a path segment', () => {
    expect(imageProtocolUrl('42', 'thumb')).toBe('easel-image://image/42/thumb');
    expect(imageProtocolUrl('a/b', 'full')).toBe('easel-image://image/a%2Fb/full');
  });

  it('has a strict CSP without unsafe sources', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' easel-image: blob: data:");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('composes every domain into the one map, no call in two domains', () => {
    const byDomain = Object.values(CALLS_BY_DOMAIN).flatMap((calls) => Object.keys(calls));
    expect(byDomain).toHaveLength(new Set(byDomain).size);
    expect([...byDomain].sort()).toEqual([...CALL_NAMES].sort());
    for (const [domain, calls] of Object.entries(CALLS_BY_DOMAIN))
      for (const [name, entry] of Object.entries(calls))
        expect(contract[name as keyof typeof contract], `${domain}: ${name}`).toBe(entry);
  });

  it('types settings from the settings table (compile-time check)', () => {
    const ok: CallRequestInput<'settings.set'>[] = [
      { key: 'jobs.concurrency', value: 4 },
      { key: 'ui.theme', value: 'light' },
      { key: 'data.previousDir', value: null },
    ];
    // @ts-expect-error the value's type follows the key
    const wrongType: CallRequestInput<'settings.set'> = { key: 'jobs.concurrency', value: '4' };
    // @ts-expect-error only keys of the settings table
    const unknownKey: CallRequestInput<'settings.set'> = { key: 'nope', value: 1 };
    const theme = (r: CallResponse<'settings.get'>): 'dark' | 'light' => r.settings['ui.theme'];
    // @ts-expect-error the answer's type follows the key
    const size = (r: CallResponse<'settings.get'>): number => r.settings['defaults.size'];
    for (const req of ok) expect(contract['settings.set'].request.safeParse(req).success).toBe(true);
    expect(contract['settings.set'].request.safeParse(wrongType).success).toBe(false);
    expect(contract['settings.set'].request.safeParse(unknownKey).success).toBe(false);
    expect(theme({ settings: { ...settingsOf(), 'ui.theme': 'light' } })).toBe('light');
    expect(size({ settings: settingsOf() })).toBe('');
  });

  it('types handlers from the map (compile-time check)', () => {
    type Info = CallResponse<'app.info'>;
    const handler: StudioHandlers['app.info'] = async (_req: CallRequest<'app.info'>): Promise<Info> => ({
      name: 'Easel',
      version: '1',
      dataDir: '/d',
      demoMode: false,
    });
    // @ts-expect-error a handler must return the contract's response shape
    const wrong: StudioHandlers['app.info'] = async () => ({ name: 'Easel' });
    expect(typeof handler).toBe('function');
    expect(typeof wrong).toBe('function');
  });
});
