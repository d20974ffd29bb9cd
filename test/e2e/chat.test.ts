// Talk to your image, in Chromium through the bridge, against the real studio and the emulator of
// today's Bedrock (Nova 2 Omni with preview access): three turns on a canvas image, each reply
// placed next to its source and linked to it; the thread restored after a reload; a branch from
// turn 1; cancel mid-turn. Screenshots at 1440, 1280 and 1024 px in test-artifacts/.
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
import { openStudio } from './helpers/wait.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;
let dropRoot: string;
let sourceId = '';

const canvas = () => page.getByRole('region', { name: 'Canvas' });
const canvasItems = async () => Number(await canvas().getAttribute('data-items'));
const conversation = () => page.getByRole('list', { name: 'Conversation' });
const turnsShown = () => conversation().getByRole('listitem').count();

/** A lighthouse-ish source: a blue sky over a dark sea with a white tower. */
async function sourcePng(): Promise<Buffer> {
  const sea = await sharp({ create: { width: 640, height: 160, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  const tower = await sharp({ create: { width: 60, height: 220, channels: 3, background: '#f4f4f4' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#5aa0e6' } })
    .composite([
      { input: sea, left: 0, top: 320 },
      { input: tower, left: 400, top: 130 },
    ])
    .png()
    .toBuffer();
}

/** Drops the source on the canvas (the bridge finds a dropped file by its name under dropRoot). */
async function dropSource(): Promise<void> {
  const png = await sourcePng();
  await sharp(png).toFile(path.join(dropRoot, 'lighthouse.png'));
  const bytes = [...png];
  await canvas().evaluate((el, data) => {
    const w = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: File): void } };
      DragEvent: new (type: string, init: object) => Event;
    };
    const dt = new w.DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'lighthouse.png', { type: 'image/png' }));
    const box = el.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: box.x + 200, clientY: box.y + 200 };
    el.dispatchEvent(new w.DragEvent('dragover', at));
    el.dispatchEvent(new w.DragEvent('drop', at));
  }, bytes);
}

async function send(text: string): Promise<void> {
  const before = await turnsShown();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(turnsShown, { timeout: 20_000 }).toBe(before + 1);
  await expect
    .poll(() => conversation().locator('li').last().getAttribute('data-status'), { timeout: 20_000 })
    .not.toBe('sending');
}

async function selectImage(imageId: string): Promise<void> {
  await page.getByRole('tab', { name: 'Layers' }).click();
  await page
    .getByRole('listbox', { name: 'Layers' })
    .getByRole('option', { name: new RegExp(`Image ${imageId}\\b`) })
    .click();
  await expect.poll(() => canvas().getAttribute('data-selected')).toBe('1');
}

