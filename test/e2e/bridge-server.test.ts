// The bridge's own guards, over real HTTP: loopback only, token, Host and Origin checks.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import type { StudioHandlers } from '../../src-shared/contract/index.ts';
import { startBridge } from '../bridge/bridge.ts';
import type { Bridge } from '../bridge/bridge.ts';
import { rendererBuild } from './helpers/renderer.ts';

let bridge: Bridge;
let cookie = '';
const handlers = {
  'app.info': async () => ({ name: 'Easel', version: '1', dataDir: '/d', demoMode: true }),
} as unknown as StudioHandlers;

/** Raw HTTP so Host and Origin can be set freely (fetch forbids it). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  bridge = await startBridge({
    handlers,
    subscribe: () => () => {},
    resolveImage: async () => null,
    rendererDir: await rendererBuild(),
  });
  const login = await raw(`/?token=${bridge.token}`);
  cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
});
afterAll(() => bridge.close());

const host = () => `127.0.0.1:${bridge.port}`;
const invoke = (headers: Record<string, string>) =>
  raw('/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ call: 'app.info', payload: {} }),
  });

describe('bridge guards', () => {
  it('listens on 127.0.0.1 with a long random token, exchanged for an HttpOnly SameSite cookie', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(cookie).toBe(`easel_bridge_${bridge.port}=${bridge.token}`);
  });

  it('names its cookie per port, so a second bridge on another port does not log the first out', async () => {
    const second = await startBridge({
      handlers,
      subscribe: () => () => {},
      resolveImage: async () => null,
      rendererDir: await rendererBuild(),
    });
    try {
      const login = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: second.port, path: `/?token=${second.token}` }, (res) => {
          res.resume();
          resolve(String(res.headers['set-cookie']).split(';')[0] ?? '');
        });
        req.on('error', reject);
        req.end();
      });
      expect(login.split('=')[0]).not.toBe(cookie.split('=')[0]);
      // The browser sends both cookies to both ports (cookies ignore ports): each bridge finds its own.
      const both = `${cookie}; ${login}`;
      const first = await invoke({ cookie: both, origin: `http://${host()}`, host: host() });
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });

  it('serves the app with the token cookie and the CSP header, and the shim before the app', async () => {
    const page = await raw('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body.indexOf('/shim.js')).toBeGreaterThan(0);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await raw('/')).status).toBe(403);
    expect((await raw('/?token=0000')).status).toBe(403);
    expect((await raw('/', { headers: { cookie: 'easel_bridge=' + '0'.repeat(64) } })).status).toBe(403);
    expect((await invoke({ origin: `http://${host()}` })).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign or missing Origin', async () => {
    expect((await raw('/', { headers: { cookie, host: 'evil.example.com' } })).status).toBe(421);
    expect((await invoke({ cookie, origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await invoke({ cookie })).status).toBe(403);
    expect((await invoke({ cookie, origin: `http://${host()}`, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(
      (
        await raw('/invoke', {
          method: 'POST',
          headers: { cookie, origin: `http://${host()}`, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });

  it('answers a proper call through the gate, errors as data', async () => {
    const ok = await invoke({ cookie, origin: `http://${host()}` });
    expect(JSON.parse(ok.body)).toEqual({
      ok: true,
      value: { name: 'Easel', version: '1', dataDir: '/d', demoMode: true },
    });
    const bad = await raw('/invoke', {
      method: 'POST',
      headers: { cookie, origin: `http://${host()}`, 'content-type': 'application/json' },
      body: 'not json',
    });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('400s malformed image paths', async () => {
    expect((await raw('/image/..%2F..%2Fetc/full', { headers: { cookie } })).status).toBe(400);
    expect((await raw('/image/1/full?x=1', { headers: { cookie } })).status).toBe(400);
    expect((await raw('/image/1/full', { headers: { cookie } })).status).toBe(404);
  });
});
