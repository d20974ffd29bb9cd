// A damaged or emptied database on real files: each variant is refused with 'database-damaged',
// naming the file, what is wrong and the newest backup, and the file is left byte for byte.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { listBackups } from './backups.ts';
import { openStorage, type Storage } from './storage.ts';
import { tempDir } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PAGE = 4096;

/** A closed library with a hard budget, a ledger entry and 300 tags (so its indexes span pages). */
async function library(options: { backup?: boolean } = {}): Promise<{ dataDir: string; file: string }> {
  const dataDir = tempDir('easel-damage-');
  dirs.push(dataDir);
  const storage = openStorage({ dataDir, clock: () => new Date('2026-05-01T08:00:00.000Z') });
  storage.budgets.set({ period: 'day', limitMicroUsd: 5_000_000, hard: true });
  const insert = storage.db.prepare('INSERT INTO tags (name) VALUES (?)');
  storage.db.transaction(() => {
    for (let i = 0; i < 300; i++) insert.run(`tag-${String(i).padStart(5, '0')}-${'x'.repeat(40)}`);
  })();
  if (options.backup) await storage.backups.create();
  storage.close();
  return { dataDir, file: join(dataDir, 'easel.db') };
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function openError(dataDir: string): EaselError {
  let storage: Storage | undefined;
  try {
    storage = openStorage({ dataDir });
  } catch (error) {
    expect(error).toBeInstanceOf(EaselError);
    return error as EaselError;
  }
  storage.close();
  throw new Error('the damaged database opened');
}

function rootPage(file: string, name: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[string], { rootpage: number }>('SELECT rootpage FROM sqlite_master WHERE name = ?').get(name)
      ?.rootpage as number;
  } finally {
    db.close();
  }
}

/** Overwrites the root page of the tags name index with garbage (quick_check reports it). */
function overwriteIndexPage(file: string): void {
  const autoindex = rootPage(file, 'sqlite_autoindex_tags_1');
  expect(autoindex).toBeGreaterThan(1);
  const bytes = readFileSync(file);
  for (let i = 0; i < PAGE; i++) bytes[(autoindex - 1) * PAGE + i] = (i * 131 + 7) & 0xff;
  writeFileSync(file, bytes);
}