async function shots(name: string): Promise<void> {
  for (const width of [1440, 1280, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

beforeAll(async () => {
  dropRoot = await mkdtemp(path.join(tmpdir(), 'easel-chat-drop-'));
  env = await startStudioBridge2026({ dropRoot, emulator: { previewAccess: true } });
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStudio(page, env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
  if (dropRoot) await rm(dropRoot, { recursive: true, force: true });
});

describe('talk to your image', () => {
  it('three turns on a canvas image: each reply lands next to its source, linked to it', async () => {
    await dropSource();
    await expect.poll(canvasItems, { timeout: 10_000 }).toBe(1);
    sourceId = env.harness.studio.listImages({ limit: 5 }).images[0]?.id ?? '';
    await page.getByRole('button', { name: 'Chat', exact: true }).click();
    await expect(conversation().isVisible()).resolves.toBe(true);
    await send('make the sky stormy, keep the lighthouse');
    await expect.poll(canvasItems).toBe(2);
    await send('add seagulls over the sea');
    await send('now a warm orange sunset');
    await expect.poll(canvasItems).toBe(4);
    const [thread] = env.harness.studio.chatThreads({ imageId: sourceId });
    const turns = env.harness.studio.chatThread(thread?.id ?? '').turns;
    expect(turns.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Each turn edits the previous reply; each reply image's parent is what its turn edited.
    expect(turns.map((t) => t.sourceImageId)).toEqual([sourceId, turns[0]?.imageIds[0], turns[1]?.imageIds[0]]);
    for (const turn of turns)
      expect(env.harness.studio.getImage(turn.imageIds[0] ?? '').parentImageId).toBe(turn.sourceImageId);
    // The replies are shown (text and image) with what they cost; the ledger matches the emulator's bill.
    await expect(conversation().getByRole('img').count()).resolves.toBe(3);
    await expect(conversation().getByText('Edited the image: add seagulls over the sea').isVisible()).resolves.toBe(
      true,
    );
    const billed = env.harness.emulator.billing().reduce((s, b) => s + b.priceMicroUsd, 0);
    expect(env.harness.studio.spendSummary().totalMicroUsd).toBe(billed);
    await shots('chat-three-turns');
  });

  it('after a reload the thread comes back when the chat opens on an image of it', async () => {
    // The canvas autosaves: reload once its four images are stored.
    const saved = () =>
      env.harness.studio.listCanvases().reduce((n, c) => n + env.harness.studio.getCanvas(c.id).items.length, 0);
    await expect.poll(saved, { timeout: 10_000 }).toBe(4);
    await openStudio(page, env.bridge.url);
    await expect.poll(canvasItems, { timeout: 10_000 }).toBe(4);
    await selectImage(sourceId);
    await shots('chat-reloaded');
    await page.getByRole('button', { name: 'Chat', exact: true }).click();
    await expect.poll(turnsShown).toBe(3);
    await expect(conversation().locator('.chat-user').first().textContent()).resolves.toContain(
      'make the sky stormy, keep the lighthouse',
    );
    await expect(conversation().getByRole('img').count()).resolves.toBe(3);
  });

  it('a branch from turn 1 continues from its image, beside it on the canvas', async () => {
    await conversation().getByRole('listitem').first().getByRole('button', { name: 'Branch from here' }).click();
    await expect(page.getByText('Continuing from turn 1').isVisible()).resolves.toBe(true);
    await shots('chat-branch-pending');
    await send('make it a snowy night instead');
    await expect.poll(canvasItems).toBe(5);
    const [thread] = env.harness.studio.chatThreads({ imageId: sourceId });
    const turns = env.harness.studio.chatThread(thread?.id ?? '').turns;
    const branch = turns.at(-1);
    expect(branch).toMatchObject({ parentTurnId: turns[0]?.id, number: 2, sourceImageId: turns[0]?.imageIds[0] });
    await expect(conversation().getByText('branch of turn 1').isVisible()).resolves.toBe(true);
    await shots('chat-branch');
  });

  it('cancel mid-turn: the turn ends cancelled and nothing lands on the canvas', async () => {
    env.harness.emulator.configure({ latencyMs: 3_000 });
    try {
      const items = await canvasItems();
      await page.getByRole('textbox', { name: 'Message' }).fill('a slow one');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
      await expect.poll(() => cancel.isEnabled(), { timeout: 5_000 }).toBe(true);
      await cancel.click();
      await expect
        .poll(() => conversation().locator('li').last().getAttribute('data-status'), { timeout: 5_000 })
        .toBe('cancelled');
      expect(await canvasItems()).toBe(items);
      await expect(page.getByRole('button', { name: 'Send', exact: true }).isVisible()).resolves.toBe(true);
    } finally {
      env.harness.emulator.configure({ latencyMs: 0 });
    }
  });

  it('a new chat from text makes a picture on the canvas; a filtered turn says so', async () => {
    await page.getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect.poll(turnsShown).toBe(0);
    const items = await canvasItems();
    await send('a lighthouse on a cliff at dusk, orange sky');
    await expect.poll(canvasItems).toBe(items + 1);
    const turn = conversation().locator('li').last();
    await expect(turn.getAttribute('data-status')).resolves.toBe('succeeded');
    env.harness.emulator.configure({ filterWords: ['forbidden'] });
    try {
      await send('something forbidden');
      await expect(conversation().locator('li').last().getAttribute('data-status')).resolves.toBe('filtered');
      await expect(conversation().getByText('content filters').first().isVisible()).resolves.toBe(true);
      expect(await canvasItems()).toBe(items + 1);
      await shots('chat-from-text-filtered');
    } finally {
      env.harness.emulator.configure({ filterWords: [] });
    }
  });
});
