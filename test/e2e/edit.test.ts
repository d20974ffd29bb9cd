// Canvas editing in Chromium through the bridge, against the real Studio and the Bedrock emulator:
// files dropped on the canvas are imported and placed; image-to-image, inpaint (painted mask),
// erase object, outpaint, remove background and upscale each produce a result next to the source,
// linked to it; the offline queue; a renderer reload while a job runs. Screenshots: test-artifacts/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from './helpers/wait.ts';
import { startEmulator } from '../../src-main/emulator/index.ts';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;
let dropRoot: string;
let sourceId = '';
let restarted: RunningEmulator | undefined;

const canvas = () => page.getByRole('region', { name: 'Canvas' });
const canvasItems = async () => Number(await canvas().getAttribute('data-items'));

/** A 512² source: a warm orange field with a dark blue square in the middle. */
async function sourcePng(): Promise<Buffer> {
  const square = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 20, g: 40, b: 160 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 230, g: 140, b: 40 } } })
    .composite([{ input: square, left: 128, top: 128 }])
    .png()
    .toBuffer();
}

async function meanColour(imageId: string): Promise<number[]> {
  const image = env.harness.studio.getImage(imageId);
  const stats = await sharp(env.harness.studio.library.store.absolute(image.path)).removeAlpha().stats();
  return stats.channels.map((c) => c.mean);
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

/** images.get through the bridge, as the renderer sees it. */
async function imageRecord(
  imageId: string,
): Promise<{ width: number; height: number; source: string; parentImageId?: string | null }> {
  return page.evaluate(async (id) => {
    const easel = (
      globalThis as unknown as {
        easel: {
          invoke(
            c: string,
            p: unknown,
          ): Promise<{
            ok: boolean;
            value: { image: { width: number; height: number; source: string; parentImageId?: string | null } };
          }>;
        };
      }
    ).easel;
    const result = await easel.invoke('images.get', { imageId: id });
    if (!result.ok) throw new Error('images.get failed');
    return result.value.image;
  }, imageId);
}

async function selectSource(): Promise<void> {
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page
    .getByRole('listbox', { name: 'Layers' })
    .getByRole('option', { name: new RegExp(`Image ${sourceId}\\b`) })
    .click();
  await expect.poll(() => canvas().getAttribute('data-selected')).toBe('1');
}

/** Runs the selected edit and waits for its result: a new succeeded job whose source is the source. */
async function runAndWait(task: string): Promise<string> {
  const before = new Set(env.harness.studio.listJobs({ statuses: ['succeeded'] }).map((j) => j.id));
  const items = await canvasItems();
  await page.getByRole('button', { name: `Run ${task}` }).click();
  await expect.poll(canvasItems, { timeout: 20_000 }).toBe(items + 1);
  const job = env.harness.studio.listJobs({ statuses: ['succeeded'] }).find((j) => !before.has(j.id));
  expect(job?.params.task).toBe(task === 'image to image' ? 'image-to-image' : task.replace(' ', '-'));
  expect(job?.sourceImageId).toBe(sourceId);
  const resultId = job?.imageId ?? '';
  const record = await imageRecord(resultId);
  expect(record.source).toBe('edited');
  expect(env.harness.studio.getImage(resultId).parentImageId).toBe(sourceId);
  if (record.parentImageId !== undefined) expect(record.parentImageId).toBe(sourceId);
  return resultId;
}

/** Paints a stroke across the middle of the selected image on the canvas. */
async function paintCentre(): Promise<void> {
  const box = await canvas().boundingBox();
  const sel = (await canvas().getAttribute('data-selection-box'))?.split(',').map(Number) ?? [];
  const [x = 0, y = 0, w = 0, h = 0] = sel;
  if (!box) throw new Error('no canvas');
  const cx = box.x + x + w / 2;
  const cy = box.y + y + h / 2;
  await page.mouse.move(cx - w * 0.15, cy - h * 0.1);
  await page.mouse.down();
  for (let i = 0; i <= 10; i += 1)
    await page.mouse.move(cx - w * 0.15 + (w * 0.3 * i) / 10, cy - h * 0.1 + (h * 0.2 * i) / 10);
  await page.mouse.up();
}

beforeAll(async () => {
  dropRoot = await mkdtemp(path.join(tmpdir(), 'easel-drop-'));
  env = await startStudioBridge({ dropRoot });
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStudio(page, env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await restarted?.stop();
  await env?.close();
  if (dropRoot) await rm(dropRoot, { recursive: true, force: true });
});

describe('canvas editing', () => {
  it('imports and places files dropped on the canvas', async () => {
    await sharp(await sourcePng()).toFile(path.join(dropRoot, 'harbour-source.png'));
    const bytes = [...(await sharp(path.join(dropRoot, 'harbour-source.png')).toBuffer())];
    await canvas().evaluate((el, data) => {
      const w = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: File): void } };
        DragEvent: new (type: string, init: object) => Event;
      };
      const dt = new w.DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'harbour-source.png', { type: 'image/png' }));
      const box = el.getBoundingClientRect();
      const at = {
        bubbles: true,
        cancelable: true,
        dataTransfer: dt,
        clientX: box.x + box.width / 2,
        clientY: box.y + box.height / 2,
      };
      el.dispatchEvent(new w.DragEvent('dragover', at));
      el.dispatchEvent(new w.DragEvent('drop', at));
    }, bytes);
    await expect.poll(canvasItems, { timeout: 10_000 }).toBe(1);
    const [image] = env.harness.studio.listImages({ limit: 10 }).images;
    expect(image).toMatchObject({ source: 'imported', width: 512, height: 512 });
    sourceId = image?.id ?? '';
    expect(await canvas().getAttribute('data-selected')).toBe('1');
    await expect(page.getByRole('toolbar', { name: 'Edit the selected image' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'edit-dropped');
  });

  it('offers every edit with its accessible name, disabled with a reason when no model can', async () => {
    for (const name of ['Image to image', 'Inpaint', 'Erase object', 'Outpaint', 'Remove background', 'Upscale']) {
      const button = page.getByRole('button', { name, exact: true });
      await expect(button.count()).resolves.toBe(1);
      await expect(button.isEnabled()).resolves.toBe(true);
    }
  });

  it('image to image: the result derives from the source (mean colour) and is linked to it', async () => {
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a harbour at dawn, watercolour');
    await page.getByRole('button', { name: 'Image to image', exact: true }).click();
    await page.getByRole('slider', { name: 'Strength' }).fill('0.3');
    await screenshot(page, 'edit-img2img-options');
    const resultId = await runAndWait('image to image');
    // The same prompt and seed without the source, for comparison.
    const job = env.harness.studio.listJobs({ statuses: ['succeeded'] }).find((j) => j.imageId === resultId);
    const plain = await env.harness.studio.generate({
      modelId: job?.modelId ?? '',
      prompt: 'a harbour at dawn, watercolour',
      seed: job?.seed ?? 1,
      count: 1,
    });
    await env.harness.studio.whenIdle();
    const plainId = env.harness.studio.getJob(plain.jobs[0]?.id ?? '').imageId ?? '';
    const [src, res, free] = await Promise.all([meanColour(sourceId), meanColour(resultId), meanColour(plainId)]);
    expect(distance(res, src)).toBeLessThan(distance(free, src));
    await screenshot(page, 'edit-img2img-result');
  });

  it('inpaint: a painted mask goes to main, only the painted area changes', async () => {
    await selectSource();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a red sailing boat');
    await page.getByRole('button', { name: 'Inpaint', exact: true }).click();
    await page.getByRole('slider', { name: 'Brush size' }).fill('60');
    await expect(page.getByRole('button', { name: 'Run inpaint' }).isDisabled()).resolves.toBe(true);
    await paintCentre();
    await screenshot(page, 'edit-inpaint-mask');
    const resultId = await runAndWait('inpaint');
    // The painted mask reached main as a verified library image linked to the source, used by the
    // job, and kept out of the browsable library.
    const { studio } = env.harness;
    const job = studio.getJob(studio.getImage(resultId).generationId ?? '');
    const mask = studio.getImage(job.params.maskImageId ?? '');
    expect(mask).toMatchObject({ parentImageId: sourceId, metadata: { kind: 'mask' } });
    expect(studio.listImages({ limit: 100 }).images.map((i) => i.id)).not.toContain(mask.id);
    const [src, res] = await Promise.all([meanColour(sourceId), meanColour(resultId)]);
    expect(distance(res, src)).toBeGreaterThan(1);
    await screenshot(page, 'edit-inpaint-result');
  });

  it('erase object: the mask brush with erase and clear', async () => {
    await selectSource();
    await page.getByRole('button', { name: 'Erase object', exact: true }).click();
    await paintCentre();
    await page.getByRole('button', { name: 'Clear mask' }).click();
    await expect(page.getByRole('button', { name: 'Run erase object' }).isDisabled()).resolves.toBe(true);
    await paintCentre();
    await runAndWait('erase object');
  });

  it('outpaint grows the image by the sides given', async () => {
    await selectSource();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('');
    await page.getByRole('button', { name: 'Outpaint', exact: true }).click();
    await page.getByRole('spinbutton', { name: 'Extend right' }).fill('256');
    await page.getByRole('spinbutton', { name: 'Extend up' }).fill('128');
    await screenshot(page, 'edit-outpaint-frame');
    const resultId = await runAndWait('outpaint');
    expect(await imageRecord(resultId)).toMatchObject({ width: 768, height: 640 });
  });

  it('remove background returns an image with transparency', async () => {
    await selectSource();
    await page.getByRole('button', { name: 'Remove background', exact: true }).click();
    const resultId = await runAndWait('remove background');
    const file = env.harness.studio.library.store.absolute(env.harness.studio.getImage(resultId).path);
    expect((await sharp(file).metadata()).hasAlpha).toBe(true);
    const alpha = await sharp(file).extractChannel('alpha').stats();
    expect(alpha.channels[0]?.min).toBeLessThan(255);
  });

  it('upscale makes it 4× larger', async () => {
    await selectSource();
    await page.getByRole('button', { name: 'Upscale', exact: true }).click();
    const resultId = await runAndWait('upscale');
    expect(await imageRecord(resultId)).toMatchObject({ width: 2048, height: 2048 });
    await screenshot(page, 'edit-all-results');
  });
});

