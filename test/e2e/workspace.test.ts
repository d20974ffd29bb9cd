// The studio workspace in Chromium through the bridge, against the real Studio and the Bedrock
// emulator: generate, seed lock (byte-identical images), unlock, history restore, cancel,
// drag-out, budget refusal, filtered and throttled runs. Screenshots go to test-artifacts/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from './helpers/wait.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { startStudioBridge } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;
let page: Page;

const canvasItems = async () => Number(await page.getByRole('region', { name: 'Canvas' }).getAttribute('data-items'));

async function succeededJobs() {
  return env.harness.studio.listJobs({ statuses: ['succeeded'] });
}

async function generateAndWait(prompt: string, expectedItems: number): Promise<void> {
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect.poll(canvasItems, { timeout: 20_000 }).toBe(expectedItems);
}

beforeAll(async () => {
  env = await startStudioBridge();
  browser = await launchChromium();
  page = browser.page;
  await openStudio(page, env.bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('workspace', () => {
  it('boots with the prompt panel, the canvas and the side tabs', async () => {
    for (const name of ['History', 'Layers', 'Queue'])
      await expect(page.getByRole('tab', { name, exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: 'Negative prompt' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: 'Seed' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('switch', { name: 'Lock seed' }).isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('estimate').textContent()).toMatch(/\$|Price unknown/);
    await screenshot(page, 'workspace-empty');
  });

  it('generates: the image appears on the canvas and in the layers list with prompt and seed', async () => {
    await generateAndWait('a lighthouse at dusk, oil painting', 1);
    const [job] = await succeededJobs();
    expect(job?.seed).not.toBeNull();
    await page.getByRole('tab', { name: 'Layers' }).click();
    const entry = page
      .getByRole('listbox', { name: 'Layers' })
      .getByRole('option', { name: new RegExp(`a lighthouse at dusk.*seed ${job?.seed}`) });
    await expect(entry.count()).resolves.toBe(1);
    await screenshot(page, 'workspace-generated');
  });

  it('lock seed + generate twice gives byte-identical images; unlocked gives new seeds', async () => {
    await page.getByRole('textbox', { name: 'Seed' }).fill('424242');
    await page.getByRole('switch', { name: 'Lock seed' }).check();
    await generateAndWait('a red fox in snow', 2);
    await generateAndWait('a red fox in snow', 3);
    const locked = (await succeededJobs()).filter((j) => j.params.prompt === 'a red fox in snow');
    expect(locked.map((j) => j.seed)).toEqual([424242, 424242]);
    const ids = locked.map((j) => j.imageId ?? '');
    const same = await page.evaluate(async (imageIds) => {
      const easel = (globalThis as unknown as { easel: { imageUrl(id: string, v: string): string } }).easel;
      const [a, b] = await Promise.all(
        imageIds.map(async (id) => new Uint8Array(await (await fetch(easel.imageUrl(id, 'full'))).arrayBuffer())),
      );
      return (
        a !== undefined && b !== undefined && a.length > 100 && a.length === b.length && a.every((v, i) => v === b[i])
      );
    }, ids);
    expect(same).toBe(true);

    await page.getByRole('switch', { name: 'Lock seed' }).uncheck();
    await generateAndWait('a red fox in snow, unlocked', 4);
    await generateAndWait('a red fox in snow, unlocked', 5);
    const free = (await succeededJobs()).filter((j) => j.params.prompt === 'a red fox in snow, unlocked');
    expect(free).toHaveLength(2);
    expect(free[0]?.seed).not.toBe(free[1]?.seed);
    await screenshot(page, 'workspace-five-images');
  }, 120_000);

  it('restores every setting of a run from the history', async () => {
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('something else');
    await page.getByRole('tab', { name: 'History' }).click();
    await page
      .getByRole('button', { name: /^a red fox in snow(?!, unlocked)/ })
      .first()
      .click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Prompt', exact: true }).inputValue())
      .toBe('a red fox in snow');
    expect(await page.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('424242');
    expect(await page.getByRole('switch', { name: 'Lock seed' }).isChecked()).toBe(true);
    await screenshot(page, 'workspace-history');
  });

  it('drags the selected image out of the window through startDrag', async () => {
    await page.getByRole('tab', { name: 'Layers' }).click();
    const first = page.getByRole('listbox', { name: 'Layers' }).getByRole('option').first();
    const name = (await first.getAttribute('aria-label')) ?? '';
    await first.click();
    await first.dblclick(); // centres it on the canvas
    const box = await page.getByRole('region', { name: 'Canvas' }).boundingBox();
    if (!box) throw new Error('no canvas box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x - 60, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    const drags = await page.evaluate(
      () => (globalThis as unknown as { __easelDrags?: string[][] }).__easelDrags ?? [],
    );
    const top = (await succeededJobs()).find((j) => name.includes(j.params.prompt) && name.includes(String(j.seed)));
    expect(drags.at(-1)).toEqual([top?.imageId]);
    // The shim posts the drag to the bridge without waiting (like Electron's startDrag message).
    await expect.poll(() => env.bridge.drags.length).toBe(drags.length);
    expect(env.bridge.drags.at(-1)?.imageIds).toEqual([top?.imageId]);
    expect(env.bridge.drags.at(-1)?.item?.file).toMatch(/\.png$/);
  });

  it('cancels a running job from the queue', async () => {
    env.harness.emulator.configure({ latencyMs: 10_000 });
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a slow painting');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByRole('tab', { name: /Queue/ }).click();
    const cancel = page.getByRole('button', { name: /^Cancel job/ }).first();
    await cancel.waitFor();
    await screenshot(page, 'workspace-queue-running');
    await cancel.click();
    await expect.poll(async () => page.locator('.job').first().getAttribute('data-status')).toBe('cancelled');
    env.harness.emulator.configure({ latencyMs: 0 });
    expect(await canvasItems()).toBe(5);
  });

  it('shows content-filtered and throttled runs with their reasons', async () => {
    env.harness.emulator.configure({ filterWords: ['forbidden'] });
    await page.getByRole('switch', { name: 'Lock seed' }).uncheck();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a forbidden fruit');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect
      .poll(async () => page.locator('.job').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('filtered');
    const filteredText = await page.locator('.job').first().textContent();
    expect(filteredText).toMatch(/Filtered/);
    expect(filteredText).toMatch(/filter/i);
    env.harness.emulator.configure({ filterWords: [], throttleRate: 1 });
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('a busy harbour');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect
      .poll(async () => page.locator('.job').first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('failed');
    expect(await page.locator('.job').first().textContent()).toMatch(/throttl|too many|busy|rate/i);
    env.harness.emulator.configure({ throttleRate: 0 });
    await screenshot(page, 'workspace-queue-filtered-throttled');
  }, 90_000);

  it('refuses a run that would pass a hard budget, before sending', async () => {
    await page.evaluate(async () => {
      const easel = (globalThis as unknown as { easel: { invoke(c: string, p: unknown): Promise<unknown> } }).easel;
      await easel.invoke('budgets.set', { period: 'day', limitMicroUsd: 1, hard: true });
    });
    await page.reload();
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('an expensive sunset');
    await expect.poll(async () => (await page.getByRole('combobox', { name: 'Model' }).inputValue()) !== '').toBe(true);
    // InvokeModel calls only: the reload's model discovery (ListFoundationModels,
    // ListInferenceProfiles) may still be under way and is no generation.
    const before = env.harness.emulator.invocations();
    await page.getByRole('button', { name: 'Generate' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /budget/i });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/hard budget/);
    expect(env.harness.emulator.invocations()).toBe(before);
    await screenshot(page, 'workspace-budget-refused');
  });

  it('light theme, no serious axe violations, no console problems and no secrets', async () => {
    await page.getByRole('button', { name: 'Use light theme' }).click();
    await screenshot(page, 'workspace-light');
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run(
              ctx: never,
              o: object,
            ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run({ include: [['body']] } as never, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    expect(browser.problems).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
