// Helpers for this folder's tests: a library in a fresh temp folder with a movable clock, and
// real images made with sharp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
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
