// The generated variants (test/fixtures): containers and encodings the third-party set lacks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { readImageMetadata, stripMetadata } from './read.ts';
import { VARIANTS } from './test-helpers.ts';

const variant = (name: string): Buffer => readFileSync(path.join(VARIANTS, name));

const DUCK = {
  sourceTool: 'automatic1111',
  prompt: 'photo of a duck',
  negativePrompt: 'monochrome',
  seed: 235284042,
  steps: 15,
  cfgScale: 5,
  sampler: 'UniPC',
  model: 'realistic_realisticVisionV20_v20',
  width: 512,
  height: 400,
};
const CIRCLE = { sourceTool: 'automatic1111', prompt: 'a circle', negativePrompt: 'a square', seed: 2015833630 };

describe('generated variants', () => {
  it.each([
    ['automatic1111.webp', DUCK],
    ['automatic1111_little_endian.jpg', DUCK],
    ['automatic1111_ascii.jpg', DUCK],
    ['automatic1111_itxt.png', { ...DUCK, prompt: 'photo of a duck, 鴨' }],
    ['automatic1111_stealth_info.png', CIRCLE],
    ['automatic1111_stealth_rgb.png', CIRCLE],
    [
      'comfyui_workflow_only.png',
      {
        sourceTool: 'comfyui',
        prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass',
        seed: 280823642470253,
        model: 'v1-5-pruned-emaonly.ckpt',
      },
    ],
  ])('%s', async (name, expected) => {
    expect(await readImageMetadata(variant(name))).toMatchObject(expected);
  });

  it('WebP: stripping removes the EXIF chunk and its VP8X flag, the image chunk stays as it was', async () => {
    const webp = variant('automatic1111.webp');
    const stripped = await stripMetadata(webp);
    expect(await readImageMetadata(stripped)).toBeNull();
    expect(stripped.includes(Buffer.from('EXIF'))).toBe(false);
    expect(stripped[20]! & 0x08).toBe(0);
    expect((await sharp(stripped).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer())).toBe(true);
  });

  it('truncated files are bad-image; a 0×0 header still yields its text (the importer refuses its pixels)', async () => {
    for (const [name, message] of [
      ['truncated.png', /truncated/],
      ['truncated.jpg', /damaged|truncated/],
    ] as const) {
      const error: unknown = await readImageMetadata(variant(name)).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(EaselError);
      expect((error as EaselError).code).toBe('bad-image');
      expect((error as EaselError).message).toMatch(message);
    }
    expect(await readImageMetadata(variant('zero_size.png'))).toMatchObject(DUCK);
  });
});
