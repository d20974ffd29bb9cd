// kill -9 of a CLI batch at random moments, with requests in flight at the emulator. After each
// kill: the next run recovers (interrupted jobs reported, their spend uncertain; answers already
// received are finished from the spool and charged), the database is intact, no file is an
// unexplained orphan, and the emulator's billing log, seed by seed (each batch item has its own
// fixed seed, so a resent item is the same request again), matches the ledger:
// - lost: a billed request that is neither charged nor uncertain;
// - paid twice: a seed charged twice, or billed again although its answer had reached Easel before
//   the kill (its job was `saving`, or its answer was in the spool).
// Both must be 0. Requests that were in flight at the kill are uncertain and resent (counted apart).
// Half the kills fall at a random moment, half while a job is `saving` (the answer in hand).
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billedTotal, CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

interface BatchSummary {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  notRun: number;
  interrupted: { jobId: string }[];
}
interface Check {
  ok: boolean;
  missingFiles: unknown[];
  orphanFiles: string[];
  tempFiles: string[];
  repair: { adopted: unknown[]; unreadable: string[] } | null;
}

const TRIALS = 6;
const LATENCY_MS = 200;

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** Two assets of three variants; every item has its own seed (asset seed + variant). */
function manifest(trial: number): string {
  return `name: crash${trial}\ndefaults:\n  model: ${CORE}\n  variants: 3\nassets:\n  - key: a\n    prompt: crash test a ${trial}\n    seed: ${trial * 1000 + 100}\n  - key: b\n    prompt: crash test b ${trial}\n    seed: ${trial * 1000 + 200}\n`;
}

interface SeedLedger {
  seed: number;
  charges: number;
  uncertain: number;
}

/** Seeds of the jobs whose answer had reached Easel when it was killed: `saving`, or spooled. */
function answeredAtKill(dataDir: string): Set<number> {
  const db = new Database(join(dataDir, 'easel.db'), { readonly: true });
  try {
    const spooled = existsSync(join(dataDir, 'spool'))
      ? readdirSync(join(dataDir, 'spool')).map((name) => Number.parseInt(name, 10))
      : [];
    const rows = db
      .prepare(
        `SELECT seed FROM generations WHERE status = 'saving' OR id IN (${spooled.filter(Number.isSafeInteger).join(',') || 'NULL'})`,
      )
      .all() as { seed: number }[];
    return new Set(rows.map((r) => r.seed));
  } finally {
    db.close();
  }
}

/** Resolves once a job of the data folder is `saving` (its answer received, the image being stored). */
async function untilSaving(dataDir: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  const file = join(dataDir, 'easel.db');
  await waitFor(() => existsSync(file), timeoutMs);
  const db = new Database(file, { readonly: true });
  try {
    const saving = db.prepare("SELECT COUNT(*) AS n FROM generations WHERE status = 'saving'");
    while ((saving.get() as { n: number }).n === 0) {
      if (Date.now() > end) throw new Error('no job reached saving');
      await new Promise((r) => setImmediate(r)); // the emulator shares this event loop
    }
  } finally {
    db.close();
  }
}

