import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { appliedMigrations, openDatabase, type Db } from './db.ts';
import { heldTotal } from './ledger.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { rollupsAndRows, tempDir } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dbFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir, 'easel.db');
}

function schemaOf(db: Db): string[] {
  return db
    .prepare<[], { sql: string }>(
      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
    .map((r) => r.sql.replace(/\s+/g, ' '));
}

/**
 * Data that a database at each version holds before upgrading. When you add migration N, add
 * SEED_AT[N] with rows that exercise what N changes; the upgrade test below then covers N-1 → latest.
 */
const SEED_AT: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.prepare(
      "INSERT INTO generations (id, created_at, status, model_id, params) VALUES (1, '2026-01-01T00:00:00.000Z', 'succeeded', 'm', '{}')",
    ).run();
    db.prepare(
      "INSERT INTO images (id, sha256, path, width, height, bytes, format, created_at, generation_id, source, prompt) VALUES (1, ?, 'library/aa/x.png', 1, 1, 1, 'png', '2026-01-01T00:00:00.000Z', 1, 'generated', 'old red fox')",
    ).run('a'.repeat(64));
    db.prepare(
      "INSERT INTO spend (generation_id, model_id, kind, amount_micro_usd, at, bucket) VALUES (1, 'm', 'charge', 40000, '2026-01-01T00:00:00.000Z', 'spend')",
    ).run();
    db.prepare(
      "INSERT INTO spend (generation_id, model_id, kind, amount_micro_usd, at, bucket) VALUES (1, 'm', 'uncertain', 10000, '2026-01-01T23:59:59.999Z', 'uncertain')",
    ).run();
  },
  // 002 rolls the ledger up per bucket and day (backfilled from 001's rows, then kept by a trigger).
  2: (db) => {
    db.prepare(
      "INSERT INTO spend (generation_id, model_id, kind, amount_micro_usd, at, bucket) VALUES (1, 'm', 'charge', 5000, '2026-01-01T08:00:00.000Z', 'spend')",
    ).run();
    db.prepare(
      "INSERT INTO spend (generation_id, model_id, kind, amount_micro_usd, at, bucket) VALUES (1, 'm', 'adjustment', -2000, '2026-01-02T08:00:00.000Z', 'spend')",
    ).run();
    // A finished job and a charge with a profile: the spend-rollups migration's backfill counts them.
    db.prepare(
      "INSERT INTO generations (id, created_at, status, model_id, profile, params, finished_at) VALUES (20, '2026-01-01T09:00:00.000Z', 'failed', 'm2', 'work', '{}', '2026-01-01T09:05:00.000Z')",
    ).run();
    db.prepare(
      "INSERT INTO spend (generation_id, model_id, profile, kind, amount_micro_usd, at, bucket) VALUES (20, 'm2', 'work', 'charge', 300, '2026-01-01T09:07:00.000Z', 'spend')",
    ).run();
  },
  // 003 claims each batch item for one job (its backfill: batch-claims.test.ts).
  3: (db) => {
    db.prepare(
      "INSERT INTO generations (id, created_at, status, model_id, params, batch_key) VALUES (2, '2026-01-01T00:00:00.000Z', 'succeeded', 'm', '{}', 'b/a#0')",
    ).run();
    db.prepare("INSERT INTO batch_claims (batch_key, generation_id) VALUES ('b/a#0', 2)").run();
  },
  // 004 adds generations.invoke_id: jobs queued before it keep null (they were called by model_id).
  4: (db) => {
    db.prepare(
      "INSERT INTO generations (id, created_at, status, model_id, region, invoke_id, params) VALUES (3, '2026-12-01T00:00:00.000Z', 'queued', 'stability.stable-image-inpaint-v1:0', 'us-east-1', 'us.stability.stable-image-inpaint-v1:0', '{}')",
    ).run();
  },
  // 010 records images indexed in place: earlier rows stay library files (external_path null).
  10: (db) => {
    db.prepare("UPDATE images SET external_path = '/outputs/x.png', external_mtime_ms = 1 WHERE id = 1").run();
    db.prepare(
      "INSERT INTO library_folders (path, recursive, added_at) VALUES ('/outputs', 1, '2026-12-01T00:00:00.000Z')",
    ).run();
  },
};

