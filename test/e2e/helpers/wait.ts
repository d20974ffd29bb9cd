import type { Page } from 'playwright-core';

// Polling outside a test body (beforeAll), where vitest's expect.poll is not allowed. Prefer
// this to page.waitForFunction with a string: string predicates are evaluated like eval, which
// the renderer's CSP forbids.
export async function waitUntil(
  condition: () => Promise<boolean>,
  options: { timeoutMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens the studio at `url` and waits for the prompt panel and its model list (what every workspace test starts from). */
export async function openStudio(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).waitFor();
  await waitUntil(async () => (await page.locator('select[data-testid="models"]').inputValue()) !== '', {
    what: 'the model list',
  });
}
