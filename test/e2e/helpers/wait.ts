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
