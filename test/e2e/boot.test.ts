// The placeholder renderer boots in real Chromium through the bridge and shows what the bridge
// answered; no CSP violation, no console error, no secret in any response, and an image URL
// serves real bytes through the same protocol handler as Electron.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioHandlers } from '../../src-shared/contract.ts';
import { EaselError } from '../../src-shared/errors.ts';
import { startBridge } from '../bridge/bridge.ts';
import type { Bridge } from '../bridge/bridge.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { rendererBuild } from './helpers/renderer.ts';
import { TEST_SECRET_ACCESS_KEY, watchForSecrets } from './helpers/secrets.ts';

const IMAGE_ID = '42';

// In-test handlers until the facade exists: what a real one would answer, with no secrets.
function testHandlers(dataDir: string): StudioHandlers {
  const notHere = async (): Promise<never> => {
    throw new EaselError('not-found', 'Not part of this test.');
  };
  return {
    'app.info': async () => ({ name: 'Easel', version: '0.1.0-e2e', dataDir, demoMode: true }),
    'profiles.list': async () => ({ profiles: [{ name: 'default', kind: 'static', region: 'us-east-1', isDefault: true }, { name: 'work-sso', kind: 'sso', region: 'eu-central-1', isDefault: false }] }),
    'models.list': async () => ({ models: [{ id: 'amazon.nova-canvas-v1:0', label: 'Nova Canvas', provider: 'Amazon', family: 'amazon-image', lifecycle: { status: 'active' }, tasks: ['text-to-image', 'inpaint'] }] }),
    generate: notHere,
    'jobs.list': async () => ({ jobs: [] }),
    'images.get': notHere,
    'images.list': async () => ({ images: [], nextCursor: null }),
    'images.import': notHere,
  };
}

describe('renderer through the bridge in Chromium', () => {
  let dataDir: string;
  let bridge: Bridge;
  let browser: LaunchedBrowser;
  const secrets = watchForSecrets();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'easel-e2e-'));
    const libraryRoot = path.join(dataDir, 'library');
    await mkdir(libraryRoot, { recursive: true });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer();
    await writeFile(path.join(libraryRoot, 'img.png'), png);
    bridge = await startBridge({
      handlers: testHandlers(dataDir),
      subscribe: () => () => {},
      resolveImage: async (id) => (id === IMAGE_ID ? { filePath: path.join(libraryRoot, 'img.png'), mimeType: 'image/png' } : null),
      libraryRoot,
      rendererDir: await rendererBuild(),
      onTraffic: secrets.record,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('boots, shows app info, profiles and models returned over the bridge', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await page.getByTestId('app-name').waitFor();
    expect(await page.getByTestId('app-name').textContent()).toBe('Easel');
    expect(await page.getByTestId('app-version').textContent()).toContain('0.1.0-e2e');
    expect(await page.getByTestId('app-version').textContent()).toContain('demo mode');
    expect(await page.getByTestId('profiles').textContent()).toContain('work-sso (sso, eu-central-1)');
    expect(await page.getByTestId('models').textContent()).toContain('Nova Canvas');
    await screenshot(page, 'boot');
    expect(browser.problems).toEqual([]);
  });

  it('exposes exactly the five window.easel functions, frozen', async () => {
    const keys = await browser.page.evaluate(() => Object.keys((globalThis as unknown as { easel: object }).easel).sort());
    expect(keys).toEqual(['imageUrl', 'invoke', 'on', 'pathForFile', 'startDrag']);
  });

  it('serves real image bytes for imageUrl and 404 for unknown ids', async () => {
    const result = await browser.page.evaluate(async (id) => {
      const easel = (globalThis as unknown as { easel: { imageUrl(id: string, v: string): string } }).easel;
      const ok = await fetch(easel.imageUrl(id, 'full'));
      const bytes = new Uint8Array(await ok.arrayBuffer());
      const missing = await fetch(easel.imageUrl('4242', 'full'));
      return { status: ok.status, type: ok.headers.get('content-type'), head: Array.from(bytes.slice(0, 8)), missing: missing.status };
    }, IMAGE_ID);
    expect(result.status).toBe(200);
    expect(result.type).toBe('image/png');
    expect(result.head).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(result.missing).toBe(404);
  });

  it('returns validation errors as data for bad payloads from the page', async () => {
    const result = await browser.page.evaluate(async () => {
      const easel = (globalThis as unknown as { easel: { invoke(c: string, p: unknown): Promise<unknown> } }).easel;
      return [await easel.invoke('images.get', { imageId: '../../etc/passwd' }), await easel.invoke('toString', {})];
    });
    expect(result).toMatchObject([{ ok: false, error: { code: 'validation', field: 'imageId' } }, { ok: false, error: { code: 'validation' } }]);
  });

  it('records drags with the files Electron would drag', async () => {
    await browser.page.evaluate((id) => (globalThis as unknown as { easel: { startDrag(ids: string[]): void } }).easel.startDrag([id]), IMAGE_ID);
    await expect.poll(() => bridge.drags.length).toBe(1);
    expect(bridge.drags[0]?.imageIds).toEqual([IMAGE_ID]);
    expect(bridge.drags[0]?.item?.file).toMatch(/img\.png$/);
    expect(await browser.page.evaluate(() => (globalThis as unknown as { __easelDrags: string[][] }).__easelDrags)).toEqual([[IMAGE_ID]]);
  });

  it('no secret appeared in any bridge response (and the check itself catches one)', () => {
    secrets.assertNoSecrets();
    const leaky = watchForSecrets();
    leaky.record({ kind: 'invoke', name: 'profiles.list', body: JSON.stringify({ secret: TEST_SECRET_ACCESS_KEY }) });
    expect(() => leaky.assertNoSecrets()).toThrow(/secret reached the page/);
  });
});
