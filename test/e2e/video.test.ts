// Issue 12 in Chromium through the bridge, against the real studio and the emulator's Bedrock of
// 2026 (Luma Ray2 async invocations, its S3, a real H.264 MP4): three images made on the canvas,
// selected, Make video, the Camera path dialog (a move per segment, duration, resolution, aspect
// ratio, the price before running), Render; the queue follows the segments; the video plays in the
// library (currentTime advances) and on the canvas. Also: the S3 failures the dialog explains, and
// the Settings card. Screenshots at 1024, 1280 and 1440 px wide in test-artifacts/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge2026 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';
import { openStudio } from './helpers/wait.ts';

const BUCKET = 'easel-videos';
const PROMPT = 'a harbour at dawn, boats drifting';
let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;

const canvas = () => page.getByRole('region', { name: 'Canvas' });
const dialog = () => page.getByRole('dialog', { name: 'Camera path' });

async function widths(name: string): Promise<void> {
  for (const width of [1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 860 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

interface VideoLike {
  currentTime: number;
  duration: number;
  readyState: number;
  paused: boolean;
  loop: boolean;
  error: { code: number } | null;
  videoWidth: number;
  videoHeight: number;
}

/** The first <video> on the page: where it is and whether it plays. */
function videoState(selector: string) {
  return page.evaluate((sel) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): VideoLike | null } }).document;
    const video = doc.querySelector(sel);
    if (video === null) return null;
    return {
      currentTime: video.currentTime,
      duration: video.duration,
      readyState: video.readyState,
      paused: video.paused,
      loop: video.loop,
      error: video.error?.code ?? null,
      width: video.videoWidth,
      height: video.videoHeight,
    };
  }, selector);
}

/** Workspace, every canvas item selected, Make video: the Camera path of the three stills. */
async function openPathOfAll(): Promise<void> {
  await page.getByRole('tab', { name: 'Workspace' }).click();
  await canvas().focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Make video' }).click();
  await dialog().waitFor();
  await expect.poll(() => dialog().getByRole('combobox', { name: 'Camera move' }).count()).toBe(2);
}

