// The Image Services of issue 10 on the canvas, in Chromium through the bridge, against the real
// Studio and the emulator of today's Bedrock (profile in us-east-1: the services are called through
// `us.` profiles): search and replace and style transfer (the style image chosen from the canvas)
// run from the edit bar and their results land next to the source, linked to it; each service shows
// its own fields from the catalog, the style preset only where Bedrock takes one; the bar fits a
// 1024 px window. Screenshots: test-artifacts/edit-services-*.png.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge2026 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { openStudio } from './helpers/wait.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;
let dropRoot: string;
let sourceId = '';
let styleId = '';

const canvas = () => page.getByRole('region', { name: 'Canvas' });
const canvasItems = async () => Number(await canvas().getAttribute('data-items'));

async function png(width: number, height: number, background: string, square: string): Promise<Buffer> {
  const inner = await sharp({ create: { width: width / 2, height: height / 2, channels: 3, background: square } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: inner, left: width / 4, top: height / 4 }])
    .png()
    .toBuffer();
}

/** Drops one file on the middle of the canvas, as a user dragging it from the desktop. */
async function drop(name: string, bytes: Buffer): Promise<void> {
  await sharp(bytes).toFile(path.join(dropRoot, name));
  await canvas().evaluate(
    (el, { data, file }) => {
      const w = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: File): void } };
        DragEvent: new (type: string, init: object) => Event;
      };
      const dt = new w.DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], file, { type: 'image/png' }));
      const box = el.getBoundingClientRect();
      const at = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: box.x + 40, clientY: box.y + 40 };
      el.dispatchEvent(new w.DragEvent('dragover', at));
      el.dispatchEvent(new w.DragEvent('drop', at));
    },
    { data: [...bytes], file: name },
  );
}

async function selectImage(imageId: string): Promise<void> {
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page
    .getByRole('listbox', { name: 'Layers' })
    .getByRole('option', { name: new RegExp(`Image ${imageId}\\b`) })
    .click();
  await expect.poll(() => canvas().getAttribute('data-selected')).toBe('1');
}

/** Runs the open edit and waits for its result: a new succeeded job whose source is the source. */
async function runAndWait(label: string): Promise<{ imageId: string; jobId: string }> {
  const { studio } = env.harness;
  const before = new Set(studio.listJobs({ statuses: ['succeeded'] }).map((j) => j.id));
  const items = await canvasItems();
  await page.getByRole('button', { name: `Run ${label}` }).click();
  await expect.poll(canvasItems, { timeout: 20_000 }).toBe(items + 1);
  const job = studio.listJobs({ statuses: ['succeeded'] }).find((j) => !before.has(j.id));
  expect(job?.sourceImageId).toBe(sourceId);
  const imageId = job?.imageId ?? '';
  expect(studio.getImage(imageId)).toMatchObject({ source: 'edited', parentImageId: sourceId });
  return { imageId, jobId: job?.id ?? '' };
}

/** Opens an edit (its button toggles: a second click would close it). */
async function openEdit(name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

/** Draws a diagonal line across the middle of the selected image. */
async function drawAcrossSelection(): Promise<void> {
  const box = await canvas().boundingBox();
  const [x = 0, y = 0, w = 0, h = 0] =
    (await canvas().getAttribute('data-selection-box'))?.split(',').map(Number) ?? [];
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + x + w * 0.3, box.y + y + h * 0.3);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1)
    await page.mouse.move(box.x + x + w * (0.3 + 0.04 * i), box.y + y + h * (0.3 + 0.04 * i));
  await page.mouse.up();
}

beforeAll(async () => {
  dropRoot = await mkdtemp(path.join(tmpdir(), 'easel-drop-'));
  env = await startStudioBridge2026({ dropRoot });
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStudio(page, env.bridge.url);
  await drop('harbour.png', await png(512, 512, '#e68c28', '#1428a0'));
  await waitForItems(1);
  await drop('painting.png', await png(384, 384, '#f0d020', '#c02060'));
  await waitForItems(2);
  const images = env.harness.studio.listImages({ limit: 10 }).images;
  sourceId = images.find((i) => i.width === 512)?.id ?? '';
  styleId = images.find((i) => i.width === 384)?.id ?? '';
});

