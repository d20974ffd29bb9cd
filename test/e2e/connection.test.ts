// Settings → Check connection against the emulator for each failure kind the emulator and the AWS
// files can produce: connected, no credentials, SSO session expired, credentials AWS does not know,
// model access not granted (the emulator's failNextList), network down. Each must say what went wrong and what to do, never fall back silently to the
// built-in model list.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoTokenCachePath } from '../../src-main/core/credentials/index.ts';
import { launchChromium, screenshot } from './helpers/chromium.ts';
import type { LaunchedBrowser } from './helpers/chromium.ts';
import { seriousAxeViolations } from './helpers/axe.ts';
import { startStudioBridge } from './helpers/studio-bridge.ts';
import type { StudioBridge } from './helpers/studio-bridge.ts';

let env: StudioBridge;
let browser: LaunchedBrowser;

beforeAll(async () => {
  env = await startStudioBridge();
  const { AWS_CONFIG_FILE: config = '', AWS_SHARED_CREDENTIALS_FILE: credentials = '' } = env.harness.env;
  await appendFile(
    config,
    [
      '[profile nocreds]',
      'region = us-east-1',
      '',
      '[profile sso-dev]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = Developer',
      'region = us-east-1',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '',
      '[profile stranger]',
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  await appendFile(
    credentials,
    '\n[stranger]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  const cache = ssoTokenCachePath('corp', env.harness.env);
  await mkdir(cache.slice(0, cache.lastIndexOf('/')), { recursive: true });
  await writeFile(
    cache,
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'expired-token',
      expiresAt: '2020-01-01T00:00:00Z',
    }),
  );
  browser = await launchChromium();
  await browser.page.goto(env.bridge.url);
  await browser.page.getByRole('tab', { name: 'Settings', exact: true }).click();
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function check(profile: string): Promise<string> {
  const { page } = browser;
  await page.locator('#set-profile').selectOption(profile);
  await page.getByRole('button', { name: 'Check connection' }).click();
  const result = page.locator('.set-check');
  await result.waitFor();
  await expect
    .poll(() => page.getByRole('button', { name: /Check connection|Checking/ }).textContent())
    .toBe('Check connection');
  return (await result.textContent()) ?? '';
}

describe('check connection', () => {
  it('connected: lists the callable models', async () => {
    expect(await check('default')).toMatch(/Connected\. \d+ image models? callable/);
  });

  it('no credentials: says how to run aws configure', async () => {
    const text = await check('nocreds');
    expect(text).toContain('No AWS credentials found');
    expect(text).toContain('aws configure');
    await screenshot(browser.page, 'settings-check-no-credentials');
    expect(await seriousAxeViolations(browser.page)).toEqual([]);
  });

  it('SSO session expired: says to run aws sso login for the profile', async () => {
    const text = await check('sso-dev');
    expect(text).toContain('SSO session has expired');
    expect(text).toContain('aws sso login --profile sso-dev');
    await screenshot(browser.page, 'settings-check-sso-expired');
  });

  it('keys AWS does not know: says they were rejected', async () => {
    const text = await check('stranger');
    expect(text).toContain('AWS rejected these credentials');
    await screenshot(browser.page, 'settings-check-rejected');
  });

  it('access denied on ListFoundationModels: says where to grant model access', async () => {
    const { page } = browser;
    // Choosing a profile reloads the model list (models.list; Playwright's selectOption fires change
    // even for the same value): let that call pass first, so the injected AccessDenied reaches the
    // Check connection click and nothing else.
    const reloaded = page.waitForResponse(
      (r) => r.url().endsWith('/invoke') && (r.request().postData() ?? '').includes('"models.list"'),
    );
    await page.locator('#set-profile').selectOption('default');
    await reloaded;
    // The check asks every region Easel may call at once (us-east-1 and us-west-2): both are refused.
    env.harness.emulator.failNextList('AccessDeniedException', 'AccessDeniedException');
    await page.getByRole('button', { name: 'Check connection' }).click();
    const result = page.locator('.set-check');
    await result.waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: /Check connection|Checking/ }).textContent())
      .toBe('Check connection');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Access to the model is not granted');
    expect(text).toContain('Model access');
    expect(text).toContain("This profile may not list Bedrock's models in this region");
    expect(text).toContain('is not authorized to perform: bedrock:ListFoundationModels');
    await screenshot(page, 'settings-check-access-denied');
    // Only that one call was refused: checking again connects.
    expect(await check('default')).toMatch(/Connected\. \d+ image models? callable/);
  });

  it('network down: says Bedrock could not be reached', async () => {
    await env.harness.emulator.stop();
    const text = await check('default');
    expect(text).toContain('Bedrock could not be reached');
    await screenshot(browser.page, 'settings-check-network');
    expect(browser.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    env.secrets.assertNoSecrets();
  });
});
