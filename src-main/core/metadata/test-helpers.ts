// Shared by this folder's tests: fixture paths and small real PNGs made with sharp.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { generatedFixtures } from '../../../test/fixtures/make-foreign.ts';
import { listPngChunks } from './png-chunks.ts';

/** The project's generated foreign-image fixtures (test/fixtures): other tools' formats and malformed files. */
export const FIXTURES = (await generatedFixtures()).foreign;
/** More formats and malformed files (WebP, little-endian EXIF, truncated, 0×0...). */
export const VARIANTS = (await generatedFixtures()).variants;

export function fixture(relative: string): Buffer {
  return readFileSync(path.join(FIXTURES, relative));
}

/** A small real RGBA PNG with varied pixels. */
export async function makePng(width = 8, height = 6): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + 11) % 256;
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

/** Concatenated IDAT payloads: the compressed pixel data. */
export function idatBytes(png: Buffer): Buffer {
  return Buffer.concat(
    listPngChunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
}

export function chunkTypes(png: Buffer): string[] {
  return listPngChunks(png).map((c) => c.type);
}

/** More tools and containers (test/fixtures/more-tools.ts): SwarmUI, Civitai, ComfyUI savers, NovelAI WebP, XMP, photos. */
export const TOOLS = (await generatedFixtures()).tools;

export function toolFixture(relative: string): Buffer {
  return readFileSync(path.join(TOOLS, relative));
}
