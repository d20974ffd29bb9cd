// `easel backup`, `easel restore` and `easel check` on a damaged database, as users run them: the
// real CLI in a child process, real SQLite files, a second real process holding the data folder.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE, CORE_PRICE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

let h: CliHarness | undefined;
let holder: ChildProcess | undefined;
afterEach(async () => {
  if (holder && holder.exitCode === null && holder.signalCode === null) {
    const exited = new Promise((r) => holder?.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
  }
  holder = undefined;
  await h?.cleanup();
  h = undefined;
});

interface ErrorOut {
  error: { code: string; message: string };
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function libraryWithTwoImages(): Promise<CliHarness> {
  const harness = await createCliHarness();
  const gen = await harness.run(['generate', 'a lighthouse', '--model', CORE, '--count', '2', '--json']);
  expect(gen.code, gen.stderr).toBe(0);
  return harness;
}

describe('easel backup and easel restore', () => {
  it('backs up, refuses the damaged database everywhere, restores the newest backup and keeps the damaged file', async () => {
    h = await libraryWithTwoImages();
    expect((await h.run(['budget', 'set', '--period', 'day', '--limit', '5'])).code).toBe(0);
    const made = await h.run(['backup', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const backup = json<{ file: string; bytes: number; createdAt: string }>(made);
    expect(backup.file).toMatch(/[/\\]backups[/\\]easel-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/);
    expect(backup.file.startsWith(h.dataDir)).toBe(true);
    expect(backup.bytes).toBe(readFileSync(backup.file).length);
    expect(Number.isNaN(Date.parse(backup.createdAt))).toBe(false);
    const plain = await h.run(['backup']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(plain.stdout.trim())).toBe(true);

    const dbFile = join(h.dataDir, 'easel.db');
    const bytes = readFileSync(dbFile);
    bytes.write('garbage garbage!', 0, 'latin1');
    writeFileSync(dbFile, bytes);
    const damagedSha = sha(dbFile);
    for (const args of [
      ['library', 'list', '--json'],
      ['check', '--json'],
      ['check', '--repair', '--json'],
      ['generate', 'more', '--model', CORE, '--json'],
    ]) {
      const refused = await h.run(args);
      expect(refused.code, args.join(' ')).toBe(1);
      const { error } = json<ErrorOut>(refused);
      expect(error.code).toBe('database-damaged');
      expect(error.message).toContain(dbFile);
      expect(error.message).toMatch(/not an SQLite database/);
      expect(error.message).toContain('easel restore');
      expect(sha(dbFile)).toBe(damagedSha);
    }

    const restored = await h.run(['restore', '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const result = json<{ restored: string; keptAs: string; replacedWasDamaged: boolean }>(restored);
    expect(result.replacedWasDamaged).toBe(true);
    expect(result.keptAs).toMatch(/easel\.db\.damaged-/);
    expect(sha(result.keptAs)).toBe(damagedSha);
    const newest = readdirSync(join(h.dataDir, 'backups')).sort().at(-1);
    expect(result.restored).toBe(join(h.dataDir, 'backups', newest ?? ''));

    const list = await h.run(['library', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(json<{ images: unknown[] }>(list).images).toHaveLength(2);
    // The ledger and the hard budget came back with it.
    expect(json<{ totalMicroUsd: number }>(await h.run(['spend', '--json'])).totalMicroUsd).toBe(2 * CORE_PRICE);
    expect(json<{ budgets: unknown[] }>(await h.run(['budget', 'show', '--json'])).budgets).toEqual([
      expect.objectContaining({ period: 'day', limitMicroUsd: 5_000_000, hard: true }),
    ]);
    const check = await h.run(['check', '--json']);
    expect(check.code, check.stdout).toBe(0);
  }, 60_000);

  it('restore is refused while another process holds the data folder, and changes nothing', async () => {
    h = await libraryWithTwoImages();
    expect((await h.run(['backup'])).code).toBe(0);
    const studioModule = resolve(import.meta.dirname, '../../src-main/core/studio/index.ts');
    const script = `
      import { createStudio } from ${JSON.stringify(studioModule)};
      const studio = createStudio({ dataDir: process.argv[1], env: {} });
      console.log('HOLDING ' + JSON.stringify(studio.dataFolder));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, h.dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    holder = child;
    await new Promise<void>((res, rej) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('HOLDING')) res();
      });
      child.once('exit', (code) => rej(new Error(`holder exited (${code}): ${out}`)));
    });
    const dbFile = join(h.dataDir, 'easel.db');
    const before = readdirSync(h.dataDir).sort();
    const refused = await h.run(['restore', '--json']);
    expect(refused.code).toBe(1);
    const { error } = json<ErrorOut>(refused);
    expect(error.code).toBe('io');
    expect(error.message).toContain(`pid ${child.pid}`);
    expect(error.message).toMatch(/Quit it first to restore a backup/);
    expect(readdirSync(h.dataDir).sort()).toEqual(before);
    expect(existsSync(dbFile)).toBe(true);

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The holder is gone (its lock is stale): restore now works.
    const after = await h.run(['restore', '--json']);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(json<{ replacedWasDamaged: boolean; keptAs: string }>(after)).toMatchObject({ replacedWasDamaged: false });
  }, 60_000);

  it('check reports an index that no longer matches its table, and --repair refuses to write to it', async () => {
    h = await libraryWithTwoImages();
    const listed = json<{ images: { imageId: string }[] }>(await h.run(['library', 'list', '--json']));
    const tagged = await h.run(['library', 'tag', listed.images[0]?.imageId ?? '', '--add', 'zebra-lighthouse']);
    expect(tagged.code, tagged.stderr).toBe(0);
    const dbFile = join(h.dataDir, 'easel.db');
    const raw = new Database(dbFile);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const root = raw
      .prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_tags_1'")
      .get()?.rootpage;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = readFileSync(dbFile);
    const page = bytes.subarray(((root ?? 1) - 1) * pageSize, (root ?? 1) * pageSize);
    const at = page.lastIndexOf('zebra-lighthouse');
    expect(at).toBeGreaterThan(0);
    page[at + 'zebra-lighthouse'.length - 1] = 'f'.charCodeAt(0); // still in order: only integrity_check sees it
    writeFileSync(dbFile, bytes);

    const check = await h.run(['check', '--json']);
    expect(check.code).toBe(1);
    const report = json<{
      ok: boolean;
      integrity: { ok: boolean; problems: number; objects: { name: string; kind: string }[] };
    }>(check);
    expect(report.ok).toBe(false);
    expect(report.integrity.ok).toBe(false);
    expect(report.integrity.objects[0]).toMatchObject({ name: 'sqlite_autoindex_tags_1', kind: 'index' });
    const text = await h.run(['check']);
    expect(text.stdout).toMatch(/Database integrity: \d+ problems? found/);
    expect(text.stdout).toMatch(/index sqlite_autoindex_tags_1: \d+ problems?/);
    expect(text.stdout).toContain('easel restore');

    const rows = (): number => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const damagedSha = sha(dbFile);
    const repair = await h.run(['check', '--repair', '--json']);
    expect(repair.code).toBe(1);
    expect(json<ErrorOut>(repair).error.code).toBe('database-damaged');
    expect(json<ErrorOut>(repair).error.message).toMatch(/will not repair/);
    expect(rows()).toBe(2);
    expect(sha(dbFile)).toBe(damagedSha);
  }, 60_000);
});
