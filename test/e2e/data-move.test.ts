// Settings → Move data folder, through the bridge against the real studio: a refused target, a
// move (copy verified, pointer written, the shell asked to relaunch), then the app as it comes back
// on the new folder: it names the old one, which is still on disk, until dismissed.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { startStudioBridge } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

const CORE = 'stability.stable-image-core-v1:1';

let env: StudioBridge | undefined;
let browser: LaunchedBrowser;
let home: string;
let locationFile: string;
let relaunches = 0;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'easel-move-e2e-'));
  // The OS default folder, where the pointer file lives.
  locationFile = join(home, 'default', 'location.json');
  env = await startStudioBridge({
    studio: { demoMode: false, locationFile },
    platform: {
      relaunch: () => {
        relaunches += 1;
        return true;
      },
    },
  });
  await env.harness.studio.generate({ modelId: CORE, prompt: 'a lighthouse at dusk', count: 2, task: 'text-to-image' });
  await env.harness.studio.whenIdle();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
  await rm(home, { recursive: true, force: true });
});

async function openSettings(url: string): Promise<void> {
  await browser.page.goto(url);
  await browser.page.getByRole('tab', { name: 'Settings', exact: true }).click();
}

describe('Settings: move the data folder', () => {
  const target = () => join(home, 'Big Disk', 'Easel');

  it('refuses a folder that is not empty, saying why, and changes nothing', async () => {
    if (!env) throw new Error('no bridge');
    await openSettings(env.bridge.url);
    const { page } = browser;
    await expect.poll(() => page.getByTestId('data-folder').textContent()).toBe(env.harness.dataDir);
    await screenshot(page, 'settings-data-folder');
    const busy = join(home, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    await page.getByRole('button', { name: 'Move data folder…' }).click();
    await page.getByLabel('New data folder').fill(busy);
    await page.getByRole('button', { name: 'Move and restart' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('is not empty');
    await screenshot(page, 'settings-data-move-refused');
    expect(await readdir(busy)).toEqual(['notes.txt']);
    expect(existsSync(locationFile)).toBe(false);
    expect(relaunches).toBe(0);
  });

  it('moves: copies everything, writes the pointer, asks the shell to relaunch, and says where the old folder is', async () => {
    if (!env) throw new Error('no bridge');
    const { page } = browser;
    await page.getByLabel('New data folder').fill(target());
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Move and restart' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Moved to' });
    await done.waitFor();
    const text = (await done.textContent()) ?? '';
    expect(text).toContain(`Moved to ${target()}`);
    expect(text).toContain('Easel is restarting there');
    expect(text).toContain(`The old folder ${env.harness.dataDir} is left as it was`);
    await screenshot(page, 'settings-data-moved');
    expect(relaunches).toBe(1);
    expect(JSON.parse(readFileSync(locationFile, 'utf8'))).toEqual({ dataDir: target() });
    expect(existsSync(join(target(), 'easel.db'))).toBe(true);
    const images = env.harness.studio.listImages().images;
    for (const image of images) expect(existsSync(join(target(), image.path))).toBe(true);
    // The old folder is still there.
    for (const image of images) expect(existsSync(join(env.harness.dataDir, image.path))).toBe(true);
    env.secrets.assertNoSecrets();
  });

  it('after the restart: the new folder is in use, the old one is named until dismissed', async () => {
    await env?.close();
    env = undefined;
    const moved = await startStudioBridge({ studio: { demoMode: false, locationFile, dataDir: target() } });
    env = moved;
    await openSettings(moved.bridge.url);
    const { page } = browser;
    await expect.poll(() => page.getByTestId('data-folder').textContent()).toBe(target());
    const note = page.getByRole('note', { name: 'Previous data folder' });
    await note.waitFor();
    expect(await note.textContent()).toMatch(
      /moved its data here from .*That folder is still there.*delete it yourself/,
    );
    await screenshot(page, 'settings-data-previous-folder');
    // The images came along.
    expect(moved.harness.studio.listImages().images).toHaveLength(2);
    await note.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => note.count()).toBe(0);
    expect(moved.harness.studio.previousDataDir()).toBeNull();
    expect(browser.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });
});
