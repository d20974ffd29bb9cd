// `easel data where`, `--help` and usage errors answer without loading SQLite, sharp or the AWS SDK:
// the CLI finds the data folder through the facade's light entry (core/studio/location.ts) and loads
// the facade itself only to open the studio. A module resolve hook in the real child process
// records every module it loads.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCliHarness, type CliHarness, type CliResult } from './cli-harness.ts';

const RECORDER = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    loaded.add(resolved.url);
    return resolved;
  },
});
process.on('exit', () => writeFileSync(process.env.LOADED_REPORT, JSON.stringify([...loaded])));
`;

const HEAVY = ['/node_modules/better-sqlite3/', '/node_modules/sharp/', '/node_modules/@aws-sdk/'];
const heavyIn = (loaded: string[]): string[] => loaded.filter((url) => HEAVY.some((part) => url.includes(part)));

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function runRecorded(harness: CliHarness, args: string[]): Promise<{ result: CliResult; loaded: string[] }> {
  const recorder = join(harness.dir, 'record-loads.mjs');
  const report = join(harness.dir, `loaded-${args.join('-')}.json`);
  await writeFile(recorder, RECORDER);
  harness.env.NODE_OPTIONS = `--import=${pathToFileURL(recorder).href}`;
  harness.env.LOADED_REPORT = report;
  const result = await harness.run(args);
  return { result, loaded: JSON.parse(await readFile(report, 'utf8')) as string[] };
}

describe('a light CLI start', () => {
  it('`data where`, --help and a usage error load no SQLite, sharp or AWS SDK; opening the studio does', async () => {
    h = await createCliHarness();

    const where = await runRecorded(h, ['data', 'where', '--json']);
    expect(where.result.code, where.result.stderr).toBe(0);
    expect(JSON.parse(where.result.stdout)).toMatchObject({ dataDir: h.dataDir, source: 'env' });
    expect(where.loaded.some((url) => url.endsWith('/src-main/core/studio/location.ts'))).toBe(true);
    expect(heavyIn(where.loaded)).toEqual([]);

    const help = await runRecorded(h, ['--help']);
    expect(help.result.code, help.result.stderr).toBe(0);
    expect(heavyIn(help.loaded)).toEqual([]);

    const usage = await runRecorded(h, ['library', 'list', '--no-such-flag']);
    expect(usage.result.code).toBe(2);
    expect(heavyIn(usage.loaded)).toEqual([]);

    // The recorder does see them when a command opens the studio.
    const list = await runRecorded(h, ['library', 'list', '--json']);
    expect(list.result.code, list.result.stderr).toBe(0);
    expect(heavyIn(list.loaded).some((url) => url.includes('/node_modules/better-sqlite3/'))).toBe(true);
    expect(heavyIn(list.loaded).some((url) => url.includes('/node_modules/sharp/'))).toBe(true);
  });
});
