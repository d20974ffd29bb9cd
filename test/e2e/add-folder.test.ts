// "Add folder" in the Library, in real Chromium through the bridge over the real studio: the shell's
// folder picker (answered by the test's platform, as Electron's dialog would) gives a folder whose
// images are indexed where they are; their thumbnails are made on first display; the watched folder
// shows a new image and marks a deleted one missing; "Copy into library" copies one. Screenshots
// at 1024, 1280 and 1440 px wide.
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFolder } from '../support/image-folder.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge, type StudioBridge } from './helpers/studio-bridge.ts';

describe('Library: Add folder', () => {
  let env: StudioBridge;
  let browser: LaunchedBrowser;
  let outputs: string;
  let files: string[];
  const picks: string[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'easel-add-folder-'));
    outputs = path.join(dir, 'sd-outputs');
    files = await writeImageFolder(outputs, 6, { perFolder: 3, size: 256 });
    env = await startStudioBridge({
      platform: {
        pickFolder: async (title) => {
          picks.push(title);
          return outputs;
        },
      },
    });
    await env.harness.studio.watchLibraryFolders({ quietMs: 100 });
    browser = await launchChromium();
    await browser.page.goto(env.bridge.url);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await rm(path.dirname(outputs), { recursive: true, force: true });
  });

  const grid = () => browser.page.getByRole('listbox', { name: 'Images' });

  it('indexes the picked folder in place (subfolders too) and shows its images', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Library', exact: true }).click();
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect.poll(() => grid().getByRole('option').count(), { timeout: 20_000 }).toBe(6);
    expect(picks).toHaveLength(1);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Added' }).textContent())
      .toContain('6 images indexed where they are');
    await expect
      .poll(() => grid().getByRole('option', { name: 'a lighthouse on a cliff, storm, number 4' }).count())
      .toBe(1);
    // Thumbnails come from the files in the folder, made on first display.
    await expect
      .poll(
        () =>
          page.evaluate<number>(
            "[...document.querySelectorAll('.lib-tile img')].filter((i) => i.naturalWidth > 0).length",
          ),
        { timeout: 20_000 },
      )
      .toBe(6);
    expect(env.harness.studio.library.inPlace.folders().map((f) => f.path)).toEqual([outputs]);
    for (const width of [1024, 1280, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      await screenshot(page, `library-add-folder-${width}`);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a new file in the watched folder appears; a deleted one is shown as missing', async () => {
    const { page } = browser;
    const [made] = await writeImageFolder(path.join(path.dirname(outputs), 'elsewhere'), 1, { first: 40, size: 256 });
    await rename(made ?? '', path.join(outputs, 'part-000', 'new.png'));
    await expect.poll(() => grid().getByRole('option').count(), { timeout: 20_000 }).toBe(7);
    await rm(files[0] ?? '');
    const missing = grid().getByRole('option', { name: 'a lighthouse on a cliff, storm, number 0 — file missing' });
    await expect.poll(() => missing.count(), { timeout: 20_000 }).toBe(1);
    expect(await grid().getByRole('option').count()).toBe(7);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'library-add-folder-missing');
  });

  it('"Copy into library" from the detail panel copies the image', async () => {
    const { page } = browser;
    const tile = grid().getByRole('option', { name: 'a lighthouse on a cliff, storm, number 1' });
    await tile.dblclick();
    const details = page.getByRole('complementary', { name: 'Image details' });
    await details.getByRole('button', { name: 'Copy into library' }).click();
    const inPlaceRow = () => env.harness.studio.library.inPlace.fileAt(files[1] ?? '')?.imageId ?? null;
    await expect.poll(inPlaceRow, { timeout: 20_000 }).toBeNull();
    await expect.poll(() => details.getByRole('button', { name: 'Copy into library' }).count()).toBe(0);
    await expect.poll(() => details.getByText('Kept in its own folder').count()).toBe(0);
    await screenshot(page, 'library-add-folder-copied');
  });
});
