// Interop: the importer against real files written by other tools (see third-party.ts). The
// project's generated fixtures (test/fixtures) carry the same values and are what the unit and
// integration tests read; this suite checks that the real files agree, including their quirks
// (ImageMagick chunks around a zTXt after IDAT, longer real negatives). Skipped when the files are
// not here; test/interop/setup.ts then prints one line saying so.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src-main/core/import-export/index.ts';
import {
  readImageMetadata,
  readPngTextChunks,
  stripMetadata,
  writePngTextChunks,
  type ImportedMetadata,
} from '../../src-main/core/metadata/index.ts';
import { openStorage, type Storage } from '../../src-main/core/storage/index.ts';
import { EaselError } from '../../src-shared/errors.ts';
import { THIRD_PARTY_IMAGES, THIRD_PARTY_PRESENT } from './third-party.ts';

const file = (rel: string): Buffer => readFileSync(join(THIRD_PARTY_IMAGES, rel));

async function meta(bytes: Buffer): Promise<ImportedMetadata> {
  const m = await readImageMetadata(bytes);
  if (m === null) throw new Error('expected metadata');
  return m;
}

const DUCK: Partial<ImportedMetadata> = {
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

// What each file yields (the table in src-main/core/metadata/README.md).
const EXPECTED: [string, Partial<ImportedMetadata>][] = [
  ['AUTOMATIC1111/automatic1111_cropped.png', DUCK],
  ['AUTOMATIC1111/automatic1111_cropped.jpg', DUCK],
  [
    'AUTOMATIC1111/automatic1111_stealth.png',
    {
      sourceTool: 'automatic1111',
      prompt: 'a circle',
      negativePrompt: 'a square',
      seed: 2015833630,
      steps: 20,
      cfgScale: 7,
      sampler: 'Euler',
      model: 'realisticVisionV51_v51VAE',
      width: 64,
      height: 64,
    },
  ],
  ['bad_images/text_after_idat.png', DUCK],
  [
    'ComfyUI/img2img_cropped.png',
    {
      sourceTool: 'comfyui',
      prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass',
      negativePrompt: 'watermark, text',
      seed: 280823642470253,
      steps: 20,
      cfgScale: 8,
      sampler: 'sample_dpmpp_2m',
      model: 'v1-5-pruned-emaonly.ckpt',
    },
  ],
  [
    'ComfyUI/night_evening_day_morning_cropped.png',
    {
      sourceTool: 'comfyui',
      seed: 335608130539327,
      steps: 13,
      cfgScale: 8.5,
      sampler: 'dpmpp_sde',
      model: 'Anything-V3.0.ckpt',
      width: 704,
      height: 1280,
    },
  ],
  [
    'ComfyUI/noisy_latents_3_subjects_cropped.png',
    {
      sourceTool: 'comfyui',
      prompt: 'sky clouds nature national park beautiful winter snow scenery HDR landscape (sunset)',
      seed: 512136241112371,
      steps: 16,
      cfgScale: 7,
      sampler: 'sample_dpmpp_sde',
      model: 'Anything-V3.0.ckpt',
      width: 1280,
      height: 704,
    },
  ],
  [
    'ComfyUI/unclip_2pass_cropped.png',
    {
      sourceTool: 'comfyui',
      prompt:
        '(waifu, anime, exceptional, best aesthetic, new, newest, best quality, masterpiece, extremely detailed:1.2)',
      seed: 1106257833005336,
      steps: 26,
      cfgScale: 8,
      sampler: 'uni_pc_bh2',
      model: 'wd-1-5-beta2-aesthetic-unclip-h-fp32.safetensors',
      width: 1280,
      height: 704,
    },
  ],
  [
    'Fooocus/fooocus1_cropped.png',
    {
      sourceTool: 'fooocus',
      prompt: 'a smiling goldfish',
      seedText: '6952411511246973023',
      steps: 30,
      cfgScale: 4,
      sampler: 'dpmpp_2m_sde_gpu',
      model: 'juggernautXL_v8Rundiffusion',
      width: 768,
      height: 1280,
    },
  ],
  [
    'InvokeAI/invokeai_dream1.png',
    {
      sourceTool: 'invokeai',
      negativePrompt: 'rendering, glowing eyes, skinny',
      seed: 2980747362,
      steps: 50,
      cfgScale: 5,
      sampler: 'k_lms',
      width: 512,
      height: 768,
    },
  ],
  [
    'InvokeAI/invokeai_imeta1.png',
    {
      sourceTool: 'invokeai',
      prompt: 'digital artwork, oil painting. painterly brushstrokes, holidays,',
      seed: 3293022630,
      steps: 35,
      cfgScale: 8,
      sampler: 'euler',
      model: 'juggernautXL',
      width: 1024,
      height: 1024,
    },
  ],
  [
    'InvokeAI/invokeai_sdmeta1.png',
    {
      sourceTool: 'invokeai',
      seed: 2980747362,
      steps: 50,
      cfgScale: 5,
      sampler: 'k_lms',
      model: 'deliberateForInvoke_v08',
      width: 512,
      height: 768,
    },
  ],
  [
    'NovelAI/novelai1_cropped.png',
    {
      sourceTool: 'novelai',
      prompt: 'masterpiece, best quality,  cat, space, icon',
      seed: 2253955223,
      steps: 50,
      cfgScale: 10,
      sampler: 'k_euler_ancestral',
      model: 'Stable Diffusion 1D44365E',
    },
  ],
];

describe.skipIf(!THIRD_PARTY_PRESENT)('third-party images (interop)', () => {
  it.each(EXPECTED)('%s', async (rel, expected) => {
    expect(await meta(file(rel))).toMatchObject(expected);
  });

  it('keeps the real files quirks: text_after_idat is ImageMagick output, the Fooocus seed is beyond 2^53', async () => {
    const afterIdat = await meta(file('bad_images/text_after_idat.png'));
    expect(afterIdat.raw['filename:f']).toBe('automatic1111_cropped');
    expect(afterIdat.raw['date:create']).toBe('2023-04-22T00:01:01+00:00');
    expect((await meta(file('Fooocus/fooocus1_cropped.png'))).seed).toBeUndefined();
    expect((await meta(file('NovelAI/novelai1_cropped.png'))).negativePrompt).toMatch(
      /^lowres, bad anatomy, bad hands,/,
    );
    expect((await meta(file('ComfyUI/unclip_2pass_cropped.png'))).negativePrompt).toMatch(
      /^lowres, \(bad anatomy\).*\(mosaic censoring, bar censor, blur censor\)$/,
    );
    expect((await meta(file('AUTOMATIC1111/automatic1111_stealth.png'))).raw.parameters).toContain(
      'Version: v1.9.4-169-ga30b19dd',
    );
  });

  it('bad images: 0 bytes is bad-image, images without generation metadata give null', async () => {
    const error: unknown = await readImageMetadata(file('bad_images/empty_file.png')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).code).toBe('bad-image');
    expect(await readImageMetadata(file('bad_images/empty_image.png'))).toBeNull();
    expect(await readImageMetadata(file('bad_images/empty_image.jpg'))).toBeNull();
  });

  it('ComfyUI: the editor graph alone gives the same answer as the API graph', async () => {
    for (const name of readdirSync(join(THIRD_PARTY_IMAGES, 'ComfyUI'))) {
      const bytes = file(`ComfyUI/${name}`);
      const workflow = readPngTextChunks(bytes).find((c) => c.keyword === 'workflow');
      if (workflow === undefined) throw new Error(`${name} has no workflow`);
      const onlyWorkflow = writePngTextChunks(await stripMetadata(bytes), [
        { keyword: 'workflow', text: workflow.text },
      ]);
      const { raw: _a, ...fromApi } = await meta(bytes);
      const { raw: _b, ...fromWorkflow } = await meta(onlyWorkflow);
      expect(fromWorkflow, name).toEqual(fromApi);
    }
  });

  it('stripMetadata leaves no readable metadata in any of them', async () => {
    for (const [rel] of EXPECTED) {
      if (rel.endsWith('stealth.png')) continue; // hidden in the pixels: not removed by design
      expect(await readImageMetadata(await stripMetadata(file(rel))), rel).toBeNull();
    }
  });

  describe('import', () => {
    let dir: string;
    let library: Storage;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'easel-interop-'));
      library = openStorage({ dataDir: join(dir, 'data') });
    });
    afterEach(() => {
      library.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports the whole folder: every image with its tool, the 0-byte file reported', async () => {
      const results = await importFiles(library, [THIRD_PARTY_IMAGES], { recurse: true });
      expect(results.filter((r) => r.status === 'failed').map((r) => r.file)).toEqual([
        join(THIRD_PARTY_IMAGES, 'bad_images/empty_file.png'),
      ]);
      for (const [rel, expected] of EXPECTED) {
        const result = results.find((r) => r.file === join(THIRD_PARTY_IMAGES, rel));
        expect(result?.metadata?.sourceTool, rel).toBe(expected.sourceTool);
      }
    });
  });
});
