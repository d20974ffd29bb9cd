// Backups on real SQLite files in temp folders: before a migration, daily (a movable clock), on
// demand, verified and rotated to the newest seven.
import Database from 'better-sqlite3';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAILY_BACKUP_MS, KEEP_BACKUPS, listBackups, verifyDatabaseCopy } from './backups.ts';
import { appliedMigrations, openDatabase } from './db.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { openStorage, type Storage } from './storage.ts';
import { tempDir } from './test-support.ts';

const dirs: string[] = [];
const open: Storage[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDir('easel-backups-');
  dirs.push(dir);
  return dir;
}

function storageAt(dataDir: string, clock: () => Date): Storage {
  const storage = openStorage({ dataDir, clock });
  open.push(storage);
  return storage;
}

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('backups', () => {
  it('copies a database with a history before migrating it, with its data, as of before the migration', () => {
    const dataDir = folder();
    const old = openDatabase(join(dataDir, 'easel.db'), { migrations: MIGRATIONS.slice(0, 1) });
    old
      .prepare(
        "INSERT INTO spend (model_id, kind, amount_micro_usd, at, bucket) VALUES ('m', 'charge', 40000, '2026-01-01T00:00:00.000Z', 'spend')",
      )
      .run();
    old.close();
    const at = new Date('2026-05-01T08:30:00.000Z');
    const storage = storageAt(dataDir, () => at);
    expect(appliedMigrations(storage.db)).toHaveLength(MIGRATIONS.length);

    const [backup, ...others] = listBackups(dataDir);
    expect(others).toEqual([]);
    expect(backup?.name).toBe('easel-2026-05-01T08-30-00-000Z.db');
    expect(backup?.createdAt).toBe(at.toISOString());
    expect(verifyDatabaseCopy(backup?.file ?? '')).toBeNull();
    expect(rows(backup?.file ?? '', 'SELECT id FROM migrations')).toEqual([{ id: 1 }]);
    expect(rows(backup?.file ?? '', 'SELECT amount_micro_usd AS a FROM spend')).toEqual([{ a: 40000 }]);
  });

  it('makes no backup of a new database nor of one that is up to date', () => {
    const dataDir = folder();
    storageAt(dataDir, () => new Date()).close();
    openStorage({ dataDir }).close();
    expect(listBackups(dataDir)).toEqual([]);
  });

  it('backs up once a day: when none exists, not again within 24 h, again after', async () => {
    const dataDir = folder();
    let now = new Date('2026-05-01T08:00:00.000Z');
    const created = storageAt(dataDir, () => now);
    created.settings.set('probe', 1);
    expect(await created.backups.createIfDue()).toBeNull(); // a new library has nothing to lose yet
    created.close();
    open.splice(0);
    const storage = storageAt(dataDir, () => now);
    const first = await storage.backups.createIfDue();
    expect(first?.createdAt).toBe('2026-05-01T08:00:00.000Z');
    now = new Date(now.getTime() + DAILY_BACKUP_MS - 1);
    expect(await storage.backups.createIfDue()).toBeNull();
    now = new Date(now.getTime() + 1);
    const second = await storage.backups.createIfDue();
    expect(second?.createdAt).toBe('2026-05-02T08:00:00.000Z');
    expect(listBackups(dataDir).map((b) => b.createdAt)).toEqual([second?.createdAt, first?.createdAt]);
    // The online backup holds the WAL's newest writes too.
    expect(rows(second?.file ?? '', "SELECT value FROM settings WHERE key = 'probe'")).toEqual([{ value: '1' }]);
  });

  it('keeps the newest seven, ignoring files that are not backups', async () => {
    const dataDir = folder();
    let now = Date.parse('2026-05-01T00:00:00.000Z');
    const storage = storageAt(dataDir, () => new Date(now));
    const made: string[] = [];
    for (let i = 0; i < 10; i++) {
      now += 3_600_000;
      made.push((await storage.backups.create()).name);
    }
    writeFileSync(join(dataDir, 'backups', 'notes.txt'), 'mine');
    now += 3_600_000;
    made.push((await storage.backups.create()).name);
    expect(KEEP_BACKUPS).toBe(7);
    expect(storage.backups.list().map((b) => b.name)).toEqual(made.slice(-7).reverse());
    expect(readdirSync(join(dataDir, 'backups')).sort()).toEqual([...made.slice(-7), 'notes.txt'].sort());
  });

  it('verifies copies: a file that is not an Easel database is named as such', () => {
    const dir = folder();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    expect(verifyDatabaseCopy(garbage)).toMatch(/not a database/);
    const foreign = join(dir, 'foreign.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(verifyDatabaseCopy(foreign)).toMatch(/not an Easel database/);
  });
});
