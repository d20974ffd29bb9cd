// First run with an empty HOME (no AWS config at all): the welcome screen explains the setup and
// demo mode; continuing shows the app; Check connection says how to get credentials.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/core/studio/index.ts';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { hostFromStudio } from '../../src-main/electron/studio-host.ts';
import { startBridge } from '../bridge/bridge.ts';
import type { Bridge } from '../bridge/bridge.ts';
import { ARTIFACTS_DIR, launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { rendererBuild } from './helpers/renderer.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { memorySecrets } from '../support/memory-secrets.ts';

describe('onboarding with an empty HOME', () => {
  let home: string;
  let studio: Studio;
  let bridge: Bridge;
  let browser: LaunchedBrowser;
  /** The shell's demo restart, recorded (Electron relaunches with --easel-demo). */
  let demoRequests = 0;
  /** Where the shell keeps a pasted Bedrock API key (Electron safeStorage in the app). */
  const secrets = memorySecrets();

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'easel-home-'));
    studio = createStudio({
      dataDir: path.join(home, 'data'),
      env: {
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      },
      secrets,
    });
    const host = hostFromStudio(studio, {
      startDemo: () => {
        demoRequests += 1;
        return true;
      },
    });
    bridge = await startBridge({
      handlers: host.handlers,
      subscribe: (l) => host.subscribe(l),
      resolveImage: host.resolveImage,
      libraryRoot: host.libraryRoot,
      rendererDir: await rendererBuild(),
    });
    browser = await launchChromium();
    await browser.page.goto(bridge.url);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await studio?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('shows the welcome screen with setup steps and demo mode', async () => {
    const welcome = browser.page.getByRole('region', { name: 'Welcome' });
    await welcome.waitFor();
    const text = await welcome.textContent();
    expect(text).toContain('aws configure');
    expect(text).toContain('aws sso login');
    expect(text).toContain('Demo mode');
    expect(text).toContain("by default your profile's region plus us-west-2 for image models");
    await screenshot(browser.page, 'onboarding-welcome');
    expect(await seriousAxeViolations(browser.page)).toEqual([]);
  });

  it('"Try demo mode" asks the shell to restart in demo mode', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Try demo mode' }).click();
    await page.getByRole('status').filter({ hasText: 'Restarting Easel in demo mode' }).waitFor();
    expect(demoRequests).toBe(1);
    await screenshot(page, 'onboarding-demo-restarting');
  });

  it('continues to the app; Settings says no profile was found', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Continue without AWS' }).click();
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();
    await page.getByText(/No AWS profile found/).waitFor();
    await page.getByRole('button', { name: 'Check connection' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'No AWS credentials found' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('aws configure');
    await screenshot(page, 'settings-no-aws');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('a Bedrock API key pasted in Settings is kept by main, shown masked, and becomes the profile', async () => {
    const { page } = browser;
    const key = 'ABSKQmVkcm9ja0FQSUtleS1lMmUtc2V0dGluZ3MtMDAwMDAwMDA6c2VjcmV0LXZhbHVl';
    const card = page.getByRole('region', { name: 'Bedrock API key' });
    await card.getByRole('status').filter({ hasText: 'No Bedrock API key is set.' }).waitFor();
    const field = card.getByLabel('Bedrock API key');
    expect(await field.getAttribute('type')).toBe('password');

    await field.fill('AKIAIOSFODNN7EXAMPLEAAAAAAAAAAAA');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByRole('alert').filter({ hasText: 'starts with "ABSK"' }).waitFor();
    expect(secrets.entries.size).toBe(0);

    await field.fill(key);
    await card.getByRole('button', { name: 'Save' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: `In use: ABSK…${key.slice(-4)}` })
      .waitFor();
    expect(secrets.entries.get('bedrock-api-key')).toBe(key);
    expect(await field.inputValue()).toBe('');
    const profile = page.getByLabel('Profile', { exact: true });
    await profile.locator('option', { hasText: '(Bedrock API key)' }).waitFor({ state: 'attached' });
    expect(await profile.inputValue()).toBe('(Bedrock API key)');
    expect(await page.content()).not.toContain(key.slice(4, 30));
    await screenshot(page, 'settings-api-key');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Remove' }).click();
    await card.getByRole('status').filter({ hasText: 'No Bedrock API key is set.' }).waitFor();
    expect(secrets.entries.size).toBe(0);
    await page.getByText(/No AWS profile found/).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('Settings → Backups: none yet for a new library; "Back up now" makes one and shows when and how big', async () => {
    const { page } = browser;
    const card = page.getByRole('region', { name: 'Backups' });
    const last = card.getByTestId('last-backup');
    await last.filter({ hasText: 'None yet' }).waitFor();
    await card.getByRole('button', { name: 'Back up now' }).click();
    await last.filter({ hasText: /\d.*·.*(KB|MB)/ }).waitFor();
    const [made] = studio.listBackups();
    expect(made).toBeDefined();
    expect(made?.bytes).toBeGreaterThan(0);
    expect(await card.textContent()).toContain(path.join(home, 'data', 'backups'));
    await screenshot(page, 'settings-backups');
    await card.screenshot({ path: path.join(ARTIFACTS_DIR, 'settings-backups-card.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