async function waitForItems(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await canvasItems()) < count) {
    if (Date.now() > deadline) throw new Error(`the canvas never held ${count} image(s)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterAll(async () => {
  await browser?.close();
  await env?.close();
  if (dropRoot) await rm(dropRoot, { recursive: true, force: true });
});

describe('the Image Services on the canvas (Bedrock of 2026)', () => {
  it('offers the six new services as edits, each with its accessible name', async () => {
    await selectImage(sourceId);
    for (const name of [
      'Search and replace',
      'Search and recolor',
      'Control sketch',
      'Control structure',
      'Style guide',
      'Style transfer',
    ]) {
      await expect(page.getByRole('button', { name, exact: true }).isEnabled()).resolves.toBe(true);
    }
  });

  it('search and replace: prompt + "What to find", its grow mask from the catalog; the result is linked', async () => {
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a red sailing boat');
    await page.getByRole('button', { name: 'Search and replace', exact: true }).click();
    const run = page.getByRole('button', { name: 'Run search and replace' });
    await expect(run.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'What to find' }).count()).resolves.toBe(1);
    const grow = page.getByRole('slider', { name: 'Grow mask' });
    // The catalog's range and default for search and replace: 0–20, 3.
    expect([await grow.getAttribute('min'), await grow.getAttribute('max')]).toEqual(['0', '20']);
    await expect(grow.inputValue()).resolves.toBe('3');
    await page.getByRole('textbox', { name: 'What to find' }).fill('the blue square');
    await grow.fill('6');
    // Price from the catalog, as every edit shows it.
    await expect(page.locator('.edit-summary').textContent()).resolves.toMatch(/\$0\.07/);
    await screenshot(page, 'edit-services-search-replace');
    const { jobId } = await runAndWait('search and replace');
    const job = env.harness.studio.getJob(jobId);
    expect(job).toMatchObject({
      modelId: 'stability.stable-image-search-replace-v1:0',
      invokeId: 'us.stability.stable-image-search-replace-v1:0',
      region: 'us-east-1',
      params: { task: 'search-replace', prompt: 'a red sailing boat' },
    });
    expect(job.request).toMatchObject({ search_prompt: 'the blue square', grow_mask: 6, image: `<image:${sourceId}>` });
  });

  it('style transfer: the style image is chosen from the canvas, strengths from the catalog', async () => {
    await selectImage(sourceId);
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('');
    await page.getByRole('button', { name: 'Style transfer', exact: true }).click();
    const run = page.getByRole('button', { name: 'Run style transfer' });
    await expect(run.isDisabled()).resolves.toBe(true);
    await page.getByRole('combobox', { name: 'Style image' }).selectOption({ label: `Image ${styleId} (384×384)` });
    const change = page.getByRole('slider', { name: 'Change strength' });
    expect(await change.getAttribute('min')).toBe('0.1');
    await page.getByRole('slider', { name: 'Style strength' }).fill('0.8');
    await expect(page.locator('.edit-summary').textContent()).resolves.toMatch(/\$0\.08/);
    await screenshot(page, 'edit-services-style-transfer');
    const { jobId } = await runAndWait('style transfer');
    const job = env.harness.studio.getJob(jobId);
    expect(job.params).toMatchObject({ task: 'style-transfer', styleImageId: styleId });
    expect(job.request).toMatchObject({
      init_image: `<image:${sourceId}>`,
      style_image: `<image:${styleId}>`,
      style_strength: 0.8,
      composition_fidelity: 0.9,
      change_strength: 0.9,
    });
  });

  it('control sketch: a sketch drawn over the image is the control image, stored and linked to the image', async () => {
    await selectImage(sourceId);
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a castle on a hill');
    await page.getByRole('button', { name: 'Control sketch', exact: true }).click();
    await page.getByRole('slider', { name: 'Control strength' }).fill('0.5');
    await page.getByRole('button', { name: 'Draw sketch' }).click();
    const run = page.getByRole('button', { name: 'Run control sketch' });
    await expect(run.isDisabled()).resolves.toBe(true);
    await drawAcrossSelection();
    await expect(page.getByRole('button', { name: 'Clear sketch' }).isEnabled()).resolves.toBe(true);
    await screenshot(page, 'edit-services-sketch');
    const { studio } = env.harness;
    const before = new Set(studio.listJobs({ statuses: ['succeeded'] }).map((j) => j.id));
    const items = await canvasItems();
    await run.click();
    await expect.poll(canvasItems, { timeout: 20_000 }).toBe(items + 1);
    const job = studio.listJobs({ statuses: ['succeeded'] }).find((j) => !before.has(j.id))!;
    const sketch = studio.getImage(job.params.initImageId ?? '');
    expect(sketch).toMatchObject({ parentImageId: sourceId, width: 512, height: 512, metadata: { kind: 'sketch' } });
    // Black lines on white, as drawn.
    const stats = await sharp(studio.library.store.absolute(sketch.path)).stats();
    expect(stats.channels[0]).toMatchObject({ min: 0, max: 255 });
    expect(stats.channels[0]!.mean).toBeGreaterThan(200);
    expect(job).toMatchObject({
      sourceImageId: sketch.id,
      params: { task: 'control-sketch', extra: { control_strength: 0.5 } },
    });
    expect(studio.getImage(job.imageId ?? '').parentImageId).toBe(sketch.id);
  });

  it('the style preset picker shows where Bedrock takes style_preset, and nowhere else', async () => {
    await selectImage(sourceId);
    const preset = page.getByRole('combobox', { name: 'Edit style preset' });
    const expected: [string, boolean][] = [
      ['Inpaint', true],
      ['Outpaint', true],
      ['Search and recolor', true],
      ['Control sketch', true],
      ['Control structure', false],
      ['Style guide', false],
      ['Search and replace', false],
    ];
    for (const [task, shown] of expected) {
      await page.getByRole('button', { name: task, exact: true }).click();
      await expect(preset.count(), task).resolves.toBe(shown ? 1 : 0);
    }
    await page.getByRole('button', { name: 'Search and recolor', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'What to recolor' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Control sketch', exact: true }).click();
    const control = page.getByRole('slider', { name: 'Control strength' });
    expect([await control.getAttribute('min'), await control.getAttribute('max')]).toEqual(['0', '1']);
    await page.getByRole('button', { name: 'Style guide', exact: true }).click();
    await expect(page.getByRole('slider', { name: 'Fidelity' }).count()).resolves.toBe(1);
    await expect(page.getByRole('combobox', { name: 'Edit aspect ratio' }).count()).resolves.toBe(1);
    // Each service's fields are labelled and readable (axe: no serious or critical violation in the bar).
    for (const task of ['Style guide', 'Search and recolor', 'Style transfer']) {
      await openEdit(task);
      expect(await seriousAxeViolations(page, '.edit-panel'), task).toEqual([]);
    }
  });

  it('fits a 1024 px window: the bar and its Run button stay on screen (screenshots at 1024, 1280, 1440)', async () => {
    await openEdit('Style transfer');
    for (const width of [1024, 1280, 1440]) {
      await page.setViewportSize({ width, height: 768 });
      const panel = page.getByRole('region', { name: 'Edit image' });
      const box = await panel.boundingBox();
      expect(box && box.x + box.width, `${width}`).toBeLessThanOrEqual(width);
      const runBox = await page.getByRole('button', { name: 'Run style transfer' }).boundingBox();
      expect(runBox && runBox.x + runBox.width, `${width}`).toBeLessThanOrEqual(width);
      expect(runBox && runBox.y + runBox.height, `${width}`).toBeLessThanOrEqual(768);
      await screenshot(page, `edit-services-${width}`);
    }
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
