// Issue 14, "a newcomer's first hour", the studio's items, in Chromium at 1280×800 and 1440×900
// against the real Studio and the Bedrock emulator: the top bar fits (and at 1024 px), the CFG
// field takes every model default and the button and Ctrl+Enter agree, a locked seed with
// Images = 3 gives seeds 42, 43, 44 (shown before running), refusals point at Spend and appear
// once, then clear; History shows thumbnails and models and restores with an Undo; Settings offers
// text-to-image models only and refuses a bad default size. With no AWS configuration at all, the
// welcome screen names that first with "Try demo mode" as its primary action, and Generate says so
// (not "no region"). Screenshots go to test-artifacts/.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/core/studio/index.ts';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { hostFromStudio } from '../../src-main/electron/studio-host.ts';
import { findModel } from '../../src-shared/models/index.ts';
import { startBridge } from '../bridge/bridge.ts';
import type { Bridge } from '../bridge/bridge.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { rendererBuild } from './helpers/renderer.ts';
import { startStudioBridge2025 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';
import { waitUntil } from './helpers/wait.ts';

const TITAN = 'amazon.titan-image-generator-v2:0';
const NOVA = 'amazon.nova-canvas-v1:0';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

async function invoke(page: Page, channel: string, payload: unknown): Promise<unknown> {
  return page.evaluate(
    async ([c, p]) => {
      const easel = (globalThis as unknown as { easel: { invoke(c: string, p: unknown): Promise<unknown> } }).easel;
      return easel.invoke(c as string, p);
    },
    [channel, payload] as const,
  );
}

/** Every box fully inside the viewport's width, and its text not cut (no overflow). */
async function outsideOrClipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) => {
    return elements.flatMap((el) => {
      const width = el.ownerDocument.documentElement.clientWidth;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return [];
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
      const problems: string[] = [];
      if (box.left < 0 || box.right > width) problems.push(`${name}: outside (${box.left}–${box.right} of ${width})`);
      if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'SELECT')
        problems.push(`${name}: text cut (${el.scrollWidth} > ${el.clientWidth})`);
      return problems;
    });
  });
}

const TOP_BAR_ITEMS = '.top-bar button, .top-bar select, .top-bar [role="status"], .top-bar .badge, .top-bar .spend';

