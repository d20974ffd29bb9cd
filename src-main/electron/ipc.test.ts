import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src-shared/contract/index.ts';
import type { StudioHandlers } from '../../src-shared/contract/index.ts';
import { EaselError } from '../../src-shared/errors.ts';
import { readSettings } from '../../src-shared/settings.ts';
import { checkPayloadShape, createIpcGate } from './ipc.ts';
import { MALFORMED, nestedPayload } from './malformed-payloads.ts';

type Event = { trusted: boolean };
const trusted: Event = { trusted: true };

function setup(overrides: Partial<StudioHandlers> = {}) {
  const calls: { name: string; req: unknown }[] = [];
  const logs: string[] = [];
  const record =
    <T>(name: string, value: T) =>
    async (req: unknown) => {
      calls.push({ name, req });
      return value;
    };
  // Calls a test does not care about answer not-found; the gate's behaviour is the same for all.
  const notHere = async (): Promise<never> => {
    throw new EaselError('not-found', 'Not part of this test.');
  };
  const handlers = {
    ...(Object.fromEntries(CALL_NAMES.map((name) => [name, notHere])) as unknown as StudioHandlers),
    'app.info': record('app.info', { name: 'Easel', version: '1.0.0', dataDir: '/data', demoMode: false }),
    'profiles.list': record('profiles.list', { profiles: [] }),
    'models.list': record('models.list', { models: [] }),
    generate: record('generate', { jobIds: ['1'] }),
    'jobs.list': record('jobs.list', { jobs: [] }),
    'images.get': async (req: { imageId: string }) => {
      calls.push({ name: 'images.get', req });
      throw new EaselError('not-found', `There is no image with id "${req.imageId}".`);
    },
    'images.list': record('images.list', { images: [], nextCursor: null }),
    'images.import': record('images.import', { imageIds: [], failures: [] }),
    ...overrides,
  } as StudioHandlers;
  const gate = createIpcGate(handlers, {
    isTrustedSender: (e: Event) => e.trusted,
    validateResponses: true,
    log: (m, e) => logs.push(`${m} ${e instanceof Error ? e.message : ''}`),
  });
  return { gate, calls, logs };
}

