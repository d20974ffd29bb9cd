// The Spend view's uncertain charges in Chromium through the bridge, against the real studio and the
// emulator of today's Bedrock: an image job, a chat turn and two video segments cancelled while
// Bedrock had them are listed together, each saying what it was ("Chat turn 1 in …", "Video
// segment 2 of 3 …"); Confirm charge and Dismiss settle each once (the ledger moves by exactly its
// amount). Screenshots at 1024, 1280 and 1440 px in test-artifacts/.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src-shared/money.ts';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge2026 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';
import { openStudio, waitUntil } from './helpers/wait.ts';

const BUCKET = 'easel-videos';
const CORE = 'stability.stable-image-core-v1:1';
let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;
let files: string;

const card = () => page.getByRole('region', { name: 'Uncertain charges' });
const rows = () => card().locator('tbody tr');
const row = (label: string | RegExp) => rows().filter({ hasText: label });

async function widths(name: string): Promise<void> {
  for (const width of [1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function images(studio: Studio, colours: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, colour] of colours.entries()) {
    const file = path.join(files, `still-${i}.png`);
    await writeFile(
      file,
      await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
        .png()
        .toBuffer(),
    );
    paths.push(file);
  }
  return (await studio.importFiles(paths)).map((r) => r.imageId ?? '');
}

/** An image job, a chat turn and a three-segment path (two started), each cancelled at Bedrock. */
async function leaveUncertainSpend(studio: Studio): Promise<void> {
  const ids = await images(studio, ['#203080', '#c04020', '#20a040', '#a0a020']);
  env.harness.emulator.configure({ latencyMs: 3_000 });
  const waiting = env.harness.nextUpdate((u) => u.job.status === 'waiting');
  const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a lighthouse in fog', count: 1 });
  await waiting;
  studio.cancel(jobs[0]?.id ?? '');
  await studio.whenIdle();

  let sendingId = '';
  const off = studio.onEvent((e) => {
    if (e.name === 'chat.turn' && e.payload.turn.status === 'sending') sendingId = e.payload.turn.id;
  });
  const pending = studio.chat('add a red boat in the harbour', { imageId: ids[0] ?? '' });
  await waitUntil(async () => sendingId !== '', { what: 'the chat turn to be sending' });
  studio.cancelChatTurn(sendingId);
  await pending;
  off();
  env.harness.emulator.configure({ latencyMs: 0 });

  studio.library.settings.set('jobs.concurrency', 2);
  const video = await studio.startVideo({
    imageIds: ids,
    cameras: ['push-in', 'orbit-left', 'crane-up'],
    prompt: 'a harbour at dawn, boats drifting',
    duration: '5s',
    resolution: '540p',
    aspectRatio: '16:9',
    loop: false,
  });
  const running = () => studio.getVideo(video.id).segments.filter((s) => s.status === 'running').length;
  await waitUntil(async () => running() === 2, { timeoutMs: 20_000, what: 'two segments running' });
  await studio.cancelVideo(video.id);
}

beforeAll(async () => {
  files = await mkdtemp(path.join(tmpdir(), 'easel-spend-uncertain-'));
  // A 5 s segment runs for 20 s at the emulator: long enough to cancel it while Bedrock has it.
  env = await startStudioBridge2026({
    emulator: { previewAccess: true, videoSeconds: 20 },
    env: { EASEL_VIDEO_POLL_MS: '50' },
  });
  env.harness.emulator.createBucket(BUCKET, 'us-west-2');
  env.harness.studio.library.settings.set('video.outputBucket', `s3://${BUCKET}/renders`);
  await leaveUncertainSpend(env.harness.studio);
  browser = await launchChromium();
  page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  await openStudio(page, env.bridge.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

describe('uncertain charges in Spend', () => {
  it('lists the image job, the chat turn and each started video segment, saying what each was', async () => {
    const { studio } = env.harness;
    const listed = studio.uncertainSpend();
    expect(listed.map((e) => e.kind)).toEqual(['job', 'chat-turn', 'video-segment', 'video-segment']);
    await page.getByRole('tab', { name: 'Spend', exact: true }).click();
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(4);
    const videoJob = listed[2]?.videoJobId;
    expect(await rows().locator('.spend-label').allTextContents()).toEqual([
      listed[0]?.label,
      expect.stringMatching(/^Chat turn 1 in /),
      `Video segment 1 of 3 (video ${videoJob})`,
      `Video segment 2 of 3 (video ${videoJob})`,
    ]);
    await expect(row(/^.*Chat turn 1/).textContent()).resolves.toContain('add a red boat in the harbour');
    for (const entry of listed)
      await expect(row(entry.label).textContent()).resolves.toContain(formatUsd(entry.microUsd));
    const total = listed.reduce((sum, e) => sum + e.microUsd, 0);
    expect(await page.getByLabel('Uncertain', { exact: true }).textContent()).toBe(formatUsd(total));
    // Each row's buttons are a group named by what it settles.
    await expect(page.getByRole('group', { name: listed[1]?.label }).getByRole('button').count()).resolves.toBe(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await widths('spend-uncertain');
  });

  it('Confirm charge and Dismiss settle each once: the ledger moves by exactly its amount', async () => {
    const { studio } = env.harness;
    const [job, turn, first, second] = studio.uncertainSpend();
    if (!job || !turn || !first || !second) throw new Error('expected four entries');
    const before = studio.spendSummary();

    await page.getByRole('group', { name: turn.label }).getByRole('button', { name: 'Confirm charge' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(studio.spendSummary()).toMatchObject({
      totalMicroUsd: before.totalMicroUsd + turn.microUsd,
      uncertainMicroUsd: before.uncertainMicroUsd - turn.microUsd,
    });
    expect(studio.library.chat.turn(turn.id).priceMicroUsd).toBe(turn.microUsd);

    await page.getByRole('group', { name: first.label }).getByRole('button', { name: 'Confirm charge' }).click();
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByRole('group', { name: second.label }).getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('group', { name: job.label }).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => card().count()).toBe(0);
    const after = studio.spendSummary();
    expect(after).toMatchObject({
      uncertainMicroUsd: 0,
      totalMicroUsd: before.totalMicroUsd + turn.microUsd + first.microUsd,
    });
    expect(studio.getVideo(first.videoJobId ?? '').chargedMicroUsd).toBe(first.microUsd);
    await expect
      .poll(() => page.getByLabel('All time', { exact: true }).textContent())
      .toBe(formatUsd(after.totalMicroUsd));
    // Settled means settled: the same settle again is refused, nothing counted twice.
    expect(() => studio.settleUncertain('chat-turn', turn.id, { billed: true })).toThrow(/already settled/);
    expect(studio.spendSummary()).toEqual(after);
    await screenshot(page, 'spend-uncertain-settled');
    // The Queue no longer offers to settle the path its segments belonged to.
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
    await page.getByRole('tab', { name: /^Queue/ }).click();
    const path = page.locator(`[data-video-job-id="${first.videoJobId}"]`);
    await expect.poll(() => path.textContent(), { timeout: 10_000 }).toContain('Settled.');
    expect(await path.getByRole('button', { name: 'Billed' }).count()).toBe(0);
    await screenshot(page, 'spend-uncertain-queue');
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
