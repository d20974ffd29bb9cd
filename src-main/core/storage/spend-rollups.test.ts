import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db.ts';
import { appendLedger, END_OF_TIME } from './ledger.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { outcomeCounts, spendByLocalDay, spendByModel, spendByProfile } from './spend-rollups.ts';
import { rollupsAndRows, tempDir, testLibrary, type TestLibrary } from './test-support.ts';

let l: TestLibrary | null = null;
const cleanups: (() => void)[] = [];
afterEach(() => {
  l?.dispose();
  l = null;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A small seeded PRNG (numbers in [0, 1)) so failures reproduce. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERMINAL = "('succeeded','failed','filtered','cancelled','interrupted')";

/** The report's groupings as plain scans of the rows (the queries the rollups replace). */
function scans(db: Db, from: string, to: string) {
  return {
    byModel: new Map(
      db
        .prepare<[string, string], { k: string; t: number }>(
          "SELECT coalesce(model_id, '') AS k, SUM(amount_micro_usd) AS t FROM spend WHERE at >= ? AND at < ? AND bucket = 'spend' GROUP BY k",
        )
        .all(from, to)
        .map((r) => [r.k, r.t]),
    ),
    byProfile: db
      .prepare<[string, string], { profile: string | null; microUsd: number }>(
        "SELECT profile, SUM(amount_micro_usd) AS microUsd FROM spend WHERE at >= ? AND at < ? AND bucket = 'spend' GROUP BY profile ORDER BY microUsd DESC, coalesce(profile, '')",
      )
      .all(from, to),
    byDay: db
      .prepare<[string, string], { day: string; microUsd: number }>(
        "SELECT date(at, 'localtime') AS day, SUM(amount_micro_usd) AS microUsd FROM spend WHERE at >= ? AND at < ? AND bucket = 'spend' GROUP BY day ORDER BY day",
      )
      .all(from, to),
    outcomes: db
      .prepare<[string, string], { modelId: string; status: string; jobs: number }>(
        `SELECT model_id AS modelId, status, count(*) AS jobs FROM generations
         WHERE finished_at >= ? AND finished_at < ? AND status IN ${TERMINAL} GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(from, to),
  };
}

function fromRollups(db: Db, from: string, to: string): ReturnType<typeof scans> {
  const byOrder = (a: { modelId: string; status: string }, b: { modelId: string; status: string }) =>
    a.modelId.localeCompare(b.modelId) || a.status.localeCompare(b.status);
  return {
    byModel: spendByModel(db, from, to),
    byProfile: spendByProfile(db, from, to),
    byDay: spendByLocalDay(db, from, to),
    outcomes: outcomeCounts(db, from, to).sort(byOrder),
  };
}

function expectSameReports(db: Db, instants: string[]): number {
  let checked = 0;
  for (const from of ['', ...instants])
    for (const to of [...instants, END_OF_TIME]) {
      const scanned = scans(db, from, to);
      const read = fromRollups(db, from, to);
      // Ties in the profile order are broken the same way by both.
      expect(read, `${from} → ${to}`).toEqual(scanned);
      checked++;
    }
  return checked;
}

describe('spend rollups', () => {
  it('equal the ledger and the jobs after charges, failures, cancels, adjustments and uncertain spend resolved', () => {
    l = testLibrary('2026-03-09T23:50:00.000Z');
    const lib = l;
    const job = (modelId: string, profile: string | undefined, estimate: number) => {
      const [queued] = lib.generations.queue([
        { params: { modelId, prompt: 'x' }, ...(profile === undefined ? {} : { profile }), estimateMicroUsd: estimate },
      ]).jobs;
      if (!queued) throw new Error('no job');
      return queued.id;
    };
    const succeed = (jobId: string, amountMicroUsd: number) => {
      const sha = jobId.padStart(64, '0');
      lib.generations.recordGenerationOutcome({
        jobId,
        status: 'succeeded',
        image: { sha256: sha, path: `library/00/${sha}.png`, width: 1, height: 1, bytes: 1, format: 'png' },
        charge: { kind: 'charge', amountMicroUsd, priceSource: 'catalog:2025-06' },
      });
    };
    const a = job('nova', 'work', 40_000);
    const b = job('sd35', undefined, 80_000);
    const c = job('sd35', 'home', 80_000);
    const d = job('nova', 'home', 40_000);
    const e = job('titan', 'work', 10_000);
    lib.advance(9 * 60_000); // across midnight UTC and a quarter hour
    succeed(a, 40_000);
    lib.generations.recordGenerationOutcome({
      jobId: b,
      status: 'filtered',
      charge: { kind: 'none' },
      error: { code: 'content-filtered', message: 'no' },
    });
    lib.generations.cancelQueued(e);
    lib.generations.setRunningStatus(c, 'saving');
    lib.generations.setRunningStatus(d, 'waiting');
    lib.advance(3_600_000);
    expect(lib.generations.recoverInterrupted().map((j) => j.id)).toEqual([c, d]);
    let { kept, rebuilt } = rollupsAndRows(lib.db);
    expect(kept).toEqual(rebuilt);
    lib.advance(86_400_000);
    lib.generations.resolveUncertain(c, { billed: true, amountMicroUsd: 75_000, note: 'on the AWS bill' });
    lib.generations.resolveUncertain(d, { billed: false });
    lib.spend.adjust({ amountMicroUsd: -5_000, note: 'refund', generationId: a });
    lib.spend.adjust({ amountMicroUsd: 1_234, note: 'bill' }); // no model, no profile
    ({ kept, rebuilt } = rollupsAndRows(lib.db));
    expect(kept).toEqual(rebuilt);
    expect(lib.spend.byModel()).toEqual([
      { modelId: 'sd35', images: 0, microUsd: 75_000 },
      { modelId: 'nova', images: 1, microUsd: 35_000 },
      { modelId: '', images: 0, microUsd: 1_234 },
    ]);
    expect(lib.spend.byProfile()).toEqual([
      { profile: 'home', microUsd: 75_000 },
      { profile: 'work', microUsd: 35_000 },
      { profile: null, microUsd: 1_234 },
    ]);
    const times = lib.db
      .prepare<[], { at: string }>('SELECT DISTINCT at FROM spend UNION SELECT finished_at FROM generations')
      .all()
      .flatMap((r) => (r.at ? [r.at] : []));
    expect(
      expectSameReports(lib.db, [...times, '2026-03-10T00:00:00.000Z', '2026-03-11T01:00:00.000Z']),
    ).toBeGreaterThan(40);
  });

  it('equal plain scans for any range over random rows, in a time zone 45 minutes off the hour', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kathmandu';
    cleanups.push(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    l = testLibrary('2026-03-10T12:00:00.000Z');
    const db = l.db;
    // SQLite's 'localtime' follows the zone: without it the local-day check would prove nothing.
    expect(db.prepare("SELECT datetime('2026-01-01T00:00:00.000Z', 'localtime') AS t").get()).toEqual({
      t: '2026-01-01 05:45:00',
    });
    const random = seeded(11);
    const base = Date.parse('2025-12-28T00:00:00.000Z');
    const at = () =>
      random() < 0.3
        ? new Date(base + Math.floor(random() * 8 * 96) * 900_000).toISOString() // on a quarter hour
        : new Date(base + Math.floor(random() * 8 * 86_400_000)).toISOString();
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const statuses = ['queued', 'sending', 'succeeded', 'failed', 'filtered', 'cancelled', 'interrupted'] as const;
    db.transaction(() => {
      for (let i = 0; i < 500; i++) {
        const bucket = pick(['spend', 'spend', 'hold', 'uncertain'] as const);
        appendLedger(db, {
          generationId: null,
          modelId: pick(['a', 'b', '', null]),
          profile: pick(['work', 'home', '', null]),
          kind: bucket === 'spend' ? pick(['charge', 'adjustment'] as const) : 'reservation',
          amountMicroUsd: Math.floor(random() * 100_000) - 20_000,
          priceSource: null,
          at: at(),
          bucket,
        });
      }
      const insert = db.prepare(
        "INSERT INTO generations (created_at, status, model_id, params, finished_at) VALUES ('2025-12-01T00:00:00.000Z', ?, ?, '{}', ?)",
      );
      for (let i = 0; i < 300; i++) insert.run(pick(statuses), pick(['a', 'b', 'c']), random() < 0.1 ? null : at());
      // Jobs move: a status changes, a finish time is set or cleared, a job is removed.
      const update = db.prepare('UPDATE generations SET status = ?, finished_at = ? WHERE id = ?');
      for (let i = 0; i < 200; i++)
        update.run(pick(statuses), random() < 0.1 ? null : at(), 1 + Math.floor(random() * 300));
      db.prepare('UPDATE generations SET model_id = ? WHERE id % 17 = 0').run('d');
      db.prepare('DELETE FROM generations WHERE id % 13 = 0').run();
    })();
    const { kept, rebuilt } = rollupsAndRows(db);
    expect(kept).toEqual(rebuilt);
    const instants = ['2025-12-30T00:00:00.000Z', '2025-12-30T18:15:00.000Z', '2026-01-01', 'not a time'];
    for (let i = 0; i < 16; i++) instants.push(at());
    expect(expectSameReports(db, instants)).toBeGreaterThan(300);
  });

  it('migration spend-rollups builds them from the rows already there', () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'easel.db');
    const before = MIGRATIONS.findIndex((m) => m.name === 'spend-rollups');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
    const random = seeded(3);
    for (let i = 0; i < 200; i++)
      appendLedger(old, {
        generationId: null,
        modelId: i % 5 === 0 ? null : `m${i % 3}`,
        profile: i % 4 === 0 ? null : `p${i % 2}`,
        kind: i % 3 === 0 ? 'reservation' : 'charge',
        amountMicroUsd: Math.floor(random() * 90_000),
        priceSource: null,
        at: new Date(Date.parse('2026-01-01T00:00:00.000Z') + Math.floor(random() * 5 * 86_400_000)).toISOString(),
        bucket: i % 3 === 0 ? 'hold' : 'spend',
      });
    old.exec(`INSERT INTO generations (created_at, status, model_id, params, finished_at) VALUES
      ('2026-01-01T00:00:00.000Z', 'succeeded', 'm1', '{}', '2026-01-01T00:01:00.000Z'),
      ('2026-01-01T00:00:00.000Z', 'succeeded', 'm1', '{}', '2026-01-02T10:00:00.000Z'),
      ('2026-01-01T00:00:00.000Z', 'failed', 'm2', '{}', '2026-01-02T10:00:00.000Z'),
      ('2026-01-01T00:00:00.000Z', 'queued', 'm2', '{}', NULL)`);
    old.close();
    const db = openDatabase(file);
    cleanups.unshift(() => db.close());
    const { kept, rebuilt } = rollupsAndRows(db);
    expect(kept).toEqual(rebuilt);
    expect((kept[0] as unknown[]).length).toBeGreaterThan(10);
    expect(kept[2]).toEqual([
      { day: '2026-01-01', model_id: 'm1', status: 'succeeded', jobs: 1 },
      { day: '2026-01-02', model_id: 'm1', status: 'succeeded', jobs: 1 },
      { day: '2026-01-02', model_id: 'm2', status: 'failed', jobs: 1 },
    ]);
    expect(expectSameReports(db, ['2026-01-02T00:00:00.000Z', '2026-01-03T07:30:00.000Z'])).toBe(9);
  });
});
