// Helpers for this folder's tests: a library in a fresh temp folder with a movable clock, and
// real images made with sharp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openLibrary, type Library } from './library.ts';

export interface TestLibrary extends Library {
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
  const library = openLibrary({ dataDir: dir, clock: () => new Date(now) });
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
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 } } })
    .png()
    .toBuffer();
}

export async function jpegBytes(width = 64, height = 48, seed = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: 90, b: 200 } } })
    .jpeg()
    .toBuffer();
}
