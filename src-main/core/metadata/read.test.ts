import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { embedGenerationMetadata, readImageMetadata, stripMetadata } from './read.ts';
import type { EaselMetadata, ImportedMetadata } from './read.ts';
import { encodeChunk, encodeZTxtChunk, listPngChunks, readPngTextChunks, writePngTextChunks } from './png-chunks.ts';
import { chunkTypes, fixture, idatBytes, makePng } from './test-helpers.ts';

async function meta(file: Buffer): Promise<ImportedMetadata> {
  const m = await readImageMetadata(file);
  if (m === null) throw new Error('expected metadata');
  return m;
}

async function expectBadImage(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EaselError);
  expect((error as EaselError).code).toBe('bad-image');
  expect((error as EaselError).message).toMatch(message);
}

const COMFY_NEGATIVE =
  '(hands), text, error, cropped, (worst quality:1.2), (low quality:1.2), normal quality, (jpeg artifacts:1.3), signature, watermark, username, blurry, artist name, monochrome, sketch, censorship, censor, (copyright:1.2), extra legs, (forehead mark) (depth of field) (emotionless) (penis) (pumpkin)';
const DREAM_PROMPT =
  'professional full body photo of young woman, hyper long brunette hair, elegant hair, wearing a bikini top and asymmetric short skirt, curvy body, long legs, (imperfect skin), detailed skin, intense freckles, super long eye lashes, at night, outside, city background, 8k ultra detailed, realistic, high quality, film grain, low contrast';
const DUCK = {
  sourceTool: 'automatic1111',
  prompt: 'photo of a duck',
  negativePrompt: 'monochrome',
  seed: 235284042,
  seedText: '235284042',
  steps: 15,
  cfgScale: 5,
  sampler: 'UniPC',
  model: 'realistic_realisticVisionV20_v20',
  width: 512,
  height: 400,
};