describe('a damaged database at open', () => {
  it('garbage instead of the SQLite header', async () => {
    const { dataDir, file } = await library();
    const bytes = readFileSync(file);
    bytes.write('not a database!!', 0, 'latin1');
    writeFileSync(file, bytes);
    const before = sha(file);
    const error = openError(dataDir);
    expect(error.code).toBe('database-damaged');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not an SQLite database/);
    expect(error.message).toMatch(/There is no backup in/);
    expect(sha(file)).toBe(before);
  });

  it('a truncated file, naming the newest backup to restore', async () => {
    const { dataDir, file } = await library({ backup: true });
    const size = readFileSync(file).length;
    truncateSync(file, Math.floor(size / PAGE / 2) * PAGE);
    const before = sha(file);
    const error = openError(dataDir);
    expect(error.code).toBe('database-damaged');
    expect(error.message).toMatch(/truncated/);
    const newest = listBackups(dataDir)[0];
    expect(newest).toBeDefined();
    expect(error.message).toContain(newest?.file);
    expect(error.message).toMatch(/easel restore/);
    expect(sha(file)).toBe(before);
  });

  it('a page of an index overwritten (found by quick_check)', async () => {
    const { dataDir, file } = await library();
    overwriteIndexPage(file);
    const before = sha(file);
    const error = openError(dataDir);
    expect(error.code).toBe('database-damaged');
    expect(error.message).toMatch(/quick check found/);
    expect(sha(file)).toBe(before);
  });

  it('a database too large to quick_check at open: its backup finds the damage and keeps no copy', async () => {
    const { dataDir, file } = await library();
    overwriteIndexPage(file);
    const storage = openStorage({ dataDir, quickCheckMaxBytes: 0 });
    try {
      await expect(storage.backups.create()).rejects.toMatchObject({
        code: 'database-damaged',
        message: expect.stringMatching(/may be damaged.*easel check/),
      });
      expect(listBackups(dataDir)).toEqual([]);
    } finally {
      storage.close();
    }
  });

  it('a database too large to check at open opens at once; the check in a worker finds the damage and writes are refused', async () => {
    const { dataDir, file } = await library();
    overwriteIndexPage(file);
    const before = sha(file);
    const storage = openStorage({ dataDir, quickCheckMaxBytes: 0 });
    try {
      expect(storage.damage()).toBeNull(); // not known yet: the check runs beside the open
      await storage.integrityChecked();
      expect(storage.damage()).toMatchObject({
        code: 'database-damaged',
        message: expect.stringMatching(/quick check found/),
      });
      expect(() => storage.settings.set('ui.theme', 'dark')).toThrow(/readonly|read-only/i);
      expect(sha(file)).toBe(before);
    } finally {
      storage.close();
    }
  });

  it('a sound large database checked in a worker stays writable', async () => {
    const { dataDir } = await library();
    const storage = openStorage({ dataDir, quickCheckMaxBytes: 0 });
    try {
      await storage.integrityChecked();
      expect(storage.damage()).toBeNull();
      storage.settings.set('ui.theme', 'dark');
      expect(storage.settings.getRaw('ui.theme')).toBe('dark');
    } finally {
      storage.close();
    }
  });

  it('a 0-byte easel.db where a library was: refused, not started over', async () => {
    const { dataDir, file } = await library();
    truncateSync(file, 0);
    const error = openError(dataDir);
    expect(error.code).toBe('database-damaged');
    expect(error.message).toMatch(/empty \(0 bytes\)/);
    expect(error.message).toContain('easel.db.id');
    expect(readFileSync(file)).toHaveLength(0);
    // The same with only images to show for it (an older folder without the marker).
    rmSync(join(dataDir, 'easel.db.id'));
    const shard = join(dataDir, 'library', 'ab');
    mkdirSync(shard, { recursive: true });
    writeFileSync(join(shard, `${'ab'.repeat(32)}.png`), 'x');
    expect(openError(dataDir).message).toMatch(/has images in/);
    expect(readFileSync(file)).toHaveLength(0);
  });

  it('a 0-byte or missing easel.db in a folder that never had a library is a new library', () => {
    const dataDir = tempDir('easel-damage-');
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'easel.db'), '');
    const storage = openStorage({ dataDir });
    expect(storage.budgets.list()).toEqual([]);
    storage.close();
    expect(existsSync(join(dataDir, 'easel.db.id'))).toBe(true);
  });

  it('a missing easel.db where the marker says there was one', async () => {
    const { dataDir, file } = await library();
    rmSync(file);
    expect(openError(dataDir).message).toMatch(/is damaged: it is missing/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('integrity report', () => {
  it('names the index whose entries no longer match its table, and what to do', async () => {
    const { dataDir, file } = await library();
    const autoindex = rootPage(file, 'sqlite_autoindex_tags_1');
    const bytes = readFileSync(file);
    // Change one character of one key inside the index (order and page structure stay valid, so
    // quick_check passes: only integrity_check compares an index with its table).
    const key = Buffer.from(`tag-00299-${'x'.repeat(40)}`, 'latin1');
    let at = -1;
    for (let p = 0; p < bytes.length / PAGE && at < 0; p++) {
      if (p + 1 === autoindex || bytes[p * PAGE] !== 0x0a) continue; // index leaf pages only
      at = bytes.subarray(p * PAGE, (p + 1) * PAGE).lastIndexOf(key);
      if (at >= 0) at += p * PAGE;
    }
    expect(at).toBeGreaterThan(0);
    bytes[at + key.length - 1] = 'y'.charCodeAt(0);
    writeFileSync(file, bytes);

    const storage = openStorage({ dataDir });
    try {
      const report = storage.integrity();
      expect(report.ok).toBe(false);
      expect(report.problems).toBeGreaterThan(0);
      expect(report.objects[0]).toMatchObject({ name: 'sqlite_autoindex_tags_1', kind: 'index' });
      expect(report.summary.join('\n')).toMatch(/index sqlite_autoindex_tags_1: \d+ problems?/);
      expect(report.summary.join('\n')).toMatch(/easel restore/);
    } finally {
      storage.close();
    }
  });

  it('says ok for a sound database', async () => {
    const { dataDir } = await library();
    const storage = openStorage({ dataDir });
    expect(storage.integrity()).toMatchObject({ ok: true, problems: 0, objects: [] });
    storage.close();
  });
});
