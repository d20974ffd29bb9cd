// kill -9 of a CLI batch at random moments, with requests in flight at the emulator. After each
// kill: the next run recovers (interrupted jobs reported, their spend uncertain), the database is
// intact, no file is an unexplained orphan, and every request the emulator billed is either an
// image in the library or uncertain spend — nothing paid for is lost silently.
import Database from 'better-sqlite3';
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

const TRIALS = 5;
const LATENCY_MS = 200;

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function manifest(trial: number): string {
  return `name: crash${trial}\ndefaults:\n  model: ${CORE}\n  variants: 3\nassets:\n  - key: a\n    prompt: crash test a ${trial}\n  - key: b\n    prompt: crash test b ${trial}\n`;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kill -9 of a CLI batch', () => {
  it(`loses nothing that was paid for (${TRIALS} random kills)`, async () => {
    h = await createCliHarness({ emulator: { latencyMs: LATENCY_MS } });
    const harness = h;
    let random = 12345;
    const next = (): number => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random / 2 ** 31;
    };
    let interruptedSeen = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      await writeFile(join(harness.dir, `m${trial}.yaml`), manifest(trial));
      const before = harness.emulator.requests();
      const { child, done } = harness.start(['batch', `m${trial}.yaml`, '--concurrency', '2', '--json']);
      // Kill somewhere between the first request reaching the emulator and a few responses later.
      await waitFor(() => harness.emulator.requests() > before, 15_000);
      await new Promise((r) => setTimeout(r, Math.floor(next() * LATENCY_MS * 3)));
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      // Let requests already at the emulator finish (and be billed) before looking.
      await new Promise((r) => setTimeout(r, LATENCY_MS + 100));

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
  }, 120_000);
});