describe('readImageMetadata on the foreign fixtures', () => {
  it('AUTOMATIC1111 PNG tEXt parameters', async () => {
    const m = await meta(fixture('AUTOMATIC1111/automatic1111_cropped.png'));
    expect(m).toMatchObject(DUCK);
    expect(Object.keys(m.raw)).toEqual(['parameters']);
  });

  it('AUTOMATIC1111 JPEG EXIF UserComment (UTF-16)', async () => {
    const m = await meta(fixture('AUTOMATIC1111/automatic1111_cropped.jpg'));
    expect(m).toMatchObject(DUCK);
    expect(m.raw.UserComment).toMatch(/^photo of a duck\nNegative prompt: monochrome\nSteps: 15/);
  });

  it('AUTOMATIC1111 stealth info in the alpha channel', async () => {
    const m = await meta(fixture('AUTOMATIC1111/automatic1111_stealth.png'));
    expect(m).toMatchObject({
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
    });
    expect(m.raw.parameters).toContain('Version: v1.9.4-169-ga30b19dd');
  });

  it('A1111 zTXt parameters after IDAT (bad_images/text_after_idat.png)', async () => {
    const m = await meta(fixture('bad_images/text_after_idat.png'));
    expect(m).toMatchObject(DUCK);
    expect(m.raw['filename:f']).toBe('automatic1111_cropped');
  });

  it('ComfyUI img2img: single KSampler', async () => {
    expect(await meta(fixture('ComfyUI/img2img_cropped.png'))).toMatchObject({
      sourceTool: 'comfyui',
      prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass',
      negativePrompt: 'watermark, text',
      seed: 280823642470253,
      steps: 20,
      cfgScale: 8,
      sampler: 'sample_dpmpp_2m',
      model: 'v1-5-pruned-emaonly.ckpt',
    });
  });

  it('ComfyUI area composition: first pass, all combined prompts, size from the empty latent', async () => {
    const m = await meta(fixture('ComfyUI/night_evening_day_morning_cropped.png'));
    expect(m).toMatchObject({
      sourceTool: 'comfyui',
      negativePrompt: COMFY_NEGATIVE,
      seed: 335608130539327,
      steps: 13,
      cfgScale: 8.5,
      sampler: 'dpmpp_sde',
      model: 'Anything-V3.0.ckpt',
      width: 704,
      height: 1280,
    });
    expect(m.prompt?.split('\n')).toEqual([
      '(best quality) (night:1.3) (darkness) sky (black) (stars:1.2) (galaxy:1.2) (space) (universe)',
      '(best quality) (evening:1.2) (sky:1.2) (clouds) (colorful) (HDR:1.2) (sunset:1.3)',
      '(best quality) (daytime:1.2) sky (blue)',
      '(masterpiece) (best quality) morning sky',
      '(masterpiece) (best quality) beautiful landscape breathtaking amazing view nature photograph forest mountains ocean (sky) national park scenery',
    ]);
  });

  it('ComfyUI noisy latents: the base pass of the composited chain (KSamplerAdvanced noise_seed)', async () => {
    expect(await meta(fixture('ComfyUI/noisy_latents_3_subjects_cropped.png'))).toMatchObject({
      sourceTool: 'comfyui',
      prompt: 'sky clouds nature national park beautiful winter snow scenery HDR landscape (sunset)',
      negativePrompt: COMFY_NEGATIVE,
      seed: 512136241112371,
      steps: 16,
      cfgScale: 7,
      sampler: 'sample_dpmpp_sde',
      model: 'Anything-V3.0.ckpt',
      width: 1280,
      height: 704,
    });
  });

  it('ComfyUI unCLIP two-pass: first pass through unCLIPConditioning', async () => {
    const m = await meta(fixture('ComfyUI/unclip_2pass_cropped.png'));
    expect(m).toMatchObject({
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
    });
    expect(m.negativePrompt).toMatch(/^lowres, \(bad anatomy\).*\(mosaic censoring, bar censor, blur censor\)$/);
  });

  it('ComfyUI editor graph alone (no prompt chunk) gives the same answer', async () => {
    for (const name of [
      'img2img_cropped.png',
      'night_evening_day_morning_cropped.png',
      'unclip_2pass_cropped.png',
      'noisy_latents_3_subjects_cropped.png',
    ]) {
      const file = fixture(`ComfyUI/${name}`);
      const fromApi = await meta(file);
      const workflow = readPngTextChunks(file).find((c) => c.keyword === 'workflow');
      if (workflow === undefined) throw new Error('no workflow');
      const onlyWorkflow = writePngTextChunks(await makePng(), [{ keyword: 'workflow', text: workflow.text }]);
      const fromWorkflow = await meta(onlyWorkflow);
      expect(fromWorkflow.sourceTool).toBe('comfyui');
      const { raw: _a, ...api } = fromApi;
      const { raw: _b, ...wf } = fromWorkflow;
      expect(wf, name).toEqual(api);
    }
  });

  it('InvokeAI invokeai_metadata', async () => {
    expect(await meta(fixture('InvokeAI/invokeai_imeta1.png'))).toMatchObject({
      sourceTool: 'invokeai',
      prompt: 'digital artwork, oil painting. painterly brushstrokes, holidays,',
      negativePrompt:
        'grainy+, photo, oversaturated, overexposed, blurry, compressed jpg+, noisy++, unfocused , black and white',
      seed: 3293022630,
      steps: 35,
      cfgScale: 8,
      sampler: 'euler',
      model: 'juggernautXL',
      width: 1024,
      height: 1024,
    });
  });

  it('InvokeAI Dream command line', async () => {
    expect(await meta(fixture('InvokeAI/invokeai_dream1.png'))).toEqual({
      sourceTool: 'invokeai',
      prompt: DREAM_PROMPT,
      negativePrompt: 'rendering, glowing eyes, skinny',
      seed: 2980747362,
      seedText: '2980747362',
      steps: 50,
      cfgScale: 5,
      sampler: 'k_lms',
      width: 512,
      height: 768,
      raw: { Dream: expect.stringMatching(/ -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms/) as unknown },
    });
  });

  it('InvokeAI sd-metadata (preferred over Dream)', async () => {
    const m = await meta(fixture('InvokeAI/invokeai_sdmeta1.png'));
    expect(m).toMatchObject({
      sourceTool: 'invokeai',
      prompt: DREAM_PROMPT,
      negativePrompt: 'rendering, glowing eyes, skinny',
      seed: 2980747362,
      steps: 50,
      cfgScale: 5,
      sampler: 'k_lms',
      model: 'deliberateForInvoke_v08',
      width: 512,
      height: 768,
    });
    expect(Object.keys(m.raw)).toEqual(['Dream', 'sd-metadata']);
  });

  it('NovelAI Description + Comment', async () => {
    const m = await meta(fixture('NovelAI/novelai1_cropped.png'));
    expect(m).toMatchObject({
      sourceTool: 'novelai',
      prompt: 'masterpiece, best quality,  cat, space, icon',
      seed: 2253955223,
      steps: 50,
      cfgScale: 10,
      sampler: 'k_euler_ancestral',
    });
    expect(m.negativePrompt).toMatch(/^lowres, bad anatomy, bad hands,/);
    expect(m.raw.Software).toBe('NovelAI');
  });

  it('Fooocus JSON parameters: a 64-bit seed is kept exactly as text only', async () => {
    const m = await meta(fixture('Fooocus/fooocus1_cropped.png'));
    expect(m).toMatchObject({
      sourceTool: 'fooocus',
      prompt: 'a smiling goldfish',
      seedText: '6952411511246973023',
      steps: 30,
      cfgScale: 4,
      sampler: 'dpmpp_2m_sde_gpu',
      model: 'juggernautXL_v8Rundiffusion',
      width: 768,
      height: 1280,
    });
    expect(m.seed).toBeUndefined();
    expect(m.negativePrompt).toBeUndefined();
  });

  it('bad images: 0 bytes is a clear error, images without metadata give null', async () => {
    await expectBadImage(readImageMetadata(fixture('bad_images/empty_file.png')), /empty \(0 bytes\)/);
    expect(await readImageMetadata(fixture('bad_images/empty_image.png'))).toBeNull();
    expect(await readImageMetadata(fixture('bad_images/empty_image.jpg'))).toBeNull();
  });
});