describe('openDatabase', () => {
  it('sets WAL, foreign keys, busy timeout and synchronous NORMAL', () => {
    const db = openDatabase(dbFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('migrates an empty database to the latest version, and a second open changes nothing', () => {
    const file = dbFile();
    const db = openDatabase(file);
    expect(appliedMigrations(db).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    const schema = schemaOf(db);
    db.close();
    const again = openDatabase(file);
    expect(schemaOf(again)).toEqual(schema);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  // One case per earlier version (0 = empty file) and the latest: a database left at version k
  // upgrades to the same schema as a fresh one, keeping its data.
  for (let k = 0; k <= MIGRATIONS.length; k++) {
    it(`upgrades a version-${k} database to the latest`, () => {
      const fresh = openDatabase(':memory:');
      const latest = schemaOf(fresh);
      fresh.close();
      const file = dbFile();
      const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, k) });
      for (let v = 1; v <= k; v++) SEED_AT[v]?.(old);
      old.close();
      const db = openDatabase(file);
      expect(schemaOf(db)).toEqual(latest);
      expect(appliedMigrations(db).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
      const seeded = k >= 1 ? 1 : 0;
      expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: seeded });
      expect(db.prepare('SELECT rowid FROM images_fts WHERE images_fts MATCH \'"fox"*\'').all()).toHaveLength(seeded);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The spend_days rollup matches the ledger, whatever version the rows were written at.
      const ledger = db
        .prepare(
          'SELECT bucket, substr(at, 1, 10) AS day, SUM(amount_micro_usd) AS amount, count(*) AS entries FROM spend GROUP BY 1, 2 ORDER BY 1, 2',
        )
        .all();
      expect(
        db.prepare('SELECT bucket, day, amount_micro_usd AS amount, entries FROM spend_days ORDER BY 1, 2').all(),
      ).toEqual(ledger);
      expect(ledger).toHaveLength([0, 2, 3][k] ?? 3);
      db.prepare(
        "INSERT INTO spend (kind, amount_micro_usd, at, bucket) VALUES ('charge', 7, '2026-01-02T09:00:00.000Z', 'spend')",
      ).run();
      expect(
        db.prepare("SELECT amount_micro_usd AS a FROM spend_days WHERE bucket = 'spend' AND day = '2026-01-02'").get(),
      ).toEqual({ a: k >= 2 ? -1993 : 7 });
      // So do the Spend report's rollups (migration spend-rollups), backfilled or kept by triggers.
      const { kept, rebuilt } = rollupsAndRows(db);
      expect(kept).toEqual(rebuilt);
      db.close();
    });
  }

  it('004: a job queued before it has no invoke id; one queued after keeps its own', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) });
    SEED_AT[1]?.(old);
    old.close();
    const db = openDatabase(file);
    SEED_AT[4]?.(db);
    expect(db.prepare('SELECT id, region, invoke_id FROM generations ORDER BY id').all()).toEqual([
      { id: 1, region: null, invoke_id: null },
      { id: 3, region: 'us-east-1', invoke_id: 'us.stability.stable-image-inpaint-v1:0' },
    ]);
    db.close();
  });

  it('010: earlier images stay library files; an in-place row keeps its path and the folder is recorded', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 9) });
    SEED_AT[1]?.(old);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, external_path, missing_since FROM images').all()).toEqual([
      { id: 1, external_path: null, missing_since: null },
    ]);
    SEED_AT[10]?.(db);
    expect(db.prepare('SELECT path, recursive FROM library_folders').all()).toEqual([
      { path: '/outputs', recursive: 1 },
    ]);
    db.close();
  });

  it('005: earlier charges read as priced; an unpriced charge is flagged and counted by its index', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    SEED_AT[1]?.(old);
    old.close();
    const db = openDatabase(file);
    db.prepare(
      "INSERT INTO spend (generation_id, kind, amount_micro_usd, at, bucket, unpriced) VALUES (1, 'charge', 0, '2026-12-01T00:00:00.000Z', 'spend', 1)",
    ).run();
    expect(db.prepare('SELECT kind, amount_micro_usd AS a, unpriced FROM spend ORDER BY id').all()).toEqual([
      { kind: 'charge', a: 40000, unpriced: 0 },
      { kind: 'uncertain', a: 10000, unpriced: 0 },
      { kind: 'charge', a: 0, unpriced: 1 },
    ]);
    expect(() => db.prepare('UPDATE spend SET unpriced = 0 WHERE unpriced = 1').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO generations (created_at, status, model_id, params, unpriced) VALUES ('t', 'queued', 'm', '{}', 2)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('006 (video): earlier images read as images, the ledger keeps its rows, video holds count and stay append-only', () => {
    const file = dbFile();
    const old = openDatabase(file, {
      migrations: MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex((m) => m.name === 'video'),
      ),
    });
    SEED_AT[1]?.(old);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, media FROM images').all()).toEqual([{ id: 1, media: 'image' }]);
    expect(db.prepare('SELECT count(*) AS n FROM spend WHERE video_segment_id IS NULL').get()).toEqual({ n: 2 });
    db.prepare(
      "INSERT INTO video_jobs (id, created_at, status, model_id, region, request, output_uri) VALUES (1, 't', 'running', 'luma.ray-v2:0', 'us-west-2', '{}', 's3://b/easel/1/')",
    ).run();
    db.prepare(
      "INSERT INTO video_segments (id, video_job_id, position, status, camera, frame0_image_id, client_token, seconds, reserved_micro_usd) VALUES (1, 1, 0, 'queued', 'static', 1, 'tok', 5, 3750000)",
    ).run();
    expect(heldTotal(db)).toBe(3_750_000);
    expect(() =>
      db
        .prepare(
          "INSERT INTO video_segments (video_job_id, position, status, camera, frame0_image_id, client_token, seconds) VALUES (1, 1, 'queued', 'static', 1, 'tok', 5)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE images SET media = 'sound'").run()).toThrow(/CHECK/);
    db.close();
  });

  it('library-at-scale: every prefix length 1–8 is indexed, and image_days bounds each day’s ids, kept by triggers', () => {
    const file = dbFile();
    const known = MIGRATIONS.findIndex((m) => m.name === 'library-at-scale');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, known) });
    SEED_AT[1]?.(old); // image 1, 2026-01-01, "old red fox"
    const insertImage = old.prepare<[number, string, string, string]>(
      "INSERT INTO images (id, sha256, path, width, height, bytes, format, created_at, source, prompt) VALUES (?, ?, 'library/aa/x.png', 1, 1, 1, 'png', ?, 'imported', ?)",
    );
    insertImage.run(2, 'b'.repeat(64), '2026-03-05T10:00:00.000Z', 'dramatic lighthouse');
    insertImage.run(3, 'c'.repeat(64), '2026-01-01T23:00:00.000Z', 'an old photo, imported later'); // id out of date order
    old.close();
    const db = openDatabase(file);
    const days = (): unknown[] => db.prepare('SELECT day, min_id, max_id FROM image_days ORDER BY day').all();
    expect(days()).toEqual([
      { day: '2026-01-01', min_id: 1, max_id: 3 },
      { day: '2026-03-05', min_id: 2, max_id: 2 },
    ]);
    const matches = (query: string): unknown[] =>
      db
        .prepare<[string], { rowid: number }>('SELECT rowid FROM images_fts WHERE images_fts MATCH ? ORDER BY rowid')
        .all(query)
        .map((r) => r.rowid);
    expect(matches('"d"*')).toEqual([2]);
    expect(matches('"lighth"*')).toEqual([2]);
    expect(matches('"o"*')).toEqual([1, 3]);
    expect(matches('"importe"*')).toEqual([3]);
    const config = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'images_fts'").get() as { sql: string };
    expect(config.sql).toContain("prefix='1 2 3 4 5 6 7 8'");
    // Kept from here on: a new image, and a date changed.
    db.prepare(
      "INSERT INTO images (id, sha256, path, width, height, bytes, format, created_at, source, prompt) VALUES (4, ?, 'p', 1, 1, 1, 'png', '2026-03-05T11:00:00.000Z', 'generated', 'storm')",
    ).run('d'.repeat(64));
    db.prepare("UPDATE images SET created_at = '2025-12-31T12:00:00.000Z' WHERE id = 2").run();
    expect(days()).toEqual([
      { day: '2025-12-31', min_id: 2, max_id: 2 },
      { day: '2026-01-01', min_id: 1, max_id: 3 },
      { day: '2026-03-05', min_id: 2, max_id: 4 },
    ]);
    expect(matches('"st"*')).toEqual([4]);
    db.close();
  });

  it('tag-counts: each tag counts its images from the rows before it, and triggers keep the count through adds, removes and cascades', () => {
    const file = dbFile();
    const known = MIGRATIONS.findIndex((m) => m.name === 'tag-counts');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, known) });
    SEED_AT[1]?.(old); // image 1
    old
      .prepare(
        "INSERT INTO images (id, sha256, path, width, height, bytes, format, created_at, source) VALUES (2, ?, 'p', 1, 1, 1, 'png', '2026-01-02T00:00:00.000Z', 'imported')",
      )
      .run('b'.repeat(64));
    old.exec("INSERT INTO tags (id, name) VALUES (1, 'fox'), (2, 'sea'), (3, 'empty')");
    old.exec('INSERT INTO image_tags (tag_id, image_id) VALUES (1, 1), (1, 2), (2, 2)');
    old.close();
    const db = openDatabase(file);
    const counts = (): unknown[] => db.prepare('SELECT name, image_count AS n FROM tags ORDER BY id').all();
    const actual = (): unknown[] =>
      db
        .prepare('SELECT name, (SELECT count(*) FROM image_tags WHERE tag_id = tags.id) AS n FROM tags ORDER BY id')
        .all();
    expect(counts()).toEqual([
      { name: 'fox', n: 2 },
      { name: 'sea', n: 1 },
      { name: 'empty', n: 0 },
    ]);
    db.exec('INSERT INTO image_tags (tag_id, image_id) VALUES (3, 1)');
    db.exec('INSERT OR IGNORE INTO image_tags (tag_id, image_id) VALUES (1, 1)'); // already there: no change
    db.exec('DELETE FROM image_tags WHERE tag_id = 2 AND image_id = 2');
    db.exec('DELETE FROM images WHERE id = 2'); // cascades to its tags
    expect(counts()).toEqual([
      { name: 'fox', n: 1 },
      { name: 'sea', n: 0 },
      { name: 'empty', n: 1 },
    ]);
    db.exec('DELETE FROM tags WHERE id = 3'); // cascades to image_tags
    expect(counts()).toEqual(actual());
    db.close();
  });

  it('uncertain-index: the open uncertain entries are found through their own small index, not a ledger scan', () => {
    const db = openDatabase(dbFile());
    const plan = (sql: string): string =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join(' | ');
    // The shapes of the Spend view's listing (uncertain-spend.ts) and of GenerationsRepo.uncertainJobs.
    expect(
      plan("SELECT id FROM spend s WHERE s.bucket = 'uncertain' AND s.kind = 'uncertain' ORDER BY s.at, s.id"),
    ).toMatch(/USING INDEX spend_uncertain/);
    expect(plan("SELECT generation_id FROM spend s WHERE s.kind = 'uncertain'")).toMatch(/spend_uncertain/);
    expect(plan("SELECT generation_id FROM spend s WHERE s.kind = 'uncertain'")).not.toMatch(/SCAN s$|SCAN spend$/);
    db.close();
  });

  it('refuses a database written by a newer Easel, and leaves it untouched', () => {
    const file = dbFile();
    const future: Migration = {
      id: MIGRATIONS.length + 1,
      name: 'from-the-future',
      sql: 'CREATE TABLE future_thing (x INTEGER);',
    };
    openDatabase(file, { migrations: [...MIGRATIONS, future] }).close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).message).toMatch(/newer version of Easel/);
    expect((error as EaselError).message).toMatch(/from-the-future/);
    const raw = new Database(file);
    expect(raw.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({ n: MIGRATIONS.length + 1 });
    raw.close();
  });

  it('refuses a database whose history differs from the known one', () => {
    const file = dbFile();
    const other: Migration = { id: 1, name: 'someone-elses-initial', sql: 'CREATE TABLE t (x INTEGER);' };
    openDatabase(file, { migrations: [other] }).close();
    expect(() => openDatabase(file)).toThrow(/does not match this version of Easel/);
  });

  it('rolls back a migration that fails, recording nothing', () => {
    const file = dbFile();
    const broken: Migration = {
      id: MIGRATIONS.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;',
    };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow();
    const db = openDatabase(file);
    expect(appliedMigrations(db).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('keeps the spend ledger append-only', () => {
    const db = openDatabase(':memory:');
    SEED_AT[1]?.(db);
    expect(() => db.prepare('UPDATE spend SET amount_micro_usd = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM spend').run()).toThrow(/append-only/);
    db.close();
  });
});