beforeAll(async () => {
  env = await startStudioBridge2026({
    // A 5 s segment takes 0.25 s at the emulator; Easel polls every 100 ms.
    emulator: { videoSeconds: 0.05, videoFps: 12 },
    env: { EASEL_VIDEO_POLL_MS: '100' },
  });
  env.harness.emulator.createBucket(BUCKET, 'us-west-2');
  env.harness.studio.library.settings.set('video.outputBucket', `s3://${BUCKET}/renders`);
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1280, height: 860 });
  await openStudio(page, env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('video from images (camera paths)', () => {
  it('shows Make video only with images selected, and opens the Camera path with them in order', async () => {
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(PROMPT);
    await page.getByRole('spinbutton', { name: /Images/ }).fill('3');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(async () => Number(await canvas().getAttribute('data-items')), { timeout: 30_000 }).toBe(3);
    await canvas().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Make video' }).count()).toBe(0);
    await canvas().focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => canvas().getAttribute('data-selected')).toBe('3');
    await page.getByRole('button', { name: 'Make video' }).click();
    await dialog().waitFor();
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Camera move' }).count()).toBe(2);
    for (const name of ['Duration', 'Resolution', 'Aspect ratio'])
      await expect.poll(() => dialog().getByRole('combobox', { name }).count()).toBe(1);
    // The prompt panel's prompt is the start; the price of the whole path is there before running.
    await expect.poll(() => dialog().getByRole('textbox', { name: 'Video prompt' }).inputValue()).toBe(PROMPT);
    await expect.poll(() => dialog().locator('output').textContent()).toContain('2 segments');
    await expect.poll(() => dialog().locator('output').textContent()).toContain('$15.00');
  });

  it('reprices as the path changes, never showing $0 for an unknown price', async () => {
    await dialog().getByRole('combobox', { name: 'Resolution' }).selectOption('540p');
    await expect
      .poll(() => dialog().locator('output').textContent())
      .toContain('$7.50 (2 segments, 10 s of video at $0.75/s)');
    const remove = dialog().getByRole('button', { name: /^Remove / });
    await remove.last().click();
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Camera move' }).count()).toBe(1);
    await expect.poll(() => dialog().locator('output').textContent()).toContain('1 segment, 5 s');
    // Back to three: the removed image comes from the library.
    await dialog().getByRole('button', { name: 'Add from library…' }).click();
    await dialog().getByRole('button', { name: /^Add / }).first().click();
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Camera move' }).count()).toBe(2);
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog()
      .getByRole('button', { name: /earlier$/ })
      .last()
      .click();
    await dialog().getByRole('combobox', { name: 'Camera move' }).first().selectOption('orbit-left');
    await dialog().getByRole('combobox', { name: 'Camera move' }).last().selectOption('free-text');
    await expect.poll(() => dialog().getByRole('button', { name: 'Render' }).isDisabled()).toBe(true);
    await dialog()
      .getByRole('textbox', { name: 'Describe the camera move of segment 2' })
      .fill('slow crane over the masts');
    await expect.poll(() => dialog().getByRole('button', { name: 'Render' }).isDisabled()).toBe(false);
    await dialog().getByRole('combobox', { name: 'Aspect ratio' }).selectOption('16:9');
    await dialog().getByRole('combobox', { name: 'Duration' }).selectOption('5s');
    await expect.poll(() => dialog().locator('output').textContent()).not.toContain('$0.00');
    await widths('video-camera-path');
    expect(await seriousAxeViolations(page, 'dialog')).toEqual([]);
  });

  it('renders: the queue follows the segments, and the video lands on the canvas', async () => {
    const before = Number(await canvas().getAttribute('data-items'));
    await dialog().getByRole('button', { name: 'Render' }).click();
    // Closed once main has the path; else the dialog's alert says why (shown in the failure).
    await expect
      .poll(async () =>
        (await dialog().count()) === 0 ? 'closed' : (await dialog().getByRole('alert').allTextContents()).join(' '),
      )
      .toBe('closed');
    const row = page.locator('[data-video-job-id]').first();
    await row.waitFor();
    await expect.poll(() => row.getByRole('list', { name: 'Segments' }).getByRole('listitem').count()).toBe(2);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await expect.poll(() => row.textContent()).toContain('charged');
    await expect.poll(async () => Number(await canvas().getAttribute('data-items'))).toBe(before + 1);
    const [job] = await env.harness.studio.handlers['video.list']({});
    expect(job).toMatchObject({ status: 'succeeded', resolution: '540p', aspectRatio: '16:9' });
    expect(job?.segments.map((s) => s.camera)).toEqual(['orbit-left', 'slow crane over the masts']);
    await widths('video-queue-done');
    expect(await seriousAxeViolations(page, '.video-queue')).toEqual([]);
  });

  it('plays on the canvas from the video item’s play control', async () => {
    // The new video is selected: no edit bar for it (its poster is not what an edit would change).
    await expect.poll(() => canvas().getAttribute('data-selected')).toBe('1');
    expect(await page.getByRole('button', { name: 'Image to image' }).count()).toBe(0);
    const play = page.getByRole('button', { name: /^Play video: / });
    await play.click();
    await page.getByRole('button', { name: /^Stop video: / }).waitFor();
    await expect
      .poll(async () => (await videoState('.canvas-video video'))?.currentTime ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0.3);
    await screenshot(page, 'video-canvas-playing');
    await page.getByRole('button', { name: /^Stop video: / }).click();
  });

  it('plays in the library: the item is named by its prompt, the <video> advances and seeks', async () => {
    await page.getByRole('tab', { name: 'Library' }).click();
    const item = page
      .getByRole('listbox', { name: 'Images' })
      .getByRole('option', { name: new RegExp(`^Video: ${PROMPT}`) });
    await item.waitFor();
    await item.dblclick();
    const details = page.getByRole('complementary', { name: 'Image details' });
    await expect.poll(() => details.locator('video').count()).toBe(1);
    await expect
      .poll(async () => (await videoState('.lib-detail video'))?.currentTime ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0.5);
    const state = await videoState('.lib-detail video');
    expect(state).toMatchObject({ error: null, loop: true, width: 960, height: 540 });
    expect(state?.duration).toBeGreaterThan(9.5);
    expect(state?.duration).toBeLessThan(10.5);
    // Scrub: a seek near the end is served by a range request and plays on from there.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): VideoLike | null } }).document;
      const video = doc.querySelector('.lib-detail video');
      if (video) video.currentTime = 8;
    });
    await expect.poll(async () => (await videoState('.lib-detail video'))?.currentTime ?? 0).toBeGreaterThan(8);
    await expect.poll(() => details.textContent()).toContain('0:10');
    await expect
      .poll(() =>
        details
          .getByRole('region', { name: 'Lineage' })
          .getByRole('button', { name: /^Image / })
          .count(),
      )
      .toBe(3);
    await expect.poll(() => item.locator('.lib-video-badge').textContent()).toContain('540p');
    await widths('video-library-detail');
    expect(await seriousAxeViolations(page, '.lib-detail')).toEqual([]);
  });

  it('finds the video by its prompt and by the videos filter, and drags it out as its MP4', async () => {
    const grid = page.getByRole('listbox', { name: 'Images' });
    await page.getByRole('searchbox').first().fill('harbour');
    await expect.poll(() => grid.getByRole('option').count()).toBe(4);
    await page.getByRole('combobox', { name: 'Images or videos' }).selectOption('video');
    await expect.poll(() => grid.getByRole('option').count()).toBe(1);
    const item = grid.getByRole('option', { name: /^Video: / });
    await expect.poll(() => item.count()).toBe(1);
    const box = await item.boundingBox();
    if (box === null) throw new Error('no tile');
    await item.dragTo(page.locator('body'), { targetPosition: { x: 5, y: 5 } });
    await expect.poll(() => env.bridge.drags.length).toBeGreaterThan(0);
    expect(env.bridge.drags.at(-1)?.item?.file).toMatch(/\.mp4$/);
  });

  it('explains a bucket in the wrong region at Render, with the way to Settings', async () => {
    env.harness.emulator.createBucket('easel-elsewhere', 'eu-west-1');
    env.harness.studio.library.settings.set('video.outputBucket', 's3://easel-elsewhere');
    await openPathOfAll();
    await dialog().getByRole('button', { name: 'Render' }).click();
    const alert = dialog().getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('us-west-2');
    await screenshot(page, 'video-camera-path-wrong-region');
    expect(env.harness.emulator.billing().filter((b) => b.modelId.startsWith('luma'))).toHaveLength(2);
    await alert.getByRole('button', { name: 'Open Settings' }).click();
    await page.getByRole('region', { name: 'Video output' }).waitFor();
  });

  it('explains an S3 failure with what to do, and the Settings card sets the bucket', async () => {
    const card = page.getByRole('region', { name: 'Video output' });
    await card.getByRole('textbox', { name: 'Output bucket' }).fill('easel-elsewhere');
    await card.getByRole('button', { name: 'Create or use bucket' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('us-west-2');
    await card.getByRole('textbox', { name: 'Output bucket' }).fill(BUCKET);
    await card.getByRole('textbox', { name: 'Prefix' }).fill('renders');
    await card.getByRole('button', { name: 'Create or use bucket' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toContain(`s3://${BUCKET}/renders`);
    await widths('video-settings');
    expect(await seriousAxeViolations(page, '[aria-label="Video output"]')).toEqual([]);
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });

  it('shows a running path’s segments at Bedrock, cancels it with the billing warning, and settles it', async () => {
    env.harness.emulator.configure({ videoSeconds: 30 });
    await openPathOfAll();
    await dialog().getByRole('button', { name: 'Render' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    const row = page.locator('[data-video-job-id][data-status="running"]').first();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('2 at Bedrock');
    await expect.poll(() => row.textContent()).toContain('may still be billed');
    await expect.poll(() => row.textContent()).toContain('~$15.00');
    await widths('video-queue-running');
    await row.getByRole('button', { name: /^Cancel video / }).click();
    const cancelled = page.locator('[data-video-job-id][data-status="cancelled"]').first();
    await cancelled.waitFor();
    expect(await cancelled.getByRole('button', { name: /^Cancel video / }).count()).toBe(0);
    expect((await cancelled.textContent()) ?? '').toMatch(/bill/i);
    // The AWS bill says nothing was billed: the kept estimate is released.
    await cancelled.getByRole('button', { name: 'Not billed' }).click();
    await expect.poll(() => cancelled.textContent()).toContain('Settled: released.');
    await screenshot(page, 'video-queue-cancelled');
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
