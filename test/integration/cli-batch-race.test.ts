// Two `easel batch` runs of the same manifest started together, as real child processes on one
// data folder and one emulator. Each batch item is claimed once in the database (migration 003),
// so the emulator bills exactly one image per item and the ledger charges exactly what it billed;
// both runs end with every item done (by itself or by the other run).
import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billedTotal, CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

interface BatchSummary {
  total: number;
  done: number;
  skipped: number;
  items: { key: string; status: string; imageId: string | null }[];
}

const ASSETS = 5;
const VARIANTS = 4;

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function manifest(round: number): string {
  const assets = Array.from({ length: ASSETS }, (_, i) => `  - key: a${i}\n    prompt: race ${round} asset ${i}\n`);
  return `name: race${round}\ndefaults:\n  model: ${CORE}\n  variants: ${VARIANTS}\nassets:\n${assets.join('')}`;
}

describe('the same manifest run twice at once', () => {
  it('pays once per item: billing = distinct items, ledger = billing', async () => {
    h = await createCliHarness({ emulator: { latencyMs: 60 } });
    const harness = h;
    for (let round = 0; round < 2; round++) {
      const file = `m${round}.yaml`;
      await writeFile(join(harness.dir, file), manifest(round));
      const billedBefore = harness.emulator.billing().length;
      const runs = [0, 1].map(() => harness.start(['batch', file, '--concurrency', '4', '--json']).done);
      const results = await Promise.all(runs);
      for (const result of results) {
        expect(result.code, result.stderr).toBe(0);
        const summary = json<BatchSummary>(result);
        expect(summary.total).toBe(ASSETS * VARIANTS);
        expect(summary.done + summary.skipped).toBe(ASSETS * VARIANTS);
      }
      // Both runs name the same image for each item.
      const [first, second] = results.map((r) => json<BatchSummary>(r).items);
      expect(second?.map((i) => i.imageId)).toEqual(first?.map((i) => i.imageId));
      expect(harness.emulator.billing().length - billedBefore).toBe(ASSETS * VARIANTS);
    }
    const db = new Database(join(harness.dataDir, 'easel.db'), { readonly: true });
    try {
      const charged = db
        .prepare("SELECT count(*) AS n, coalesce(sum(amount_micro_usd), 0) AS total FROM spend WHERE kind = 'charge'")
        .get() as { n: number; total: number };
      expect(charged.n).toBe(harness.emulator.billing().length);
      expect(charged.total).toBe(billedTotal(harness.emulator));
      expect(db.prepare("SELECT count(*) AS n FROM spend WHERE kind = 'uncertain'").get()).toEqual({ n: 0 });
      const jobs = db.prepare('SELECT count(*) AS n, count(DISTINCT batch_key) AS keys FROM generations').get();
      expect(jobs).toEqual({ n: 2 * ASSETS * VARIANTS, keys: 2 * ASSETS * VARIANTS });
    } finally {
      db.close();
    }
  }, 120_000);
});