describe('Easel metadata round trip', () => {
  const easel: EaselMetadata = {
    version: 1,
    modelId: 'stability.stable-diffusion-xl-v1',
    seed: 42,
    request: {
      text_prompts: [
        { text: 'a lighthouse, "stormy"', weight: 1 },
        { text: 'blurry', weight: -1 },
      ],
      seed: 42,
      steps: 30,
      cfg_scale: 7,
    },
    params: {
      modelId: 'stability.stable-diffusion-xl-v1',
      prompt: 'a lighthouse, "stormy" — 灯台',
      negativePrompt: 'blurry',
      steps: 30,
      cfgScale: 7,
      sampler: 'K_EULER',
      width: 1024,
      height: 1024,
      seed: 42,
    },
    generationId: '17',
  };
  const parameters = {
    prompt: 'a lighthouse, "stormy" — 灯台',
    negativePrompt: 'blurry',
    steps: 30,
    sampler: 'K_EULER',
    cfgScale: 7,
    seed: 42,
    width: 1024,
    height: 1024,
    model: 'stability.stable-diffusion-xl-v1',
    extra: {},
  };

  it('embeds tEXt/iTXt parameters and iTXt easel, and reads them back', async () => {
    const png = await makePng();
    const out = embedGenerationMetadata(png, { parameters, easel });
    const chunks = readPngTextChunks(out);
    expect(chunks.map((c) => [c.keyword, c.kind])).toEqual([
      ['parameters', 'iTXt'],
      ['easel', 'iTXt'],
    ]);
    expect(JSON.parse(chunks[1]?.text ?? '')).toEqual(easel);
    expect(idatBytes(out).equals(idatBytes(png))).toBe(true);
    const m = await meta(out);
    expect(m).toMatchObject({
      sourceTool: 'easel',
      prompt: parameters.prompt,
      negativePrompt: 'blurry',
      seed: 42,
      steps: 30,
      cfgScale: 7,
      sampler: 'K_EULER',
      model: 'stability.stable-diffusion-xl-v1',
      width: 1024,
      height: 1024,
    });
    expect(m.easel).toEqual(easel);
    // embedding again replaces rather than duplicates
    const again = embedGenerationMetadata(out, {
      parameters: { ...parameters, seed: 7 },
      easel: { ...easel, seed: 7 },
    });
    expect(readPngTextChunks(again)).toHaveLength(2);
    expect((await meta(again)).seed).toBe(7);
  });

  it('uses Latin-1 tEXt for parameters when it can', async () => {
    const out = embedGenerationMetadata(await makePng(), { parameters: { ...parameters, prompt: 'plain' }, easel });
    expect(readPngTextChunks(out).map((c) => c.kind)).toEqual(['tEXt', 'iTXt']);
  });

  it('easel wins over a parameters chunk; a malformed easel chunk falls back to parameters', async () => {
    const png = writePngTextChunks(await makePng(), [
      { keyword: 'parameters', text: 'from parameters\nSteps: 5, Seed: 5, CFG scale: 5' },
      { keyword: 'easel', text: JSON.stringify({ ...easel, params: { ...easel.params, prompt: 'from easel' } }) },
    ]);
    expect(await meta(png)).toMatchObject({ sourceTool: 'easel', prompt: 'from easel', seed: 42, steps: 30 });
    const broken = writePngTextChunks(png, [{ keyword: 'easel', text: '{"version": 1, "modelId": ' }]);
    const m = await meta(broken);
    expect(m).toMatchObject({ sourceTool: 'easel', prompt: 'from parameters', seed: 5, steps: 5 });
    expect(m.easel).toBeUndefined();
  });
});

