// Issue 10, "Regions that just work", in Chromium against the emulator of today's Bedrock (2026):
// a profile in us-east-1 whose "Regions Easel may call" leave out us-west-2 (where every
// text-to-image model runs) sees the prompt panel's region notice, clicks "Use us-west-2" and
// generates there; the Settings card "Regions Easel may call" shows and edits the setting.
// Screenshots at 1024, 1280 and 1440 px.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge2026 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

const WIDTHS = [1024, 1280, 1440] as const;

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  env = await startStudioBridge2026();
  await env.harness.studio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: ['us-east-2'] });
  browser = await launchChromium();
  page = browser.page;
  await page.goto(env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const allowed = async () => (await env.harness.studio.handlers['settings.get']({})).settings['bedrock.allowedRegions'];

async function shots(name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await screenshot(page, `${name}-${width}`);
  }
}

describe('a us-east-1 profile that may not call us-west-2', () => {
  it('sees why no text-to-image model is offered, and one click on "Use us-west-2" fixes it', async () => {
    const notice = page.getByRole('note', { name: 'Region notice' });
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain(
      'Text-to-image models run in us-west-2, which Easel may not call for this profile (its region is us-east-1).',
    );
    // Nothing that cannot run is offered: the picker (still named "Model") has no enabled choice.
    const picker = page.getByRole('combobox', { name: 'Model', exact: true });
    expect(await picker.locator('option:not([disabled])').evaluateAll((o) => o.map((x) => x.textContent))).toEqual([
      'No models available',
    ]);
    await shots('regions-notice');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Use us-west-2', exact: true }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await allowed()).toEqual(['us-east-2', 'us-west-2']);
    const picked = await picker.inputValue();
    expect(picked).toMatch(/^stability\./);

    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a lighthouse at dusk');
    await page.getByRole('button', { name: 'Generate' }).click();
    const canvasItems = async () =>
      Number(await page.getByRole('region', { name: 'Canvas' }).getAttribute('data-items'));
    await expect.poll(canvasItems, { timeout: 20_000 }).toBe(1);
    expect(env.harness.studio.listJobs()[0]).toMatchObject({
      status: 'succeeded',
      modelId: picked,
      region: 'us-west-2',
      invokeId: picked,
    });
    expect(env.harness.emulator.billing().map((b) => b.region)).toEqual(['us-west-2']);
    await shots('regions-fixed');
    env.secrets.assertNoSecrets();
  });
});

describe('Settings: "Regions Easel may call"', () => {
  it('shows the regions, the profile region always on, the default in words, and resets to it', async () => {
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    const card = page.getByRole('region', { name: 'Regions Easel may call' });
    await card.waitFor();
    expect(await card.textContent()).toContain("your profile's region plus us-west-2 for image models");
    const box = (region: string) => card.getByRole('checkbox', { name: region });
    expect(await box('us-east-1').isChecked()).toBe(true);
    expect(await box('us-east-1').isDisabled()).toBe(true);
    expect(await box('us-east-2').isChecked()).toBe(true);
    expect(await box('us-west-2').isChecked()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await shots('settings-regions');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Reset to default' }).click();
    await expect.poll(allowed).toBeNull();
    expect(await box('us-east-2').isChecked()).toBe(false);
    expect(await box('us-west-2').isChecked()).toBe(true);

    // Unticking us-west-2 is saved (main validates it) and the prompt panel says so again.
    await box('us-west-2').uncheck();
    await expect.poll(allowed).toEqual([]);
    await box('eu-west-1').check();
    await expect.poll(allowed).toEqual(['eu-west-1']);
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
    await page.getByRole('note', { name: 'Region notice' }).waitFor();
  });
});