describe('the IPC gate', () => {
  it('passes a valid request to the handler with defaults applied', async () => {
    const { gate, calls } = setup();
    expect(await gate(trusted, 'jobs.list', {})).toEqual({ ok: true, value: { jobs: [] } });
    expect(calls).toEqual([{ name: 'jobs.list', req: { limit: 100 } }]);
  });

  for (const name of CALL_NAMES) {
    it(`rejects every malformed payload for ${name} as validation data, never calling the handler`, async () => {
      const { gate, calls } = setup();
      for (const [label, payload] of MALFORMED) {
        const result = await gate(trusted, name, payload);
        expect(result.ok, `${name} / ${label}`).toBe(false);
        if (!result.ok) expect(result.error.code, `${name} / ${label}`).toBe('validation');
      }
      expect(calls).toEqual([]);
    });
  }

  it('rejects wrong types and missing fields with the field named', async () => {
    const { gate } = setup();
    expect(await gate(trusted, 'images.get', {})).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'imageId' },
    });
    expect(await gate(trusted, 'images.get', { imageId: 7 })).toMatchObject({ ok: false, error: { field: 'imageId' } });
    expect(await gate(trusted, 'generate', { params: { modelId: 'm', count: 'two' } })).toMatchObject({
      ok: false,
      error: { field: 'params.count' },
    });
    expect(await gate(trusted, 'generate', { params: { modelId: 'm', seed: -1 } })).toMatchObject({
      ok: false,
      error: { field: 'params.seed' },
    });
    expect(await gate(trusted, 'images.list', { limit: 1e9 })).toMatchObject({ ok: false, error: { field: 'limit' } });
  });

  it('refuses apiKey.set for anything not shaped like a Bedrock API key, never quoting it; trims a good one', async () => {
    const seen: unknown[] = [];
    const status = {
      configured: true,
      source: 'settings' as const,
      masked: 'ABSK…cmV0',
      canStore: true,
      storeProblem: null,
    };
    const { gate, logs } = setup({
      'apiKey.set': async (req) => {
        seen.push(req);
        return status;
      },
    });
    const key = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
    for (const bad of [
      `AKIA${key.slice(4)}`, // not a Bedrock prefix
      'ABSKshort',
      `ABSK${'A'.repeat(9000)}`,
      `${key} and more`,
      `"${key}"`,
      `bedrock-api-key-${'x'.repeat(10)}!`,
      '',
    ]) {
      const result = await gate(trusted, 'apiKey.set', { key: bad });
      expect(result, bad.slice(0, 30)).toMatchObject({ ok: false, error: { code: 'validation', field: 'key' } });
      if (!result.ok && bad.length > 8) expect(result.error.message).not.toContain(bad.slice(4, 30));
    }
    for (const bad of [{ key: 42 }, { key: key, extra: 1 }, {}])
      expect(await gate(trusted, 'apiKey.set', bad)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(seen).toEqual([]);
    expect(await gate(trusted, 'apiKey.set', { key: ` ${key}\n` })).toEqual({ ok: true, value: status });
    expect(seen).toEqual([{ key }]);
    expect(logs.join('\n')).not.toContain(key.slice(4, 30));
  });

  it('checks apiKey answers: a status carrying more than the mask is refused', async () => {
    const key = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
    const { gate, logs } = setup({
      'apiKey.status': async () =>
        ({ configured: true, source: 'settings', masked: key, canStore: true, storeProblem: null }) as never,
    });
    const result = await gate(trusted, 'apiKey.status', {});
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(key.slice(4, 30));
    expect(logs.join('\n')).not.toContain(key.slice(4, 30));
  });

  it("refuses settings.set for a key outside the settings table or a value its key's schema refuses", async () => {
    const seen: unknown[] = [];
    const { gate } = setup({
      'settings.set': async (req) => {
        seen.push(req);
        return {};
      },
    });
    for (const [key, value] of [
      ['jobs.concurrency', 'four'],
      ['jobs.concurrency', 0],
      ['ui.theme', 3],
      ['ui.theme', 'purple'],
      ['defaults.size', 'huge'],
      ['data.previousDir', 42],
    ] as const) {
      expect(await gate(trusted, 'settings.set', { key, value }), `${key} = ${value}`).toMatchObject({
        ok: false,
        error: { code: 'validation', field: 'value' },
      });
    }
    for (const key of ['no.such.setting', 'toString', 'theme', 7]) {
      expect(await gate(trusted, 'settings.set', { key, value: 1 }), String(key)).toMatchObject({
        ok: false,
        error: { code: 'validation', field: 'key' },
      });
    }
    expect(seen).toEqual([]);
    expect(await gate(trusted, 'settings.set', { key: 'jobs.concurrency', value: 4 })).toEqual({ ok: true, value: {} });
    expect(await gate(trusted, 'settings.set', { key: 'data.previousDir', value: null })).toEqual({
      ok: true,
      value: {},
    });
    expect(seen).toEqual([
      { key: 'jobs.concurrency', value: 4 },
      { key: 'data.previousDir', value: null },
    ]);
  });

  it('checks settings.get answers against the settings table', async () => {
    const settings = readSettings(() => undefined);
    const good = setup({ 'settings.get': async () => ({ settings }) });
    expect(await good.gate(trusted, 'settings.get', {})).toEqual({ ok: true, value: { settings } });
    const bad = setup({
      'settings.get': async () => ({ settings: { ...settings, 'jobs.concurrency': 'many' } }),
    } as unknown as Partial<StudioHandlers>);
    expect(await bad.gate(trusted, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(bad.logs.join('\n')).toMatch(/settings.get returned a response that breaks the contract/);
  });

  it('refuses unknown call names, including prototype names', async () => {
    const { gate, calls } = setup();
    for (const name of [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'nope',
      '',
      'x'.repeat(10_000),
      7,
      null,
      undefined,
      {},
    ]) {
      const result = await gate(trusted, name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
    }
    expect(calls).toEqual([]);
  });

  it('refuses an untrusted sender before anything else, and logs it', async () => {
    const { gate, calls, logs } = setup();
    expect(await gate({ trusted: false }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringMatching(/not allowed/) },
    });
    expect(calls).toEqual([]);
    expect(logs.join('\n')).toMatch(/untrusted sender/);
  });

  it('treats a throwing sender check as untrusted', async () => {
    const gate = createIpcGate({} as StudioHandlers, {
      isTrustedSender: () => {
        throw new Error('boom');
      },
      log: () => {},
    });
    expect(await gate(trusted, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('passes EaselErrors through as data without logging them', async () => {
    const { gate, logs } = setup();
    expect(await gate(trusted, 'images.get', { imageId: '99' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'There is no image with id "99".' },
    });
    expect(logs).toEqual([]);
  });

  it('maps unexpected errors to internal and logs them redacted', async () => {
    const { gate, logs } = setup({
      'app.info': async () => {
        throw new Error(
          'exploded with aws_secret_access_key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY and AKIAIOSFODNN7EXAMPLE',
        );
      },
    });
    const result = await gate(trusted, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toMatch(/exploded/);
    const log = logs.join('\n');
    expect(log).toMatch(/app.info failed unexpectedly/);
    expect(log).not.toContain('wJalrXUtnFEMI');
    expect(log).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('catches responses that break the contract (dev/test) and can skip the check in production', async () => {
    const bad = { 'app.info': async () => ({ name: 'Easel' }) } as unknown as Partial<StudioHandlers>;
    const { gate, logs } = setup(bad);
    expect(await gate(trusted, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logs.join('\n')).toMatch(/breaks the contract/);
    const lenient = createIpcGate({ ...setup().gate, ...(bad as StudioHandlers) } as StudioHandlers, {
      isTrustedSender: () => true,
      validateResponses: false,
      log: () => {},
    });
    expect(await lenient(trusted, 'app.info', {})).toEqual({ ok: true, value: { name: 'Easel' } });
  });

  it('answers internal when a handler is missing', async () => {
    const gate = createIpcGate({} as StudioHandlers, { isTrustedSender: () => true, log: () => {} });
    expect(await gate(trusted, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('leaves Object.prototype untouched after a pollution attempt', async () => {
    const { gate } = setup();
    await gate(trusted, 'generate', JSON.parse('{"params":{"modelId":"m","extra":{"__proto__":{"polluted":"yes"}}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('checkPayloadShape', () => {
  it('accepts ordinary payloads and names the problem otherwise', () => {
    expect(checkPayloadShape({ a: [1, 'b', { c: null }] })).toBeNull();
    expect(checkPayloadShape(nestedPayload(100))).toMatch(/nested too deeply/);
    expect(checkPayloadShape({ s: 'x'.repeat(200_000) })).toMatch(/longer than/);
    expect(checkPayloadShape(JSON.parse('{"a":{"__proto__":1}}'))).toMatch(/forbidden key "__proto__"/);
  });
});
