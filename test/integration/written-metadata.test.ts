// What Easel writes into the images it generates, through the facade and the emulator: the A1111
// settings line always complete (issue 15, item 4), PNG, JPEG and WebP alike, spliced in without
// re-encoding (the same request gives the same bytes), and read back by Easel's own importer with
// every field equal.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src-main/core/import-export/index.ts';
import { parseA1111Parameters, readImageMetadata } from '../../src-main/core/metadata/index.ts';
import { openStorage } from '../../src-main/core/storage/index.ts';
import { BEDROCK_2025 } from '../../src-main/emulator/index.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const SDXL = 'stability.stable-diffusion-xl-v1';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

async function generatedFile(
  h: Harness,
  request: Parameters<Harness['studio']['generate']>[0],
): Promise<{ bytes: Buffer; path: string; imageId: string }> {
  const { jobs } = await h.studio.generate(request);
  await h.studio.whenIdle();
  const job = h.studio.getJob(jobs[0]!.id);
  expect(job.status).toBe('succeeded');
  const path = (await h.studio.resolveImageFile(job.imageId!, 'full'))!.filePath;
  return { bytes: await readFile(path), path, imageId: job.imageId! };
}

describe('the metadata Easel writes', () => {
  it.each(['png', 'jpeg', 'webp'] as const)(
    '%s: complete settings line, same bytes on repeat, read back by the importer with every field equal',
    async (format) => {
      harness = await createHarness();
      const request = {
        modelId: CORE,
        prompt: 'a lighthouse, 灯台',
        negativePrompt: 'fog',
        seed: 21,
        outputFormat: format,
      };
      const { bytes, path, imageId } = await generatedFile(harness, request);
      const { width, height, format: decoded } = await sharp(bytes).metadata();
      expect(decoded).toBe(format);

      const meta = await readImageMetadata(bytes);
      const expected = {
        sourceTool: 'easel',
        prompt: 'a lighthouse, 灯台',
        negativePrompt: 'fog',
        seed: 21,
        // Core has no steps, CFG or sampler setting: the README's convention
        steps: 0,
        cfgScale: 0,
        sampler: 'Automatic',
        model: CORE,
        width,
        height,
      };
      expect(meta).toMatchObject({ ...expected, easel: { modelId: CORE, seed: 21 } });
      const parameters = meta?.raw.parameters ?? meta?.raw.UserComment ?? '';
      expect(parameters.split('\n').at(-1)).toBe(
        `Steps: 0, Sampler: Automatic, CFG scale: 0, Seed: 21, Size: ${width}x${height}, Model: "${CORE}"`,
      );

      // The same request again: the same bytes, so the library keeps one copy.
      const again = await generatedFile(harness, request);
      expect(again.imageId).toBe(imageId);

      // Another library imports the file with every field as written.
      const other = openStorage({ dataDir: join(harness.dir, 'other-library') });
      try {
        const [result] = await importFiles(other, [path]);
        expect(result?.status).toBe('imported');
        expect(result?.metadata).toEqual({ ...expected, scheduler: null });
      } finally {
        other.close();
      }
    },
  );

  it("SDXL: the request body's steps, CFG and sampler, defaults included", async () => {
    // SDXL, retired since, is the one family with steps, CFG and a sampler: the Bedrock of 2025.
    harness = await createHarness({ emulator: BEDROCK_2025 });
    const { bytes } = await generatedFile(harness, {
      modelId: SDXL,
      prompt: 'retro robot',
      width: 1024,
      height: 1024,
      seed: 5,
    });
    const text = (await readImageMetadata(bytes))?.raw.parameters ?? '';
    // Steps and CFG left out by the user: the model's defaults, as sent; no sampler sent: Automatic.
    expect(parseA1111Parameters(text)).toMatchObject({
      steps: 30,
      cfgScale: 7,
      sampler: 'Automatic',
      seed: 5,
      width: 1024,
      height: 1024,
      model: SDXL,
    });
    const chosen = await generatedFile(harness, {
      modelId: SDXL,
      prompt: 'retro robot',
      width: 1024,
      height: 1024,
      seed: 5,
      steps: 40,
      cfgScale: 9,
      sampler: 'K_EULER',
    });
    expect(await readImageMetadata(chosen.bytes)).toMatchObject({ steps: 40, cfgScale: 9, sampler: 'K_EULER' });
  });
});
