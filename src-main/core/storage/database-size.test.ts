// Migration database-size (issue 16): the same rows in fewer bytes. The prompt history loses its
// unique index over both texts for a 48-bit key; the ledger's two time indexes over every row become
// one over billed rows; the jobs lose an index no query uses.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db.ts';
import { BILLED, END_OF_TIME, spentBetween } from './ledger.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { promptTextKey } from './prompt-key.ts';
import { PromptsRepo } from './prompts-repo.ts';
import { SpendRepo } from './spend-repo.ts';
import { tempDir } from './test-support.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A database left at the version before database-size, seeded by `seed`, then opened at the latest. */
function upgraded(seed: (old: Db) => void): Db {
  const dir = tempDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'easel.db');
  const before = MIGRATIONS.findIndex((m) => m.name === 'database-size');
  expect(before).toBeGreaterThan(0);
  const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
  seed(old);
  old.close();
  const db = openDatabase(file);
  cleanups.unshift(() => db.close());
  return db;
}

const PROMPT_COLUMNS = 'id, prompt, negative_prompt, first_used_at, last_used_at, use_count, favorite';

function plan(db: Db, sql: string, ...params: unknown[]): string {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => row.detail)
    .join(' | ');
}

describe('migration database-size', () => {
  it('keeps every prompt (ids, texts, counts, favourites, times, search) and never reuses a deleted id', () => {
    let before: unknown[] = [];
    const db = upgraded((old) => {
      const insert = old.prepare(
        'INSERT INTO prompts (prompt, negative_prompt, first_used_at, last_used_at, use_count, favorite) VALUES (?, ?, ?, ?, ?, ?)',
      );
      insert.run('a red fox', '', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 3, 1);
      insert.run('a red fox', 'blurry', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 1, 0);
      insert.run(
        'ünïcödé "quoted" (weight:1.2)',
        'low\u0000res',
        '2026-01-02T00:00:00.000Z',
        '2026-01-04T00:00:00.000Z',
        2,
        0,
      );
      insert.run('the newest, deleted', '', '2026-01-05T00:00:00.000Z', '2026-01-05T00:00:00.000Z', 1, 0);
      old.exec("DELETE FROM prompts WHERE prompt = 'the newest, deleted'");
      before = old.prepare(`SELECT ${PROMPT_COLUMNS} FROM prompts ORDER BY id`).all();
    });
    expect(db.prepare(`SELECT ${PROMPT_COLUMNS} FROM prompts ORDER BY id`).all()).toEqual(before);
    for (const row of db
      .prepare<[], { prompt: string; negative_prompt: string; text_key: number }>('SELECT * FROM prompts')
      .all())
      expect(row.text_key).toBe(promptTextKey(row.prompt, row.negative_prompt));
    const search = (text: string): number[] =>
      db
        .prepare<[string], { rowid: number }>('SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ? ORDER BY rowid')
        .all(text)
        .map((row) => row.rowid);
    expect(search('"fox"')).toEqual([1, 2]);
    expect(search('"blurry"')).toEqual([2]);
    db.exec("INSERT INTO prompts_fts(prompts_fts) VALUES('integrity-check')");

    const prompts = new PromptsRepo(db, () => new Date('2026-02-01T00:00:00.000Z'));
    const again = prompts.recordUse('a red fox', null);
    expect(again).toMatchObject({ id: '1', useCount: 4, favorite: true, firstUsedAt: '2026-01-01T00:00:00.000Z' });
    expect(again.lastUsedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(prompts.recordUse('ünïcödé "quoted" (weight:1.2)', 'low\u0000res').useCount).toBe(3);
    const fresh = prompts.recordUse('a blue heron', 'blurry');
    expect(fresh).toMatchObject({ id: '5', useCount: 1 }); // 4 was the deleted one
    expect(search('"heron"')).toEqual([5]);
    expect(db.prepare('SELECT count(*) AS n FROM prompts').get()).toEqual({ n: 4 });
  });

  it('keeps one row per pair: the database refuses a second one, and a shared key still finds the right pair', () => {
    const db = upgraded(() => {});
    const prompts = new PromptsRepo(db, () => new Date('2026-02-01T00:00:00.000Z'));
    prompts.recordUse('castle', 'fog');
    const duplicate = db.prepare(
      "INSERT INTO prompts (prompt, negative_prompt, first_used_at, last_used_at, text_key) VALUES ('castle', 'fog', 't', 't', ?)",
    );
    expect(() => duplicate.run(promptTextKey('castle', 'fog'))).toThrow(/UNIQUE constraint failed/);
    // Two other pairs forced onto castle's key (a collision): all three live side by side.
    const key = promptTextKey('castle', 'fog');
    db.prepare(
      "INSERT INTO prompts (prompt, negative_prompt, first_used_at, last_used_at, text_key) VALUES ('castle', '', 't', 't', ?), ('moat', 'fog', 't', 't', ?)",
    ).run(key, key);
    expect(() =>
      db.prepare("UPDATE prompts SET negative_prompt = 'fog' WHERE prompt = 'castle' AND negative_prompt = ''").run(),
    ).toThrow(/UNIQUE constraint failed/);
    expect(prompts.recordUse('castle', 'fog').useCount).toBe(2);
    expect(
      db.prepare('SELECT prompt, negative_prompt AS negative, use_count AS n FROM prompts ORDER BY id').all(),
    ).toEqual([
      { prompt: 'castle', negative: 'fog', n: 2 },
      { prompt: 'castle', negative: '', n: 1 },
      { prompt: 'moat', negative: 'fog', n: 1 },
    ]);
    expect(
      plan(db, 'SELECT id FROM prompts WHERE text_key = ? AND prompt = ? AND negative_prompt = ?', 1, 'a', ''),
    ).toMatch(/USING INDEX prompts_text_key/);
  });

  it('one partial time index for billed ledger rows: sums, the report and entries read the same figures', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const seedLedger = (db: Db, from: number, count: number): void => {
      const insert = db.prepare(
        'INSERT INTO spend (model_id, profile, kind, amount_micro_usd, at, bucket, ref_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (let i = from; i < from + count; i++) {
        // Every 5th entry's time runs backwards (a clock set back): ids and times out of order.
        const at = new Date(start + (i % 5 === 4 ? i - 60 : i) * 977_000).toISOString();
        const hold = Number(
          insert.run(`m${i % 3}`, i % 4 ? 'p' : null, 'reservation', 40_000 + i, at, 'hold', null).lastInsertRowid,
        );
        insert.run(`m${i % 3}`, null, 'release', -40_000 - i, at, 'hold', hold);
        insert.run(`m${i % 3}`, i % 4 ? 'p' : null, 'charge', 1000 + i, at, 'spend', null);
        if (i % 7 === 0) insert.run(null, null, 'uncertain', 500, at, 'uncertain', null);
      }
    };
    const db = upgraded((old) => seedLedger(old, 0, 200));
    seedLedger(db, 200, 100); // after the upgrade: spend_day_ids is kept by its trigger
    const indexes = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(indexes).toContain('spend_billed_at');
    for (const gone of ['spend_at', 'spend_bucket', 'generations_model']) expect(indexes).not.toContain(gone);
    expect(db.prepare('SELECT day, min_id, max_id FROM spend_day_ids ORDER BY day').all()).toEqual(
      db
        .prepare(
          'SELECT substr(at, 1, 10) AS day, min(id) AS min_id, max(id) AS max_id FROM spend GROUP BY 1 ORDER BY 1',
        )
        .all(),
    );

    const direct = (from: string, to: string, buckets: string[]): number =>
      db
        .prepare<string[], { total: number | null }>(
          `SELECT SUM(amount_micro_usd) AS total FROM spend WHERE at >= ? AND at < ? AND bucket IN (${buckets.map(() => '?').join(', ')})`,
        )
        .get(from, to, ...buckets)?.total ?? 0;
    const spend = new SpendRepo(db, () => new Date('2026-01-05T00:00:00.000Z'));
    const ranges: [string, string][] = [
      ['2026-01-01T01:30:00.000Z', '2026-01-03T17:00:00.000Z'],
      ['', '2026-01-02T12:00:00.000Z'],
      ['2026-01-02T00:00:00.000Z', '2026-01-04T00:00:00.000Z'],
      ['2026-01-02T10:00:00.000Z', '2026-01-02T11:00:00.000Z'],
      ['2026-01-03T00:00:00.000Z', END_OF_TIME],
      ['2027-01-01T00:00:00.000Z', END_OF_TIME],
    ];
    for (const [from, to] of ranges) {
      expect(spentBetween(db, from, to, ['spend'])).toBe(direct(from, to, ['spend']));
      expect(spentBetween(db, from, to)).toBe(direct(from, to, ['spend', 'uncertain']));
      expect(spentBetween(db, from, to, ['hold'])).toBe(direct(from, to, ['hold']));
      const entries = db
        .prepare<[string, string], { id: number }>('SELECT id FROM spend WHERE at >= ? AND at < ? ORDER BY id')
        .all(from, to)
        .map((row) => String(row.id));
      expect(spend.entries({ from, to }).map((entry) => entry.id)).toEqual(entries);
      expect(spend.entries({ from, to, limit: 7 }).map((entry) => entry.id)).toEqual(entries.slice(0, 7));
      const byModel = db
        .prepare<[string, string], { modelId: string; microUsd: number }>(
          `SELECT coalesce(model_id, '') AS modelId, SUM(amount_micro_usd) AS microUsd FROM spend
           WHERE at >= ? AND at < ? AND bucket = 'spend' GROUP BY 1 ORDER BY 2 DESC, 1`,
        )
        .all(from, to);
      expect(spend.byModel({ from, to }).map(({ modelId, microUsd }) => ({ modelId, microUsd }))).toEqual(byModel);
    }
    expect(spend.entries().length).toBe(db.prepare('SELECT count(*) AS n FROM spend').pluck().get());
    expect(direct('', '9999', ['spend'])).toBeGreaterThan(0);
    expect(
      plan(
        db,
        `SELECT SUM(amount_micro_usd) FROM spend WHERE at >= ? AND at < ? AND bucket IN ('spend') AND ${BILLED}`,
        'a',
        'b',
      ),
    ).toMatch(/USING COVERING INDEX spend_billed_at/);
    expect(
      plan(
        db,
        `SELECT model_id, SUM(amount_micro_usd) FROM spend WHERE at >= ? AND at < ? AND bucket = 'spend' AND ${BILLED} GROUP BY model_id`,
        'a',
        'b',
      ),
    ).toMatch(/USING INDEX spend_billed_at/);
  });
});