/** Per job seed: how many charges and (non-zero) uncertain entries the ledger holds. */
function ledgerBySeed(db: Database.Database): Map<number, SeedLedger> {
  const rows = db
    .prepare(
      `SELECT g.seed AS seed,
              SUM(CASE WHEN s.kind = 'charge' THEN 1 ELSE 0 END) AS charges,
              SUM(CASE WHEN s.kind = 'uncertain' AND s.amount_micro_usd > 0 THEN 1 ELSE 0 END) AS uncertain
       FROM generations g JOIN spend s ON s.generation_id = g.id GROUP BY g.seed`,
    )
    .all() as SeedLedger[];
  return new Map(rows.map((r) => [r.seed, r]));
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kill -9 of a CLI batch', () => {
  it(`loses nothing that was paid for and pays nothing twice (${TRIALS} kills)`, async () => {
    h = await createCliHarness({ emulator: { latencyMs: LATENCY_MS } });
    const harness = h;
    let random = 12345;
    const next = (): number => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random / 2 ** 31;
    };
    let interruptedSeen = 0;
    let lost = 0;
    let paidTwice = 0;
    let resentInFlight = 0;
    let inHandSeen = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      await writeFile(join(harness.dir, `m${trial}.yaml`), manifest(trial));
      const before = harness.emulator.requests();
      const { child, done } = harness.start(['batch', `m${trial}.yaml`, '--concurrency', '2', '--json']);
      // Kill somewhere between the first request reaching the emulator and a few responses later,
      // or (odd trials) the moment a job is saving an answer it received.
      await waitFor(() => harness.emulator.requests() > before, 15_000);
      if (trial % 2 === 1) await untilSaving(harness.dataDir, 15_000);
      else await new Promise((r) => setTimeout(r, Math.floor(next() * LATENCY_MS * 3)));
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      // Let requests already at the emulator finish (and be billed) before looking.
      await new Promise((r) => setTimeout(r, LATENCY_MS + 100));
      const inHand = answeredAtKill(harness.dataDir);
      inHandSeen += inHand.size;

      // The next run recovers and completes the batch, reporting what was interrupted.
      const rerun = await harness.run(['batch', `m${trial}.yaml`, '--json'], { timeoutMs: 30_000 });
      expect(rerun.code, rerun.stderr).toBe(0);
      const summary = json<BatchSummary>(rerun);
      expect(summary.done + summary.skipped).toBe(6);
      interruptedSeen += summary.interrupted.length;
      if (summary.interrupted.length) expect(rerun.stderr).toMatch(/interrupted by an earlier run/);

      // Database intact.
      const db = new Database(join(harness.dataDir, 'easel.db'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        // No lost paid image: every billed request is a charged job or an uncertain one.
        const charged = db
          .prepare("SELECT COUNT(*) AS n, COALESCE(SUM(amount_micro_usd), 0) AS total FROM spend WHERE kind = 'charge'")
          .get() as { n: number; total: number };
        const uncertain = db
          .prepare(
            "SELECT COUNT(*) AS n, COALESCE(SUM(amount_micro_usd), 0) AS total FROM spend WHERE kind = 'uncertain' AND amount_micro_usd > 0",
          )
          .get() as { n: number; total: number };
        const billed = harness.emulator.billing();
        expect(charged.n + uncertain.n).toBeGreaterThanOrEqual(billed.length);
        expect(charged.total + uncertain.total).toBeGreaterThanOrEqual(billedTotal(harness.emulator));
        expect(charged.total).toBeLessThanOrEqual(billedTotal(harness.emulator));
        // Seed by seed: billed requests against the ledger.
        const bySeed = ledgerBySeed(db);
        const billedHere = harness.emulator
          .billing()
          .filter((b) => b.seed !== null && Math.floor(b.seed / 1000) === trial);
        for (const seed of new Set(billedHere.map((b) => b.seed as number))) {
          const billings = billedHere.filter((b) => b.seed === seed);
          const books = bySeed.get(seed) ?? { seed, charges: 0, uncertain: 0 };
          lost += Math.max(0, billings.length - books.charges - books.uncertain);
          if (books.charges > 1) paidTwice += books.charges - 1;
          if (billings.length > 1 && inHand.has(seed)) paidTwice += billings.length - 1;
          else if (billings.length > 1) resentInFlight += billings.length - 1;
        }
        // Every charged success points at an image that exists.
        expect(
          db
            .prepare(
              "SELECT COUNT(*) AS n FROM generations g LEFT JOIN images i ON i.id = g.image_id WHERE g.status = 'succeeded' AND i.id IS NULL",
            )
            .get(),
        ).toEqual({ n: 0 });
        expect(
          db
            .prepare("SELECT COUNT(*) AS n FROM generations WHERE status IN ('queued','sending','waiting','saving')")
            .get(),
        ).toEqual({ n: 0 });
      } finally {
        db.close();
      }

      // Files: nothing unexplained. Orphans (file written, row not committed) are recoverable.
      const checked = await harness.run(['check', '--json']);
      const check = json<Check>(checked);
      expect(check.missingFiles).toEqual([]);
      if (check.orphanFiles.length) {
        expect(checked.code).toBe(1);
        const repaired = json<Check>(await harness.run(['check', '--repair', '--json']));
        expect(repaired.repair?.unreadable).toEqual([]);
        expect(repaired.repair?.adopted).toHaveLength(check.orphanFiles.length);
        expect(repaired.ok).toBe(true);
      } else {
        expect(checked.code, checked.stdout).toBe(0);
        expect(check.ok).toBe(true);
      }
    }
    // With latency in flight, at least one kill caught a running job.
    expect(interruptedSeen).toBeGreaterThan(0);
    const billed = harness.emulator.billing().length;
    console.log(
      `kill -9 trials: ${TRIALS}, billed requests ${billed}, answers in hand at a kill ${inHandSeen}, lost ${lost}, paid twice ${paidTwice}, resent after an in-flight (uncertain) request ${resentInFlight}`,
    );
    expect(inHandSeen).toBeGreaterThan(0);
    expect({ lost, paidTwice }).toEqual({ lost: 0, paidTwice: 0 });
  }, 180_000);
});