describe('odd and broken input never crashes', () => {
  it('malformed JSON in tool chunks gives what is readable or null', async () => {
    const base = await makePng();
    expect(
      await readImageMetadata(writePngTextChunks(base, [{ keyword: 'invokeai_metadata', text: '{not json' }])),
    ).toBeNull();
    expect(
      await readImageMetadata(writePngTextChunks(base, [{ keyword: 'prompt', text: '{"3": {"inputs": ' }])),
    ).toBeNull();
    const comfyNoSampler = await meta(
      writePngTextChunks(base, [
        { keyword: 'prompt', text: '{"1": {"class_type": "LoadImage", "inputs": {"image": "x.png"}}}' },
      ]),
    );
    expect(comfyNoSampler).toEqual({ sourceTool: 'comfyui', raw: { prompt: expect.any(String) as unknown } });
    const novel = await meta(
      writePngTextChunks(base, [
        { keyword: 'Description', text: 'a fox' },
        { keyword: 'Software', text: 'NovelAI' },
        { keyword: 'Comment', text: '{broken' },
      ]),
    );
    expect(novel).toMatchObject({ sourceTool: 'novelai', prompt: 'a fox' });
    expect(novel.seed).toBeUndefined();
  });

  it('skips text chunks with bad CRCs or bad compression instead of failing the import', async () => {
    const good = writePngTextChunks(await makePng(), [
      { keyword: 'parameters', text: 'a cat\nSteps: 1, Seed: 2, CFG scale: 3' },
    ]);
    const chunk = listPngChunks(good).find((c) => c.type === 'tEXt');
    if (chunk === undefined) throw new Error('no tEXt');
    const damaged = Buffer.from(good);
    damaged[chunk.start + 8 + 12] = (damaged[chunk.start + 8 + 12] ?? 0) ^ 0x20;
    expect(await readImageMetadata(damaged)).toBeNull();
    const badZ = encodeChunk('zTXt', Buffer.concat([Buffer.from('parameters\0\0', 'latin1'), Buffer.from('garbage')]));
    const iend = listPngChunks(good).find((c) => c.type === 'IEND');
    if (iend === undefined) throw new Error('no IEND');
    const withBadZ = Buffer.concat([good.subarray(0, iend.start), badZ, good.subarray(iend.start)]);
    expect(await meta(withBadZ)).toMatchObject({ prompt: 'a cat', seed: 2 });
  });

  it('reads an EXIF UserComment from a PNG eXIf chunk', async () => {
    const exif = (await sharp(fixture('AUTOMATIC1111/automatic1111_cropped.jpg')).metadata()).exif;
    if (exif === undefined) throw new Error('fixture has no EXIF');
    const png = await makePng();
    const idat = listPngChunks(png).find((c) => c.type === 'IDAT');
    if (idat === undefined) throw new Error('no IDAT');
    const file = Buffer.concat([
      png.subarray(0, idat.start),
      encodeChunk('eXIf', exif.subarray(6)),
      png.subarray(idat.start),
    ]);
    expect(await meta(file)).toMatchObject(DUCK);
  });

  it('reads A1111 parameters from zTXt too', async () => {
    const png = await makePng();
    const idat = listPngChunks(png).find((c) => c.type === 'IDAT');
    if (idat === undefined) throw new Error('no IDAT');
    const file = Buffer.concat([
      png.subarray(0, idat.start),
      encodeZTxtChunk('parameters', 'zipped cat\nSteps: 9, Seed: 8, Sampler: Euler'),
      png.subarray(idat.start),
    ]);
    expect(await meta(file)).toMatchObject({ sourceTool: 'automatic1111', prompt: 'zipped cat', steps: 9, seed: 8 });
  });

  it('rejects garbage, truncated files and other formats with bad-image', async () => {
    const png = await makePng();
    await expectBadImage(readImageMetadata(Buffer.alloc(0)), /empty/);
    await expectBadImage(readImageMetadata(Buffer.from('GIF89a.............')), /not a PNG, JPEG or WebP/);
    await expectBadImage(
      readImageMetadata(Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 7919) % 256))),
      /not a PNG, JPEG or WebP/,
    );
    await expectBadImage(readImageMetadata(png.subarray(0, png.length - 20)), /truncated/);
    await expectBadImage(
      readImageMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2])),
      /JPEG|damaged|truncated/,
    );
    await expectBadImage(stripMetadata(Buffer.alloc(0)), /empty/);
    await expectBadImage(stripMetadata(png.subarray(0, 30)), /truncated/);
  });
});

