// `easel batch` on a data folder whose disk cannot hold the batch (a real 4 MB tmpfs as EASEL_HOME;
// root only, skipped elsewhere): refused before anything is sent or charged, exit 1, the JSON error
// shape on stdout, "Disk full: N MB needed at <folder>" on stderr. (Issue 13: the process died with
// an uncaught SqliteError "database or disk is full".)
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountTmpfs, unmount } from '../support/tmpfs.ts';
import { CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

let h: CliHarness | undefined;
let mounted: string | null = null;
afterEach(async () => {
  if (mounted) unmount(mounted);
  mounted = null;
  await h?.cleanup();
  h = undefined;
});

describe.skipIf(!canMountTmpfs)('easel on a full disk (tmpfs)', () => {
  it('refuses a 40-image batch that cannot fit: exit 1, JSON error, nothing sent or reserved', async () => {
    h = await createCliHarness();
    mkdirSync(h.dataDir);
    mountTmpfs(h.dataDir, '4m');
    mounted = h.dataDir;
    await writeFile(
      join(h.dir, 'm.yaml'),
      `name: forty\ndefaults:\n  model: ${CORE}\n  variants: 20\nassets:\n  - key: a\n    prompt: disk full a\n  - key: b\n    prompt: disk full b\n`,
    );
    const result = await h.run(['batch', 'm.yaml', '--json'], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(1);
    const { error } = json<{ error: { code: string; message: string } }>(result);
    expect(error.code).toBe('io');
    expect(error.message).toMatch(
      new RegExp(
        `^Disk full: about [\\d.]+ MB needed at ${h.dataDir} \\([\\d.]+ MB free\\)\\. .*nothing was sent or charged`,
      ),
    );
    expect(result.stderr).toContain('Disk full');
    expect(h.emulator.requests()).toBe(0);
    const db = new Database(join(h.dataDir, 'easel.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM generations').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM spend').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
