// Folders of distinct small PNGs with AUTOMATIC1111 parameters, for import tests and the import
// benchmark: one encoded base image, then a different text chunk per file (so every file has its
// own bytes and hash, and writing 20,000 of them takes a second, not minutes of PNG encoding).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { writePngTextChunks } from '../../src-main/core/metadata/index.ts';

export interface ImageFolderOptions {
  /** Files per subfolder (default: all in the folder itself). */
  perFolder?: number;
  /** Side of the square base image (default 64). */
  size?: number;
  /** The number of the first file (default 0): folders with other numbers hold other bytes. */
  first?: number;
  /** The PNG every file starts from (default: a flat `size`² image). */
  base?: Buffer;
}

export function a1111Parameters(i: number): string {
  return `a lighthouse on a cliff, storm, number ${i}\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: ${1000 + i}, Size: 64x64, Model: sdxl_base`;
}

/** Writes `count` PNGs (`img-00001.png` …) under `folder`; returns their paths in name order. */
export async function writeImageFolder(
  folder: string,
  count: number,
  options: ImageFolderOptions = {},
): Promise<string[]> {
  const size = options.size ?? 64;
  const base =
    options.base ??
    (await sharp({ create: { width: size, height: size, channels: 3, background: { r: 40, g: 90, b: 160 } } })
      .png()
      .toBuffer());
  const files: string[] = [];
  const first = options.first ?? 0;
  for (let i = first; i < first + count; i++) {
    const part = options.perFolder ? Math.floor((i - first) / options.perFolder) : 0;
    const sub = options.perFolder ? join(folder, `part-${String(part).padStart(3, '0')}`) : folder;
    if (i === first || (options.perFolder && (i - first) % options.perFolder === 0))
      await mkdir(sub, { recursive: true });
    const file = join(sub, `img-${String(i).padStart(5, '0')}.png`);
    await writeFile(
      file,
      writePngTextChunks(base, [{ keyword: 'parameters', text: a1111Parameters(i), kind: 'tEXt' }]),
    );
    files.push(file);
  }
  return files;
}