/** Hides `payload` behind `signature` in the pixels' low bits, column by column, the way A1111 does. */
function hide(
  pixels: Buffer,
  width: number,
  height: number,
  planes: number[],
  signature: string,
  payload: Buffer,
  bitLength = payload.length * 8,
): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bitLength);
  const bytes = Buffer.concat([Buffer.from(signature, 'latin1'), length, payload]);
  let bit = 0;
  for (const byte of bytes) {
    for (let b = 7; b >= 0; b--, bit++) {
      const pixel = Math.floor(bit / planes.length);
      const x = Math.floor(pixel / height);
      const y = pixel % height;
      const at = (y * width + x) * 4 + (planes[bit % planes.length] ?? 0);
      pixels[at] = ((pixels[at] ?? 0) & 0xfe) | ((byte >> b) & 1);
    }
  }
}

describe('stealth info', () => {
  const width = 40;
  const height = 30;
  const text = 'hidden fox\nNegative prompt: ugly\nSteps: 12, Sampler: Euler a, CFG scale: 6, Seed: 99, Size: 40x30';

  it('reads uncompressed alpha and compressed RGB variants', async () => {
    const a = Buffer.alloc(width * height * 4, 200);
    hide(a, width, height, [3], 'stealth_pnginfo', Buffer.from(text));
    const alphaPng = await sharp(a, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    expect(await meta(alphaPng)).toMatchObject({
      sourceTool: 'automatic1111',
      prompt: 'hidden fox',
      negativePrompt: 'ugly',
      seed: 99,
      steps: 12,
    });

    const rgb = Buffer.alloc(width * height * 4, 255);
    hide(rgb, width, height, [0, 1, 2], 'stealth_rgbcomp', gzipSync(text));
    const rgbPng = await sharp(rgb, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    expect(await meta(rgbPng)).toMatchObject({ prompt: 'hidden fox', seed: 99 });
  });

  it('reads NovelAI JSON hidden in the alpha channel', async () => {
    const info = {
      Description: 'a red fox',
      Software: 'NovelAI',
      Comment: JSON.stringify({ seed: 7, steps: 28, scale: 5, uc: 'blurry', sampler: 'k_euler' }),
    };
    const [w, h] = [80, 60]; // 4800 bits: room for the gzipped JSON
    const px = Buffer.alloc(w * h * 4, 128);
    hide(px, w, h, [3], 'stealth_pngcomp', gzipSync(JSON.stringify(info)));
    const png = await sharp(px, { raw: { width: w, height: h, channels: 4 } })
      .png()
      .toBuffer();
    expect(await meta(png)).toMatchObject({
      sourceTool: 'novelai',
      prompt: 'a red fox',
      negativePrompt: 'blurry',
      seed: 7,
      steps: 28,
      cfgScale: 5,
    });
  });

  it('ignores a signature with an impossible length or corrupt gzip', async () => {
    const px = Buffer.alloc(width * height * 4, 200);
    hide(px, width, height, [3], 'stealth_pngcomp', Buffer.from('definitely not gzip'));
    expect(
      await readImageMetadata(
        await sharp(px, { raw: { width, height, channels: 4 } })
          .png()
          .toBuffer(),
      ),
    ).toBeNull();
    const long = Buffer.alloc(width * height * 4, 200);
    hide(long, width, height, [3], 'stealth_pnginfo', Buffer.from(text), 0xfffffff8);
    expect(
      await readImageMetadata(
        await sharp(long, { raw: { width, height, channels: 4 } })
          .png()
          .toBuffer(),
      ),
    ).toBeNull();
  });
});

describe('stripMetadata', () => {
  it('PNG: removes every text chunk, keeps IDAT bytes identical', async () => {
    for (const name of [
      'AUTOMATIC1111/automatic1111_cropped.png',
      'ComfyUI/unclip_2pass_cropped.png',
      'NovelAI/novelai1_cropped.png',
      'bad_images/text_after_idat.png',
    ]) {
      const file = fixture(name);
      const stripped = await stripMetadata(file);
      expect(readPngTextChunks(stripped), name).toEqual([]);
      expect(idatBytes(stripped).equals(idatBytes(file)), name).toBe(true);
      expect(chunkTypes(stripped)).toContain('IHDR');
      expect(await readImageMetadata(stripped), name).toBeNull();
    }
    const ours = embedGenerationMetadata(await makePng(), {
      parameters: { prompt: 'x', seed: 1, steps: 2, cfgScale: 3, extra: {} },
      easel: { version: 1, modelId: 'm', seed: 1, request: {}, params: {} },
    });
    const stripped = await stripMetadata(ours);
    expect(await readImageMetadata(stripped)).toBeNull();
    expect((await sharp(stripped).raw().toBuffer()).equals(await sharp(ours).raw().toBuffer())).toBe(true);
  });

  it('JPEG: removes EXIF without re-encoding the scan data', async () => {
    const file = fixture('AUTOMATIC1111/automatic1111_cropped.jpg');
    const stripped = await stripMetadata(file);
    expect(stripped.length).toBeLessThan(file.length);
    expect((await sharp(stripped).metadata()).exif).toBeUndefined();
    expect(await readImageMetadata(stripped)).toBeNull();
    const sos = file.indexOf(Buffer.from([0xff, 0xda]));
    expect(stripped.subarray(stripped.length - (file.length - sos)).equals(file.subarray(sos))).toBe(true);
  });

  it('WebP: reads EXIF UserComment, then removes it and keeps the image chunk', async () => {
    const webp = await sharp(fixture('AUTOMATIC1111/automatic1111_cropped.jpg'))
      .keepExif()
      .webp({ lossless: true })
      .toBuffer();
    expect(await meta(webp)).toMatchObject(DUCK);
    const stripped = await stripMetadata(webp);
    expect(await readImageMetadata(stripped)).toBeNull();
    expect((await sharp(stripped).metadata()).exif).toBeUndefined();
    expect((await sharp(stripped).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer())).toBe(true);
    expect(stripped.readUInt32LE(4)).toBe(stripped.length - 8);
  });
});
