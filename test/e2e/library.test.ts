// The Library, Spend and Settings views in real Chromium through the bridge, against the real
// studio (SQLite, image store) and the Bedrock emulator: search, select, tag, collect, export to
// disk with the template's names, trash and restore; spend figures equal the ledger; budget warning.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src-shared/money.ts';
import { hostFromStudio } from '../../src-main/electron/studio-host.ts';
import { startBridge } from '../bridge/bridge.ts';
import type { Bridge } from '../bridge/bridge.ts';
import { BEDROCK_2025 } from '../../src-main/emulator/index.ts';
import { createHarness } from '../integration/studio-harness.ts';
import type { Harness } from '../integration/studio-harness.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { rendererBuild } from './helpers/renderer.ts';
import { watchForSecrets } from './helpers/secrets.ts';
import { seriousAxeViolations } from './helpers/axe.ts';

const MODEL = 'amazon.nova-canvas-v1:0';
const PROMPTS = ['red castle on a hill', 'blue dragon sleeping', 'green forest at dawn'];

describe('library, spend and settings views', () => {
  let harness: Harness;
  let bridge: Bridge;
  let browser: LaunchedBrowser;
  let exportDir: string;
  /** What the shell was asked to show in the file manager (Electron: shell.showItemInFolder). */
  const reveals: string[] = [];
  const secrets = watchForSecrets();

  beforeAll(async () => {
    // Nova Canvas and Titan (retired today) have their own settings checked here: the Bedrock of 2025.
    harness = await createHarness({ emulator: BEDROCK_2025 });
    for (const [i, prompt] of PROMPTS.entries()) {
      await harness.studio.generate({ prompt, modelId: MODEL, width: 512, height: 512, seed: 100 + i });
    }
    await harness.studio.whenIdle();
    exportDir = await mkdtemp(path.join(os.tmpdir(), 'easel-export-'));
    const host = hostFromStudio(harness.studio, { showItemInFolder: (file) => void reveals.push(file) });
    bridge = await startBridge({
      handlers: host.handlers,
      subscribe: (l) => host.subscribe(l),
      resolveImage: host.resolveImage,
      libraryRoot: host.libraryRoot,
      rendererDir: await rendererBuild(),
      onTraffic: secrets.record,
    });
    browser = await launchChromium();
    await browser.page.goto(bridge.url);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await harness?.cleanup();
    await rm(exportDir, { recursive: true, force: true });
  });

  const grid = () => browser.page.getByRole('listbox', { name: 'Images' });
  // Jobs run concurrently, so the grid's order is only known from the page.
  let unselectedPrompt = '';

  it('shows one item per image named by its prompt, and search narrows it', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Library', exact: true }).click();
    expect(await page.getByRole('tab', { name: 'Library', exact: true }).getAttribute('aria-selected')).toBe('true');
    for (const prompt of PROMPTS) await expect.poll(() => grid().getByRole('option', { name: prompt }).count()).toBe(1);
    await screenshot(page, 'library-grid');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('searchbox', { name: 'Search library' }).fill('dragon');
    await expect.poll(() => grid().getByRole('option').count()).toBe(1);
    expect(await grid().getByRole('option').first().getAttribute('aria-label')).toContain('blue dragon');
    await page.getByRole('searchbox', { name: 'Search library' }).fill('');
    await expect.poll(() => grid().getByRole('option').count()).toBe(3);
  });

  it('selects with click and shift-click, tags and collects the selection', async () => {
    const { page } = browser;
    const options = grid().getByRole('option');
    await options.nth(0).click();
    await options.nth(2).click({ modifiers: ['Shift'] });
    await expect.poll(() => grid().locator('[aria-selected="true"]').count()).toBe(3);
    await options.nth(1).click({ modifiers: ['Control'] });
    unselectedPrompt = (await options.nth(1).getAttribute('aria-label')) ?? '';
    expect(PROMPTS).toContain(unselectedPrompt);
    await expect.poll(() => grid().locator('[aria-selected="true"]').count()).toBe(2);
    await page.getByRole('textbox', { name: 'Tags to add' }).fill('hero, sprites');
    await page.getByRole('button', { name: 'Tag', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Tagged 2 images' }).waitFor();
    const ids = (await harness.studio.listImages({})).images.map((i) => i.id);
    const tagged = harness.studio.tagsOf(ids);
    expect([...tagged.values()].filter((t) => t.includes('hero') && t.includes('sprites'))).toHaveLength(2);

    await page.getByRole('combobox', { name: 'Add to collection' }).selectOption('new');
    await page.getByRole('textbox', { name: 'New collection name' }).fill('Hero pack');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => harness.studio.listCollections().map((c) => [c.name, c.imageCount]))
      .toEqual([['Hero pack', 2]]);
    await screenshot(page, 'library-selected');
  });

  it('exports the selection with the naming template to files on disk', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Export folder' }).fill(exportDir);
    await dialog.getByRole('textbox', { name: 'File name template' }).fill('{seed}_{prompt}');
    await dialog.getByRole('checkbox', { name: /JSON sidecar/ }).check();
    const expected = PROMPTS.flatMap((p, i) => (p === unselectedPrompt ? [] : [`${100 + i}_${p}`]));
    await expect
      .poll(() => dialog.getByRole('list', { name: 'File name preview' }).textContent())
      .toContain(`${expected[0]}.png`);
    await screenshot(page, 'library-export');
    await dialog.getByRole('button', { name: 'Export files' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Exported 2 files' }).waitFor();
    const files = (await readdir(exportDir)).sort();
    expect(files).toEqual(expected.flatMap((name) => [`${name}.json`, `${name}.png`]).sort());
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('select all selects every match (resolved in main), ctrl-click leaves one out', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Select all' }).click();
    await expect.poll(() => grid().locator('[aria-selected="true"]').count()).toBe(3);
    await page.getByText('3 selected').waitFor();
    await grid()
      .getByRole('option', { name: 'green forest at dawn' })
      .click({ modifiers: ['Control'] });
    await page.getByText('2 selected').waitFor();
    await page.getByRole('textbox', { name: 'Tags to add' }).fill('batch');
    await page.getByRole('button', { name: 'Tag', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Tagged 2 images' }).waitFor();
    const byPrompt = new Map(
      harness.studio.listImages({}).images.map((i) => [i.prompt, harness.studio.tagsOf([i.id]).get(i.id) ?? []]),
    );
    expect(byPrompt.get('green forest at dawn')).not.toContain('batch');
    expect(byPrompt.get('red castle on a hill')).toContain('batch');
    expect(byPrompt.get('blue dragon sleeping')).toContain('batch');
    await screenshot(page, 'library-select-all');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
  });

  it('reveals one selected image in the file manager through the shell (no path in the page)', async () => {
    const { page } = browser;
    await grid().getByRole('option', { name: 'red castle on a hill' }).click();
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect.poll(() => reveals.length).toBe(1);
    const image = harness.studio.listImages({ text: 'castle' }).images[0];
    expect(reveals[0]).toBe((await harness.studio.resolveImageFile(image?.id ?? '', 'full'))?.filePath);
  });

  it('moves to the trash and restores', async () => {
    const { page } = browser;
    await grid().getByRole('option', { name: 'blue dragon sleeping' }).click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => grid().getByRole('option').count()).toBe(2);
    expect((await harness.studio.listImages({ trashed: true })).images).toHaveLength(1);
    await page.getByRole('checkbox', { name: 'Trash' }).check();
    await expect.poll(() => grid().getByRole('option').count()).toBe(1);
    await grid().getByRole('option').first().click();
    await screenshot(page, 'library-trash');
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => harness.studio.listImages({ trashed: true }).images.length).toBe(0);
    await page.getByRole('checkbox', { name: 'Trash' }).uncheck();
    await expect.poll(() => grid().getByRole('option').count()).toBe(3);
  });

  it('opens the detail view with every parameter and the seed', async () => {
    const { page } = browser;
    await grid().getByRole('option', { name: 'green forest at dawn' }).dblclick();
    const detail = page.getByRole('complementary', { name: 'Image details' });
    await detail.getByText(String(100 + PROMPTS.indexOf('green forest at dawn')), { exact: true }).waitFor();
    const text = await detail.textContent();
    expect(text).toContain(MODEL);
    expect(text).toContain('us-east-1');
    expect(text).toMatch(/Made from:\s*nothing/);
    await screenshot(page, 'library-detail');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await detail.getByRole('button', { name: 'Close details' }).click();
  });

  it('spend figures equal the ledger; a budget past 80% warns', async () => {
    const { page } = browser;
    const summary = harness.studio.spendReport().summary;
    expect(summary.todayMicroUsd).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Spend', exact: true }).click();
    await expect
      .poll(() => page.getByLabel('Today', { exact: true }).textContent())
      .toBe(formatUsd(summary.todayMicroUsd));
    expect(await page.getByLabel('This month', { exact: true }).textContent()).toBe(formatUsd(summary.monthMicroUsd));
    await screenshot(page, 'spend');
    // A daily budget just above today's spend: ≥ 80 % used → warning in the view and the top bar.
    const limit = Math.ceil((summary.todayMicroUsd * 1.1) / 10_000) * 10_000;
    await page.getByRole('textbox', { name: 'Daily budget limit in dollars' }).fill(formatUsd(limit).slice(1));
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Daily budget at \d+%/ })
      .waitFor();
    await expect
      .poll(() => page.locator('.top-bar').getByRole('status').textContent())
      .toMatch(/Daily budget (8|9)\d%$/);
    await screenshot(page, 'spend-budget-warning');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a budget passed 100% says reached, with a sane percentage, in the view and the top bar', async () => {
    const { page } = browser;
    // $0.000001: spend is millions of percent of it.
    await page.evaluate(async () => {
      const easel = (globalThis as unknown as { easel: { invoke(c: string, p: unknown): Promise<unknown> } }).easel;
      await easel.invoke('budgets.set', { period: 'day', limitMicroUsd: 1, hard: false });
    });
    await page.reload();
    await page.getByRole('tab', { name: 'Spend', exact: true }).click();
    await expect
      .poll(() => page.locator('.top-bar').getByRole('status').textContent())
      .toBe('Daily budget over 999% — reached');
    await page
      .getByRole('alert')
      .filter({ hasText: /Daily budget reached/ })
      .first()
      .waitFor();
    await screenshot(page, 'spend-budget-reached');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.evaluate(async () => {
      const easel = (globalThis as unknown as { easel: { invoke(c: string, p: unknown): Promise<unknown> } }).easel;
      await easel.invoke('budgets.set', { period: 'day', limitMicroUsd: null });
    });
    await page.reload();
  });

  it('the view tabs follow the arrow keys', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Spend', exact: true }).click();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Settings', exact: true }).getAttribute('aria-selected'))
      .toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Workspace', exact: true }).getAttribute('aria-selected'))
      .toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Settings', exact: true }).getAttribute('aria-selected'))
      .toBe('true');
  });

  it('settings: check connection lists the callable models', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Check connection' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Connected\. \d+ image models? callable/ })
      .waitFor();
    await screenshot(page, 'settings');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('settings: the default model and size are what the prompt panel starts with', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
    const current = await page.locator('select[data-testid="models"]').inputValue();
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    const options = await page
      .locator('#set-model option')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    const model = options.find((v) => v !== '' && v !== current && v.startsWith('amazon.')) ?? '';
    expect(model).not.toBe('');
    await page.locator('#set-model').selectOption(model);
    await page.locator('#set-size').fill('768x768');
    await page.locator('#set-size').blur();
    await expect.poll(() => harness.studio.settings()['defaults.size']).toBe('768x768');
    await page.reload();
    await page.getByRole('tab', { name: 'Workspace', exact: true }).click();
    await expect.poll(() => page.locator('select[data-testid="models"]').inputValue()).toBe(model);
    expect(await page.getByRole('combobox', { name: 'Size' }).inputValue()).toBe('768x768');
    expect(browser.problems).toEqual([]);
    secrets.assertNoSecrets();
  });

  it('select all in the trash, one left out → Delete permanently asks first, then main purges the query minus the exception', async () => {
    const { page } = browser;
    harness.studio.trashImages(harness.studio.listImages({}).images.map((i) => i.id));
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/invoke') && (r.postData() ?? '').includes('"images.purge"')) sent.push(r.postData() ?? '');
    });
    await page.getByRole('tab', { name: 'Library', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Trash' }).check();
    await expect.poll(() => grid().getByRole('option').count()).toBe(3);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByText('3 selected').waitFor();
    await grid()
      .getByRole('option', { name: 'green forest at dawn' })
      .click({ modifiers: ['Control'] });
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Delete permanently…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete permanently?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('2 images and their files will be deleted for good');
    await screenshot(page, 'library-purge-confirm');
    expect(sent).toEqual([]); // nothing is deleted before the confirmation
    await dialog.getByRole('button', { name: 'Delete permanently' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted 2 images permanently' }).waitFor();
    expect(harness.studio.listImages({ trashed: true }).images.map((i) => i.prompt)).toEqual(['green forest at dawn']);
    expect(sent).toHaveLength(1);
    const payload = (JSON.parse(sent[0] ?? '{}') as { payload: Record<string, unknown> }).payload;
    expect(payload).toMatchObject({ selection: { trashed: true, exceptIds: [expect.any(String)] } });
    expect(payload).not.toHaveProperty('imageIds');
  });
});
