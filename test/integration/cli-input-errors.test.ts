// Out-of-range input is the user's mistake: a usage error (exit 2) that says what is wrong, with
// nothing sent to Bedrock — never "internal". A data folder Easel cannot write names the folder and
// the reason. Real CLI processes against the emulator (cli-harness.ts).
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

interface ErrorOut {
  error: { code: string; message: string; field?: string };
}

let h: CliHarness;
beforeAll(async () => {
  h = await createCliHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function refused(args: string[], code: number): Promise<ErrorOut['error']> {
  const result = await h.run([...args, '--json']);
  expect(result.code, result.stderr).toBe(code);
  const { error } = json<ErrorOut>(result);
  expect(error.code).not.toBe('internal');
  expect(result.stderr).not.toMatch(/internal error/);
  return error;
}

describe('usage errors, nothing sent', () => {
  it('out-of-range numbers, long search text, long or malformed model ids', async () => {
    const limit = await refused(['budget', 'set', '--period', 'day', '--limit', '99999999999999999'], 2);
    expect(limit.message).toMatch(/--limit is too large/);
    const search = await refused(['library', 'search', 'a'.repeat(5_000)], 2);
    expect(search).toMatchObject({ code: 'validation', field: 'text' });
    const model = await refused(['library', 'list', '--model', 'm'.repeat(300)], 2);
    expect(model).toMatchObject({ code: 'validation', field: 'modelId' });
    for (const id of ['bad model id!!', 'a:b:c:d', 'x'.repeat(300)])
      expect(await refused(['generate', 'a fox', '--model', id], 2)).toMatchObject({ field: 'modelId' });
    expect(h.emulator.requests()).toBe(0);
  });

  it('--data-dir pointing at a file, or at a path under a file', async () => {
    const file = join(h.dir, 'not-a-folder');
    await writeFile(file, 'x');
    for (const dir of [file, join(file, 'library')]) {
      const error = await refused(['--data-dir', dir, 'library', 'list'], 2);
      expect(error).toMatchObject({ code: 'validation', field: 'dataDir' });
      expect(error.message).toContain(`${file} is a file`);
    }
  });

  it('a control character in a manifest prompt is refused with its place (exit 2)', async () => {
    const manifest = join(h.dir, 'nul.json');
    await writeFile(
      manifest,
      JSON.stringify({ defaults: { model: CORE }, assets: [{ key: 'a', prompt: 'a\u0000b' }] }),
    );
    const result = await h.run(['batch', manifest, '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(json<ErrorOut>(result).error.message).toMatch(/assets\[0\].*U\+0000/s);
    expect(h.emulator.requests()).toBe(0);
  });
});

describe('a data folder Easel cannot write', () => {
  // Root ignores permission bits, so the folder is made read-only the way root cannot bypass: a
  // read-only mount. Where the test cannot mount (not root, no mount namespace), it is skipped.
  function mountReadOnly(target: string, source?: string): boolean {
    const args = source ? ['--bind', source, target] : ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', target];
    if (spawnSync('mount', args).status !== 0) return false;
    if (source && spawnSync('mount', ['-o', 'remount,ro,bind', target]).status !== 0) {
      spawnSync('umount', [target]);
      return false;
    }
    return true;
  }

  it('names the folder and the read-only file system (empty folder and existing library)', async (context) => {
    const empty = join(h.dir, 'ro-empty');
    const library = join(h.dir, 'ro-library');
    await mkdir(empty);
    await mkdir(library);
    // A real library first (created writable), then the same folder mounted read-only.
    expect((await h.run(['library', 'list'])).code).toBe(0);
    if (!mountReadOnly(empty)) return context.skip('cannot mount a read-only tmpfs here (needs root)');
    try {
      if (!mountReadOnly(library, h.dataDir)) return context.skip('cannot bind-mount read-only here');
      try {
        for (const dir of [empty, join(empty, 'sub'), library]) {
          const error = await refused(['--data-dir', dir, 'library', 'list'], 1);
          expect(error.code).toBe('io');
          expect(error.message).toContain(`Easel cannot write to its data folder ${dir}`);
          expect(error.message).toMatch(/read-only file system \(EROFS\)/);
        }
      } finally {
        spawnSync('umount', [library]);
      }
    } finally {
      spawnSync('umount', [empty]);
    }
  });
});