describe.each(VIEWPORTS)('the first hour at $width×$height', (viewport) => {
  let env: StudioBridge;
  let browser: LaunchedBrowser;
  let page: Page;
  const shot = (name: string) => screenshot(page, `first-hour-${viewport.width}-${name}`);
  const prompt = () => page.getByRole('textbox', { name: 'Prompt', exact: true });
  const model = () => page.getByRole('combobox', { name: 'Model' });

  beforeAll(async () => {
    env = await startStudioBridge2025();
    browser = await launchChromium();
    page = browser.page;
    await page.setViewportSize(viewport);
    await page.goto(env.bridge.url);
    await prompt().waitFor();
    await waitUntil(async () => (await model().inputValue()) !== '', { what: 'the model list' });
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('CFG takes every model default; the button and Ctrl+Enter behave the same', async () => {
    for (const [modelId, cfg] of [
      [TITAN, '8'],
      [NOVA, '6.5'],
    ] as const) {
      expect(String(findModel(modelId)?.limits.cfgScale?.default)).toBe(cfg);
      await model().selectOption(modelId);
      const field = page.getByRole('spinbutton', { name: 'CFG scale' });
      expect(await field.inputValue()).toBe(cfg);
      expect(await field.evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(
        true,
      );
      await prompt().fill(`a harbour at cfg ${cfg}`);
      const before = (await env.harness.studio.listJobs({})).length;
      await page.getByRole('button', { name: 'Generate' }).click();
      await expect.poll(async () => (await env.harness.studio.listJobs({})).length).toBe(before + 1);
      const [job] = await env.harness.studio.listJobs({ limit: 1 });
      expect(job?.params.cfgScale ?? findModel(modelId)?.limits.cfgScale?.default).toBe(Number(cfg));
    }
    // A value between the old 0.5 steps is taken too; one the model refuses stops both paths.
    const field = page.getByRole('spinbutton', { name: 'CFG scale' });
    // Polled: the button is also disabled for a moment while the previous Generate is submitted.
    await field.fill('7.3');
    await expect.poll(() => page.getByRole('button', { name: 'Generate' }).isEnabled()).toBe(true);
    await field.fill('11');
    await expect.poll(() => page.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
    const before = env.harness.emulator.invocations();
    const jobs = (await env.harness.studio.listJobs({})).length;
    await prompt().press('Control+Enter');
    await page.waitForTimeout(300);
    expect((await env.harness.studio.listJobs({})).length).toBe(jobs);
    expect(env.harness.emulator.invocations()).toBe(before);
    await shot('cfg-refused');
    await field.fill('6.5');
    await prompt().press('Control+Enter');
    await expect.poll(async () => (await env.harness.studio.listJobs({})).length).toBe(jobs + 1);
  });

  it('a locked seed with Images = 3 shows and uses seeds 42, 43, 44', async () => {
    await model().selectOption(TITAN);
    await page.getByRole('textbox', { name: 'Seed' }).fill('42');
    await page.getByRole('switch', { name: 'Lock seed' }).check();
    await page.getByRole('spinbutton', { name: 'Images' }).fill('3');
    await prompt().fill('three lighthouses');
    expect(await page.getByTestId('seed-plan').textContent()).toBe('Seeds 42, 43, 44');
    // Beside the price too, in view without scrolling the panel.
    expect(await page.getByTestId('run-seeds').textContent()).toBe('Seeds 42, 43, 44');
    expect(await page.getByTestId('run-seeds').isVisible()).toBe(true);
    await shot('seed-plan');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect
      .poll(async () => (await env.harness.studio.listJobs({})).filter((j) => j.params.prompt === 'three lighthouses'))
      .toHaveLength(3);
    await env.harness.studio.whenIdle();
    const jobs = (await env.harness.studio.listJobs({})).filter((j) => j.params.prompt === 'three lighthouses');
    expect(jobs.map((j) => j.seed).sort()).toEqual([42, 43, 44]);
    expect(new Set(jobs.map((j) => j.imageId)).size).toBe(3);
    await page.getByRole('spinbutton', { name: 'Images' }).fill('1');
    await page.getByRole('switch', { name: 'Lock seed' }).uncheck();
  });

  it('a budget refusal points at Spend, appears once, and clears when its cause is gone', async () => {
    await invoke(page, 'budgets.set', { period: 'day', limitMicroUsd: 1, hard: true });
    await page.reload();
    await waitUntil(async () => (await model().inputValue()) !== '', { what: 'the model list' });
    await prompt().fill('an expensive sunset');
    await page.getByRole('spinbutton', { name: 'Images' }).fill('2');
    await page.getByRole('button', { name: 'Generate' }).click();
    const refusal = page.getByText(/hard budget/);
    await refusal.first().waitFor();
    expect(await refusal.count()).toBe(1);
    const text = (await refusal.textContent()) ?? '';
    expect(text).toMatch(/in Spend/);
    expect(text).not.toMatch(/Settings/);
    await shot('budget-refused');
    // Fewer images: the request changed, the refusal no longer describes it.
    await page.getByRole('spinbutton', { name: 'Images' }).fill('1');
    await expect.poll(() => refusal.count()).toBe(0);
    // Refused again, then the budget is lifted: cleared without touching the form.
    await page.getByRole('button', { name: 'Generate' }).click();
    await refusal.first().waitFor();
    await invoke(page, 'budgets.set', { period: 'day', limitMicroUsd: null });
    await page.getByRole('tab', { name: 'Spend', exact: true }).click();
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
    await expect.poll(() => refusal.count(), { timeout: 10_000 }).toBe(0);
  });

  it('History shows each prompt with its thumbnail and model; restoring replaces the prompt with an Undo', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    const entry = page.getByRole('button', { name: /^three lighthouses/ }).first();
    await entry.waitFor();
    const thumb = entry.locator('img.prompt-thumb');
    await expect
      .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await entry.textContent()).toContain(findModel(TITAN)?.label ?? '—');
    await prompt().fill('my unsaved idea');
    await entry.click();
    await expect.poll(() => prompt().inputValue()).toBe('three lighthouses');
    expect(await page.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('42');
    await shot('history-restored');
    await page.getByRole('button', { name: 'Undo restore' }).click();
    expect(await prompt().inputValue()).toBe('my unsaved idea');
    expect(await page.getByRole('button', { name: 'Undo restore' }).count()).toBe(0);
  });

  it('Settings: text-to-image models only as the default; a bad default size is refused', async () => {
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    const options = await page
      .getByRole('combobox', { name: 'Default model' })
      .locator('option')
      .evaluateAll((els) => els.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== ''));
    const { value } = (await invoke(page, 'models.list', {})) as {
      value: { models: { id: string; tasks: string[] }[] };
    };
    const { models } = value;
    const textToImage = models.filter((m) => m.tasks.includes('text-to-image')).map((m) => m.id);
    expect(models.length).toBeGreaterThan(textToImage.length);
    expect(options.sort()).toEqual(textToImage.sort());
    const size = page.getByRole('textbox', { name: 'Default size' });
    await size.fill('banana');
    await size.blur();
    await page.getByRole('alert').filter({ hasText: 'WIDTHxHEIGHT' }).waitFor();
    expect(await size.getAttribute('aria-invalid')).toBe('true');
    await shot('settings-bad-size');
    expect(env.harness.studio.settings()['defaults.size']).toBe('');
    await size.fill('768x768');
    await size.press('Enter');
    await expect.poll(() => env.harness.studio.settings()['defaults.size']).toBe('768x768');
    expect(await page.getByRole('alert').filter({ hasText: 'WIDTHxHEIGHT' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
  });

  it('top bar: every control inside the window and legible, in both themes, and at 1024 px', async () => {
    await invoke(page, 'budgets.set', { period: 'day', limitMicroUsd: 1, hard: false });
    await page.reload();
    await page.locator('.top-bar [role="status"]').waitFor();
    for (const theme of ['dark', 'light'] as const) {
      const toggle = page.getByRole('button', { name: theme === 'dark' ? 'Use light theme' : 'Use dark theme' });
      const box = await toggle.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      expect(await outsideOrClipped(page, TOP_BAR_ITEMS)).toEqual([]);
      expect(await page.getByTestId('app-version').textContent()).toMatch(/Demo/);
      await shot(`topbar-${theme}`);
      await toggle.click();
    }
    await page.setViewportSize({ width: 1024, height: 768 });
    for (const theme of ['dark', 'light'] as const) {
      expect(await outsideOrClipped(page, TOP_BAR_ITEMS)).toEqual([]);
      await screenshot(page, `first-hour-1024-topbar-${theme}-from-${viewport.width}`);
      await page.getByRole('button', { name: theme === 'dark' ? 'Use light theme' : 'Use dark theme' }).click();
    }
    await page.getByRole('button', { name: /^AWS / }).click();
    await page.getByRole('combobox', { name: 'Profile' }).waitFor();
    expect(await outsideOrClipped(page, '.session-menu select, .session-menu')).toEqual([]);
    await screenshot(page, `first-hour-1024-topbar-menu-from-${viewport.width}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile' }).count()).toBe(0);
    expect(await seriousAxeViolations(page, '.top-bar')).toEqual([]);
    await page.setViewportSize(viewport);
    await invoke(page, 'budgets.set', { period: 'day', limitMicroUsd: null });
  });

  it('no console problems and no secrets', () => {
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});

describe.each(VIEWPORTS)('first run with no AWS configuration at $width×$height', (viewport) => {
  let home: string;
  let studio: Studio;
  let bridge: Bridge;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'easel-home-'));
    studio = createStudio({
      dataDir: path.join(home, 'data'),
      env: {
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      },
    });
    const host = hostFromStudio(studio, { startDemo: () => true });
    bridge = await startBridge({
      handlers: host.handlers,
      subscribe: (l) => host.subscribe(l),
      resolveImage: host.resolveImage,
      libraryRoot: host.libraryRoot,
      rendererDir: await rendererBuild(),
    });
    browser = await launchChromium();
    await browser.page.setViewportSize(viewport);
    await browser.page.goto(bridge.url);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await studio?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('names the cause first and makes "Try demo mode" the primary action', async () => {
    const { page } = browser;
    const welcome = page.getByRole('region', { name: 'Welcome' });
    await welcome.waitFor();
    const text = (await welcome.textContent()) ?? '';
    expect(text.indexOf('No AWS configuration was found')).toBeGreaterThan(-1);
    expect(text.indexOf('No AWS configuration was found')).toBeLessThan(text.indexOf('aws configure'));
    const demo = page.getByRole('button', { name: 'Try demo mode', exact: true });
    expect(await demo.evaluate((el) => el.classList.contains('primary'))).toBe(true);
    const primaries = await welcome.locator('button.primary, button.btn-primary').allTextContents();
    expect(primaries).toEqual(['Try demo mode']);
    await screenshot(page, `first-hour-${viewport.width}-welcome`);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('Generate without AWS says there is no AWS configuration, not "no region"', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Continue without AWS' }).click();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a first picture');
    await page.getByRole('button', { name: 'Generate' }).click();
    const alert = page.locator('.run-error[role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('no-aws-config');
    expect(await alert.textContent()).toMatch(/^No AWS configuration found/);
    expect(await alert.textContent()).not.toMatch(/no region/i);
    await screenshot(page, `first-hour-${viewport.width}-no-aws-generate`);
    expect(browser.problems.filter((p) => !p.includes('http'))).toEqual([]);
  });
});
