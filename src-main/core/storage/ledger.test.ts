import { afterEach, describe, expect, it } from 'vitest';
import { appendLedger, bucketTotal, END_OF_TIME, spentBetween } from './ledger.ts';
import { testLibrary, type TestLibrary } from './test-support.ts';
import type { SpendBucket } from './rows.ts';

let l: TestLibrary | null = null;

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
afterEach(() => {
  l?.dispose();
  l = null;
});

describe('ledger sums through the spend_days rollup', () => {
  it('equal a plain scan of the ledger for any range, bucket set and entry times', () => {
    l = testLibrary('2026-03-10T12:00:00.000Z');
    const db = l.db;
    const random = seeded(7);
    const buckets: SpendBucket[] = ['spend', 'uncertain', 'hold'];
    const base = Date.parse('2025-12-20T00:00:00.000Z');
    const times: string[] = ['2026-01-01T00:00:00.000Z', '2026-01-01T23:59:59.999Z', '2026-01-02T00:00:00.000Z'];
    const insert = db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        // Many entries exactly at midnight, the rest anywhere over ~80 days.
        const at =
          i < times.length
            ? (times[i] ?? '')
            : random() < 0.2
              ? new Date(base + Math.floor(random() * 80) * 86_400_000).toISOString()
              : new Date(base + Math.floor(random() * 80 * 86_400_000)).toISOString();
        const bucket = buckets[Math.floor(random() * 3)] ?? 'spend';
        appendLedger(db, {
          generationId: null,
          modelId: 'm',
          profile: null,
          kind: bucket === 'spend' ? 'charge' : bucket === 'hold' ? 'reservation' : 'uncertain',
          amountMicroUsd: Math.floor(random() * 100_000) - 20_000,
          priceSource: null,
          at,
          bucket,
        });
      }
    });
    insert();
    const scan = (from: string, to: string | null, set: readonly SpendBucket[]): number =>
      db
        .prepare<string[], { t: number | null }>(
          `SELECT SUM(amount_micro_usd) AS t FROM spend WHERE at >= ? AND at < ? AND bucket IN (${set.map(() => '?').join(',')})`,
        )
        .get(from, to ?? END_OF_TIME, ...set)?.t ?? 0;
    const instants = [
      '',
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.001Z',
      '2026-01-01T23:59:59.999Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T10:20:30.400Z',
      '2026-02-01',
      'not a time',
      '2026-02-30T05:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
      END_OF_TIME,
    ];
    for (let i = 0; i < 40; i++) instants.push(new Date(base + Math.floor(random() * 90 * 86_400_000)).toISOString());
    let checked = 0;
    for (const from of instants) {
      for (const to of [...instants.filter((t) => t !== ''), null]) {
        for (const set of [['spend'], ['spend', 'uncertain'], ['hold']] as SpendBucket[][]) {
          expect(spentBetween(db, from, to, set), `${from} → ${to} ${set.join('+')}`).toBe(scan(from, to, set));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    for (const bucket of buckets) expect(bucketTotal(db, bucket)).toBe(scan('', null, [bucket]));
    // The rollup is kept by the insert trigger, one row per bucket and UTC day.
    const rollup = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM spend_days').get()?.n ?? 0;
    const days =
      db
        .prepare<[], { n: number }>('SELECT count(*) AS n FROM (SELECT DISTINCT bucket, substr(at, 1, 10) FROM spend)')
        .get()?.n ?? 0;
    expect(rollup).toBe(days);
  });
});
