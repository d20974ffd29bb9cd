// Helpers for this folder's tests: a library in a fresh temp folder with a movable clock, and
// real images made with sharp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Db } from './db.ts';
import { openStorage, type Storage } from './storage.ts';

export interface TestLibrary extends Storage {
  dir: string;
  setNow(iso: string): void;
  advance(ms: number): void;
  dispose(): void;
}

export function tempDir(prefix = 'easel-lib-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testLibrary(startIso = '2026-03-15T12:00:00.000Z'): TestLibrary {
  const dir = tempDir();
  let now = new Date(startIso);
  const library = openStorage({ dataDir: dir, clock: () => new Date(now) });
  return Object.assign(library, {
    dir,
    setNow(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    dispose() {
      library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A real PNG of the given size; `seed` changes its colour (and so its bytes). */
export async function pngBytes(width = 64, height = 48, seed = 1): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 } },
  })
    .png()
    .toBuffer();
}

export async function jpegBytes(width = 64, height = 48, seed = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 90, b: 200 } } })
    .jpeg()
    .toBuffer();
}

/** Search text that is FTS5 syntax, or breaks naive query building. */
export const NASTY_INPUTS = [
  '"',
  '""',
  '"unbalanced',
  "cat's",
  '*',
  '**',
  'cat*',
  '*cat',
  'NEAR(',
  'NEAR(a b',
  'NEAR(a b, 2)',
  '(',
  ')',
  '((a)',
  'a)',
  'AND',
  'OR',
  'NOT',
  'a AND',
  'OR b',
  'NOT NOT',
  'a OR OR b',
  '-',
  '-cat',
  'a - b',
  ':',
  'prompt:cat',
  'negative_prompt:x',
  '^cat',
  '{a b}',
  '[x]',
  'a + b',
  "'; DROP TABLE images; --",
  '\\',
  '\u0000',
  '🙂',
  '猫',
  'über',
  'é',
  '   ',
  '',
  'x'.repeat(5000),
  'a '.repeat(500),
  '"a" "b"',
  'col : "x"',
  '\n\t',
  'NEAR',
  'near(',
  '"*"',
  'AND OR NOT',
];

/** The rollup tables as they are, and as grouping the rows now would build them. */
export function rollupsAndRows(db: Db): { kept: unknown[]; rebuilt: unknown[] } {
  const read = (sql: string): unknown[] => db.prepare(sql).all();
  return {
    kept: [
      read(
        'SELECT day, model_id, profile, no_profile, amount_micro_usd, entries FROM spend_model_days ORDER BY 1, 2, 3, 4',
      ),
      read('SELECT quarter, amount_micro_usd, entries FROM spend_quarters ORDER BY 1'),
      read('SELECT day, model_id, status, jobs FROM generation_outcomes WHERE jobs > 0 ORDER BY 1, 2, 3'),
    ],
    rebuilt: [
      read(`SELECT substr(at, 1, 10) AS day, coalesce(model_id, '') AS model_id, coalesce(profile, '') AS profile,
              profile IS NULL AS no_profile, SUM(amount_micro_usd) AS amount_micro_usd, count(*) AS entries
            FROM spend WHERE bucket = 'spend' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
      read(`SELECT substr(at, 1, 14) || printf('%02d', (CAST(substr(at, 15, 2) AS INTEGER) / 15) * 15) AS quarter,
              SUM(amount_micro_usd) AS amount_micro_usd, count(*) AS entries
            FROM spend WHERE bucket = 'spend' GROUP BY 1 ORDER BY 1`),
      read(`SELECT substr(finished_at, 1, 10) AS day, model_id, status, count(*) AS jobs FROM generations
            WHERE finished_at IS NOT NULL AND status IN ('succeeded','failed','filtered','cancelled','interrupted') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    ],
  };
}
