// Issue 10: "a new user whose profile is in us-east-1 generates on the first try", against the
// emulator of today's Bedrock (2026: text-to-image only in us-west-2, no BEDROCK_2025). A fresh data
// folder, the harness's [default] profile in us-east-1, the model the prompt panel picks by itself:
// one click on Generate makes an image, called in us-west-2 with the default "Regions Easel may call".
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge2026 } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';
import { openStudio } from './helpers/wait.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  env = await startStudioBridge2026();
  browser = await launchChromium();
  page = browser.page;
  await openStudio(page, env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('first run on the Bedrock of 2026, profile in us-east-1', () => {
  it('generates on the first try with the model the panel picks', async () => {
    const picked = await page.locator('select[data-testid="models"]').inputValue();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a lighthouse at dusk');
    await page.getByRole('button', { name: 'Generate' }).click();
    const canvasItems = async () =>
      Number(await page.getByRole('region', { name: 'Canvas' }).getAttribute('data-items'));
    await expect.poll(canvasItems, { timeout: 20_000 }).toBe(1);
    const jobs = env.harness.studio.listJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'succeeded', modelId: picked, region: 'us-west-2', invokeId: picked });
    expect(env.harness.emulator.billing().map((b) => b.region)).toEqual(['us-west-2']);
    env.secrets.assertNoSecrets();
    await screenshot(page, 'first-run-2026');
  });
});
