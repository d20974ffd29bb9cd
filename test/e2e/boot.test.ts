// The placeholder renderer boots in real Chromium through the bridge and shows what the bridge
// answered; no CSP violation, no console error, no secret in any response, and an image URL
// serves real bytes through the same protocol handler as Electron.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { TEST_SECRET_ACCESS_KEY, watchForSecrets } from './helpers/secrets.ts';
import { startStudioBridge } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

describe('renderer through the bridge in Chromium, over the real studio', () => {
  let env: StudioBridge;
  let browser: LaunchedBrowser;
  let IMAGE_ID = '';

  beforeAll(async () => {
    env = await startStudioBridge();
    // One real generation through the SDK and the emulator, so the image protocol has bytes to serve.
    const { jobs } = await env.harness.studio.generate({
      modelId: 'stability.stable-image-core-v1:1',
      prompt: 'a red lighthouse',
      count: 1,
      task: 'text-to-image',
    });
    await env.harness.studio.whenIdle();
    const job = env.harness.studio.getJob(jobs[0]?.id ?? '');
    IMAGE_ID = job.imageId ?? '';
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('boots and answers app info, profiles and models over the bridge', async () => {
    const { page } = browser;
    await page.goto(env.bridge.url);
    expect(await page.title()).toBe('Easel');
    const answers = await page.evaluate(async () => {
      const easel = (
        globalThis as unknown as {
          easel: { invoke(c: string, p: unknown): Promise<{ ok: boolean; value?: Record<string, unknown> }> };
        }
      ).easel;
      return {
        info: await easel.invoke('app.info', {}),
        profiles: await easel.invoke('profiles.list', {}),
        models: await easel.invoke('models.list', {}),
      };
    });
    expect(answers.info).toMatchObject({ ok: true, value: { name: 'Easel', demoMode: true } });
    expect(answers.profiles).toMatchObject({
      ok: true,
      value: { profiles: [{ name: 'default', kind: 'static', region: 'us-east-1', isDefault: true }] },
    });
    expect(JSON.stringify(answers.models)).toContain('amazon.nova-canvas-v1:0');
    await screenshot(page, 'boot');
    expect(browser.problems).toEqual([]);
  });

  it('exposes exactly the five window.easel functions, frozen', async () => {
    const keys = await browser.page.evaluate(() =>
      Object.keys((globalThis as unknown as { easel: object }).easel).sort(),
    );
    expect(keys).toEqual(['imageUrl', 'invoke', 'on', 'pathForFile', 'startDrag']);
  });

  it('serves real image bytes for imageUrl and 404 for unknown ids', async () => {
    const result = await browser.page.evaluate(async (id) => {
      const easel = (globalThis as unknown as { easel: { imageUrl(id: string, v: string): string } }).easel;
      const ok = await fetch(easel.imageUrl(id, 'full'));
      const bytes = new Uint8Array(await ok.arrayBuffer());
      const missing = await fetch(easel.imageUrl('424242', 'full'));
      return {
        status: ok.status,
        type: ok.headers.get('content-type'),
        head: Array.from(bytes.slice(0, 8)),
        missing: missing.status,
      };
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
    expect(result).toMatchObject([
      { ok: false, error: { code: 'validation', field: 'imageId' } },
      { ok: false, error: { code: 'validation' } },
    ]);
  });

  it('records drags with the files Electron would drag', async () => {
    await browser.page.evaluate(
      (id) => (globalThis as unknown as { easel: { startDrag(ids: string[]): void } }).easel.startDrag([id]),
      IMAGE_ID,
    );
    await expect.poll(() => env.bridge.drags.length).toBe(1);
    expect(env.bridge.drags[0]?.imageIds).toEqual([IMAGE_ID]);
    expect(env.bridge.drags[0]?.item?.file).toMatch(/library\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    expect(
      await browser.page.evaluate(() => (globalThis as unknown as { __easelDrags: string[][] }).__easelDrags),
    ).toEqual([[IMAGE_ID]]);
  });

  it('no secret appeared in any bridge response (and the check itself catches one)', () => {
    env.secrets.assertNoSecrets();
    const leaky = watchForSecrets();
    leaky.record({ kind: 'invoke', name: 'profiles.list', body: JSON.stringify({ secret: TEST_SECRET_ACCESS_KEY }) });
    expect(() => leaky.assertNoSecrets()).toThrow(/secret reached the page/);
  });
});
