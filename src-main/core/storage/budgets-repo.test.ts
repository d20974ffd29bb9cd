import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { BudgetsRepo } from './budgets-repo.ts';
import { openDatabase, type Db } from './db.ts';
import { GenerationsRepo } from './generations-repo.ts';
import { SpendRepo } from './spend-repo.ts';
import { tempDir, testLibrary, type TestLibrary } from './test-support.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function lib(start?: string): TestLibrary {
  const l = testLibrary(start);
  cleanups.push(() => l.dispose());
  return l;
}
const job = (estimateMicroUsd: number) => ({ params: { modelId: 'm', prompt: 'p' }, estimateMicroUsd });

function refusal(fn: () => unknown): EaselError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EaselError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('budgets', () => {
  it('sets, lists and clears budgets', () => {
    const l = lib();
    l.budgets.set({ period: 'month', limitMicroUsd: 20_000_000, hard: false });
    l.budgets.set({ period: 'day', limitMicroUsd: 1_000_000, hard: true });
    l.budgets.set({ period: 'day', limitMicroUsd: 2_000_000, hard: true });
    expect(l.budgets.list()).toEqual([
      { period: 'day', limitMicroUsd: 2_000_000, hard: true },
      { period: 'month', limitMicroUsd: 20_000_000, hard: false },
    ]);
    l.budgets.clear('day');
    expect(l.budgets.list().map((b) => b.period)).toEqual(['month']);
  });

  it('refuses past a hard budget with a message naming the budget, its limit and what is left', () => {
    const l = lib();
    l.budgets.set({ period: 'day', limitMicroUsd: 100_000, hard: true });
    l.generations.queue([job(60_000)]);
    const error = refusal(() => l.generations.queue([job(30_000), job(30_000)]));
    expect(error.code).toBe('budget-exceeded');
    expect(error.message).toBe(
      'This would pass your daily hard budget of $0.10: $0.06 is already spent or reserved today, $0.04 is left, and these 2 images are estimated at $0.06. Raise the budget or wait for the next day.',
    );
    // Exactly up to the limit is allowed.
    expect(() => l.generations.queue([job(40_000)])).not.toThrow();
    expect(() => l.generations.queue([job(1)])).toThrow(/hard budget/);
  });

  it('warns past a soft budget and still reserves', () => {
    const l = lib();
    l.budgets.set({ period: 'month', limitMicroUsd: 50_000, hard: false });
    const { warnings, jobs } = l.generations.queue([job(60_000)]);
    expect(jobs).toHaveLength(1);
    expect(warnings).toEqual([
      {
        period: 'month',
        limitMicroUsd: 50_000,
        usedMicroUsd: 60_000,
        message: 'Over your monthly soft budget of $0.05: $0.06 spent or reserved this month.',
      },
    ]);
  });

  it('counts a day budget per day and a month budget per month, with open holds carried over', () => {
    const l = lib('2026-03-15T12:00:00.000Z');
    l.budgets.set({ period: 'day', limitMicroUsd: 100_000, hard: true });
    l.budgets.set({ period: 'month', limitMicroUsd: 250_000, hard: true });
    const [a] = l.generations.queue([job(100_000)]).jobs;
    l.generations.recordGenerationOutcome({ jobId: a?.id ?? '', status: 'failed', charge: { kind: 'none' } });
    expect(l.budgets.usage().map((u) => u.usedMicroUsd)).toEqual([0, 0]);
    const [b] = l.generations.queue([job(100_000)]).jobs;
    l.generations.recordGenerationOutcome({
      jobId: b?.id ?? '',
      status: 'failed',
      charge: { kind: 'charge', amountMicroUsd: 100_000, priceSource: 't' },
    });
    expect(() => l.generations.queue([job(1)])).toThrow(/daily/);
    l.advance(24 * 3600_000); // the next day: the day budget is free again
    const [c] = l.generations.queue([job(100_000)]).jobs; // held
    l.advance(24 * 3600_000);
    // The hold from yesterday still counts today (its charge will land now).
    expect(l.budgets.usage()[0]).toMatchObject({ spentMicroUsd: 0, heldMicroUsd: 100_000, remainingMicroUsd: 0 });
    expect(() => l.generations.queue([job(1)])).toThrow(/daily/);
    l.generations.recordGenerationOutcome({
      jobId: c?.id ?? '',
      status: 'failed',
      charge: { kind: 'charge', amountMicroUsd: 100_000, priceSource: 't' },
    });
    expect(l.budgets.usage()[1]).toMatchObject({ spentMicroUsd: 200_000, heldMicroUsd: 0 });
    l.advance(24 * 3600_000);
    expect(() => l.generations.queue([job(50_001)])).toThrow(
      /monthly hard budget of \$0.25: \$0.20 is already spent or reserved this month, \$0.05 is left/,
    );
    l.setNow('2026-04-01T12:00:00.000Z');
    expect(() => l.generations.queue([job(100_000)])).not.toThrow();
  });

  it('never lets interleaved reservers on separate connections pass a hard budget', () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'easel.db');
    const conns: Db[] = Array.from({ length: 6 }, () => openDatabase(file));
    cleanups.push(() => conns.forEach((c) => c.close()));
    const limit = 1_000_000;
    new BudgetsRepo(conns[0] as Db).set({ period: 'day', limitMicroUsd: limit, hard: true });
    const repos = conns.map((c) => ({
      jobs: new GenerationsRepo(c),
      budgets: new BudgetsRepo(c),
      spend: new SpendRepo(c),
    }));
    let seed = 17;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    let accepted = 0;
    for (let round = 0; round < 400; round++) {
      const r = repos[Math.floor(random() * repos.length)];
      if (!r) continue;
      const estimate = 1 + Math.floor(random() * 30_000);
      const before = r.budgets.usage()[0]?.usedMicroUsd ?? 0;
      try {
        const [j] = r.jobs.queue([job(estimate)]).jobs;
        accepted++;
        expect(before + estimate).toBeLessThanOrEqual(limit);
        // Finish some on another connection, charging less than the estimate now and then.
        const other = repos[(round + 1) % repos.length];
        if (j && other && random() < 0.6) {
          other.jobs.recordGenerationOutcome({
            jobId: j.id,
            status: 'failed',
            charge: { kind: 'charge', amountMicroUsd: Math.floor(estimate * random()), priceSource: 't' },
          });
        }
      } catch (error) {
        if (!(error instanceof EaselError) || error.code !== 'budget-exceeded') throw error;
        expect(before + estimate).toBeGreaterThan(limit); // refused only when there was truly no room
      }
      const s = r.spend.summary();
      expect(s.todayMicroUsd + s.heldMicroUsd + s.uncertainMicroUsd).toBeLessThanOrEqual(limit);
    }
    expect(accepted).toBeGreaterThan(30);
  });

  it('never lets truly concurrent reservers (8 worker threads, 8 connections) pass a hard budget', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'easel.db');
    const db = openDatabase(file);
    cleanups.push(() => db.close());
    const limit = 2_000_000;
    new BudgetsRepo(db).set({ period: 'day', limitMicroUsd: limit, hard: true });
    const start = new SharedArrayBuffer(4);
    const workers = Array.from(
      { length: 8 },
      (_, i) =>
        new Worker(new URL('./budget-race.worker.ts', import.meta.url), {
          workerData: { file, attempts: 40, seed: 1000 + i, start },
        }),
    );
    const results = workers.map(
      (w) =>
        new Promise<{ accepted: number; refused: number }>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    await new Promise((r) => setTimeout(r, 300)); // let every worker open and reach the gate
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
    const totals = (await Promise.all(results)).reduce((a, b) => ({
      accepted: a.accepted + b.accepted,
      refused: a.refused + b.refused,
    }));
    expect(totals.accepted + totals.refused).toBe(320);
    expect(totals.refused).toBeGreaterThan(0);
    const spend = new SpendRepo(db).summary();
    expect(spend.todayMicroUsd + spend.heldMicroUsd).toBeLessThanOrEqual(limit);
    // The mirror of open holds on the jobs equals the ledger's hold bucket, to the micro-dollar.
    const ledgerHolds = db
      .prepare<[], { s: number }>("SELECT coalesce(SUM(amount_micro_usd), 0) AS s FROM spend WHERE bucket = 'hold'")
      .get()?.s;
    expect(ledgerHolds).toBe(spend.heldMicroUsd);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