describe('queue across network loss and reloads', () => {
  it('offline: the job waits for the network in the Queue, and completes when the emulator returns', async () => {
    await page.keyboard.press('Escape');
    const port = env.harness.emulator.port;
    await env.harness.emulator.stop();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a lighthouse, offline');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByRole('tab', { name: /Queue/ }).click();
    const row = page.locator('.job-list li').filter({ hasText: 'a lighthouse, offline' });
    await expect
      .poll(async () => row.locator('.job-status').textContent(), { timeout: 15_000 })
      .toBe('Waiting for the network');
    await screenshot(page, 'edit-queue-offline');
    restarted = await startEmulator({ port, randomSeed: 7 });
    await expect.poll(async () => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
  });

  it('a reload while a job runs: the Queue shows it after the reload, and it completes', async () => {
    restarted?.configure({ latencyMs: 2_500 });
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a slow comet');
    await page.getByRole('button', { name: 'Generate' }).click();
    // The click submits through the bridge: the job exists once main has taken it (under load, later).
    await expect
      .poll(() => env.harness.studio.listJobs({ limit: 1 })[0]?.params.prompt, { timeout: 10_000 })
      .toBe('a slow comet');
    const [job] = env.harness.studio.listJobs({ limit: 1 });
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole('tab', { name: /Queue/ }).click();
    const row = page.locator(`.job-list li[data-job-id="${job?.id}"]`);
    await expect
      .poll(async () => row.getAttribute('data-status'), { timeout: 5_000 })
      .toMatch(/queued|sending|waiting|saving/);
    await screenshot(page, 'edit-queue-after-reload');
    await expect.poll(async () => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    expect(browser.problems.filter((p) => !/ERR_CONNECTION_REFUSED|net::|Failed to load resource/.test(p))).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
