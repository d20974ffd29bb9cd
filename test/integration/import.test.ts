// Import through the real library: SQLite in a temp folder, the content-addressed store, sharp,
// and the project's foreign fixtures (test/fixtures: other tools' formats, malformed files).
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src-main/core/storage/index.ts';
import { importFiles, type ImportResult } from '../../src-main/core/import-export/index.ts';
import { readPngTextChunks } from '../../src-main/core/metadata/index.ts';
import { generatedFixtures } from '../fixtures/make-foreign.ts';

const fixtures = (await generatedFixtures()).foreign;
const fixture = (rel: string): string => join(fixtures, rel);

let dir: string;
let work: string;
let library: Storage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'easel-import-'));
  work = join(dir, 'files');
  mkdirSync(work);
  library = openStorage({ dataDir: join(dir, 'data') });
});
afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

function only(results: ImportResult[]): ImportResult {
  expect(results).toHaveLength(1);
  const [result] = results;
  if (!result) throw new Error('no result');
  return result;
}

describe('foreign fixtures', () => {
  // prompt start, negative start, seed (number, or exact text for > 2^53), model, steps, cfg, sampler
  const cases: [
    string,
    string,
    {
      prompt: string;
      negative?: string;
      seed: number | string;
      model?: string;
      steps: number;
      cfg: number;
      sampler: string;
      tool: string;
    },
  ][] = [
    [
      'AUTOMATIC1111/automatic1111_cropped.png',
      'png',
      {
        tool: 'automatic1111',
        prompt: 'photo of a duck',
        negative: 'monochrome',
        seed: 235284042,
        model: 'realistic_realisticVisionV20_v20',
        steps: 15,
        cfg: 5,
        sampler: 'UniPC',
      },
    ],
    [
      'AUTOMATIC1111/automatic1111_cropped.jpg',
      'jpeg',
      {
        tool: 'automatic1111',
        prompt: 'photo of a duck',
        negative: 'monochrome',
        seed: 235284042,
        model: 'realistic_realisticVisionV20_v20',
        steps: 15,
        cfg: 5,
        sampler: 'UniPC',
      },
    ],
    [
      'AUTOMATIC1111/automatic1111_stealth.png',
      'png',
      {
        tool: 'automatic1111',
        prompt: 'a circle',
        negative: 'a square',
        seed: 2015833630,
        model: 'realisticVisionV51_v51VAE',
        steps: 20,
        cfg: 7,
        sampler: 'Euler',
      },
    ],
    [
      'ComfyUI/img2img_cropped.png',
      'png',
      {
        tool: 'comfyui',
        prompt: 'photograph of victorian woman with wings',
        negative: 'watermark, text',
        seed: 280823642470253,
        model: 'v1-5-pruned-emaonly.ckpt',
        steps: 20,
        cfg: 8,
        sampler: 'sample_dpmpp_2m',
      },
    ],
    [
      'ComfyUI/night_evening_day_morning_cropped.png',
      'png',
      {
        tool: 'comfyui',
        prompt: '',
        seed: 335608130539327,
        model: 'Anything-V3.0.ckpt',
        steps: 13,
        cfg: 8.5,
        sampler: 'dpmpp_sde',
      },
    ],
    [
      'ComfyUI/noisy_latents_3_subjects_cropped.png',
      'png',
      {
        tool: 'comfyui',
        prompt: 'sky clouds nature national park',
        seed: 512136241112371,
        model: 'Anything-V3.0.ckpt',
        steps: 16,
        cfg: 7,
        sampler: 'sample_dpmpp_sde',
      },
    ],
    [
      'ComfyUI/unclip_2pass_cropped.png',
      'png',
      {
        tool: 'comfyui',
        prompt: '(waifu, anime, exceptional',
        seed: 1106257833005336,
        model: 'wd-1-5-beta2-aesthetic-unclip-h-fp32.safetensors',
        steps: 26,
        cfg: 8,
        sampler: 'uni_pc_bh2',
      },
    ],
    [
      'Fooocus/fooocus1_cropped.png',
      'png',
      {
        tool: 'fooocus',
        prompt: 'a smiling goldfish',
        seed: '6952411511246973023',
        model: 'juggernautXL_v8Rundiffusion',
        steps: 30,
        cfg: 4,
        sampler: 'dpmpp_2m_sde_gpu',
      },
    ],
    [
      'InvokeAI/invokeai_dream1.png',
      'png',
      {
        tool: 'invokeai',
        prompt: 'professional full body photo',
        negative: 'rendering, glowing eyes, skinny',
        seed: 2980747362,
        steps: 50,
        cfg: 5,
        sampler: 'k_lms',
      },
    ],
    [
      'InvokeAI/invokeai_imeta1.png',
      'png',
      {
        tool: 'invokeai',
        prompt: 'digital artwork, oil painting',
        seed: 3293022630,
        model: 'juggernautXL',
        steps: 35,
        cfg: 8,
        sampler: 'euler',
      },
    ],
    [
      'InvokeAI/invokeai_sdmeta1.png',
      'png',
      {
        tool: 'invokeai',
        prompt: 'professional full body photo',
        negative: 'rendering, glowing eyes, skinny',
        seed: 2980747362,
        model: 'deliberateForInvoke_v08',
        steps: 50,
        cfg: 5,
        sampler: 'k_lms',
      },
    ],
    [
      'NovelAI/novelai1_cropped.png',
      'png',
      {
        tool: 'novelai',
        prompt: 'masterpiece, best quality,  cat, space, icon',
        seed: 2253955223,
        model: 'Stable Diffusion 1D44365E',
        steps: 50,
        cfg: 10,
        sampler: 'k_euler_ancestral',
      },
    ],
    [
      'bad_images/text_after_idat.png',
      'png',
      { tool: 'automatic1111', prompt: 'photo of a duck', seed: 235284042, steps: 15, cfg: 5, sampler: 'UniPC' },
    ],
  ];

  it.each(cases)('%s imports with its prompt and seed', async (rel, format, want) => {
    const result = only(await importFiles(library, [fixture(rel)]));
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ file: fixture(rel), status: 'imported' });
    expect(result.duplicateOf).toBeUndefined();
    const meta = result.metadata;
    if (!meta || !result.imageId) throw new Error('no metadata');
    expect(meta.sourceTool).toBe(want.tool);
    expect(meta.prompt?.startsWith(want.prompt)).toBe(true);
    if (want.negative !== undefined) expect(meta.negativePrompt?.startsWith(want.negative)).toBe(true);
    expect(meta.seed).toBe(want.seed);
    expect(meta).toMatchObject({ steps: want.steps, cfgScale: want.cfg, sampler: want.sampler });
    if (want.model !== undefined) expect(meta.model).toBe(want.model);

    // The row: source imported, searchable fields denormalised, the original bytes in the store.
    const image = library.images.get(result.imageId);
    expect(image).toMatchObject({ source: 'imported', format, generationId: null });
    expect(image.prompt).toBe(meta.prompt);
    expect(image.negativePrompt).toBe(meta.negativePrompt);
    expect(image.seed).toBe(typeof want.seed === 'number' ? want.seed : null);
    expect(image.metadata).toMatchObject({ sourceTool: want.tool, originalName: rel.split('/')[1] });
    expect(readFileSync(library.store.absolute(image.path)).equals(readFileSync(fixture(rel)))).toBe(true);
    // The prompt history has it once.
    const history = library.prompts.list({ limit: 100 });
    expect(history.filter((p) => p.prompt === meta.prompt)).toHaveLength(1);
  });

  it('keeps the 64-bit Fooocus seed exact: string in the result, seedText in the row, no rounded seed column', async () => {
    const result = only(await importFiles(library, [fixture('Fooocus/fooocus1_cropped.png')]));
    expect(result.metadata?.seed).toBe('6952411511246973023');
    const image = library.images.get(result.imageId ?? '');
    expect(image.seed).toBeNull();
    expect(image.metadata?.seedText).toBe('6952411511246973023');
  });

  it('imports images without generation metadata with sourceTool null and the pixel size', async () => {
    const [png, jpg] = await importFiles(library, [
      fixture('bad_images/empty_image.png'),
      fixture('bad_images/empty_image.jpg'),
    ]);
    for (const result of [png, jpg]) {
      expect(result?.status).toBe('imported');
      expect(result?.metadata).toMatchObject({ sourceTool: null, prompt: null, seed: null });
      expect(result?.metadata?.width).toBeGreaterThan(0);
    }
    expect(library.prompts.list({ limit: 10 })).toHaveLength(0);
  });

  it('imports every fixture folder in one call with recurse, reporting the 0-byte file and going on', async () => {
    const progress: number[] = [];
    const results = await importFiles(library, [fixtures], { recurse: true, onProgress: (p) => progress.push(p.done) });
    const files = readdirSync(fixtures, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && /\.(png|jpe?g)$/i.test(e.name),
    );
    expect(results).toHaveLength(files.length);
    expect(progress).toEqual(results.map((_, i) => i + 1));
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.file)).toEqual([fixture('bad_images/empty_file.png')]);
    expect(failed[0]?.error).toMatchObject({ code: 'bad-image' });
    expect(failed[0]?.error?.message).toMatch(/empty \(0 bytes\)/);
    // text_after_idat.png and automatic1111_cropped.png are different files with the same prompt
    expect(library.images.count()).toBe(files.length - 1);
  });
});

describe('duplicates', () => {
  it('the same bytes imported twice give the existing image, once in the library and once in history', async () => {
    const copy = join(work, 'copy of duck.png');
    copyFileSync(fixture('AUTOMATIC1111/automatic1111_cropped.png'), copy);
    const [first, second, third] = await importFiles(library, [
      fixture('AUTOMATIC1111/automatic1111_cropped.png'),
      copy,
      fixture('AUTOMATIC1111/automatic1111_cropped.png'),
    ]);
    expect(first?.duplicateOf).toBeUndefined();
    expect(second).toMatchObject({ status: 'imported', imageId: first?.imageId, duplicateOf: first?.imageId });
    expect(third).toMatchObject({ status: 'imported', imageId: first?.imageId, duplicateOf: first?.imageId });
    expect(second?.metadata?.prompt).toBe(first?.metadata?.prompt);
    expect(library.images.count()).toBe(1);
    const uses = library.prompts.list({ limit: 10 });
    expect(uses).toHaveLength(1);
    expect(uses[0]?.useCount).toBe(1);
  });

  it('a later import of a trashed image brings it back from the trash', async () => {
    const first = only(await importFiles(library, [fixture('NovelAI/novelai1_cropped.png')]));
    library.images.trash([first.imageId ?? '']);
    const again = only(await importFiles(library, [fixture('NovelAI/novelai1_cropped.png')]));
    expect(again.duplicateOf).toBe(first.imageId);
    expect(library.images.get(first.imageId ?? '').deletedAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Bad files: each gets its own clear error and the files after it still import.

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid-looking PNG header claiming width×height, with a few bytes of pixel data (never allocated). */
function hugePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG whose chunks are all intact but whose IDAT holds only half of the zlib stream. */
function pngWithCutStream(): Buffer {
  const [width, height] = [300, 200];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 31) % 251; // noisy pixels, so the stream is long
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0; // filter type "none" on every row
  const stream = deflateSync(raw);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', stream.subarray(0, Math.floor(stream.length / 2))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('bad files', () => {
  it('the generated variants: WebP, EXIF encodings, iTXt and stealth import; truncated and 0×0 files are bad-image', async () => {
    const { variants } = await generatedFixtures();
    const results = await importFiles(library, [variants], { recurse: true });
    const byName = Object.fromEntries(results.map((r) => [r.file.slice(variants.length + 1), r]));
    for (const name of [
      'automatic1111.webp',
      'automatic1111_ascii.jpg',
      'automatic1111_itxt.png',
      'automatic1111_little_endian.jpg',
      'automatic1111_stealth_info.png',
      'automatic1111_stealth_rgb.png',
    ])
      expect(byName[name], name).toMatchObject({ status: 'imported', metadata: { sourceTool: 'automatic1111' } });
    expect(byName['comfyui_workflow_only.png']).toMatchObject({
      status: 'imported',
      metadata: { sourceTool: 'comfyui' },
    });
    expect(library.images.get(byName['automatic1111.webp']!.imageId!)).toMatchObject({ format: 'webp' });
    for (const name of ['truncated.png', 'truncated.jpg', 'zero_size.png']) {
      expect(byName[name], name).toMatchObject({ status: 'failed', error: { code: 'bad-image' } });
      expect(byName[name]!.imageId, name).toBeUndefined();
    }
    expect(byName['truncated.png']!.error?.message).toMatch(/truncated/);
  });

  it('reports each kind with its own message and imports the good file after them', async () => {
    const good = fixture('InvokeAI/invokeai_imeta1.png');
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3080c0' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c08030' } })
      .jpeg()
      .toBuffer();
    const files: Record<string, Buffer | null> = {
      'empty.png': Buffer.alloc(0),
      'notes.png': Buffer.from('These are my notes, not a picture.\n'),
      'cut.png': png.subarray(0, Math.floor(png.length / 2)),
      'cut.jpg': jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      'huge.png': hugePng(20_000, 20_000),
      'cut-stream.png': pngWithCutStream(),
      'cut.webp': (
        await sharp({ create: { width: 300, height: 200, channels: 3, background: '#30c080' } })
          .webp()
          .toBuffer()
      ).subarray(0, 60),
      'anim.gif': Buffer.from('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=', 'base64'),
      'photo.bmp': await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
        .raw()
        .toBuffer()
        .then(bmp),
      'scan.tif': await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
        .tiff()
        .toBuffer(),
    };
    for (const [name, data] of Object.entries(files)) if (data) writeFileSync(join(work, name), data);
    mkdirSync(join(work, 'a folder'));
    symlinkSync(join(work, 'gone.png'), join(work, 'dangling.png'));
    const names = [...Object.keys(files), 'a folder', 'dangling.png', 'does-not-exist.png'];

    const results = await importFiles(library, [...names.map((n) => join(work, n)), good]);
    const byName = new Map(results.map((r) => [r.file.slice(work.length + 1), r]));
    const error = (name: string): { code: string; message: string } => {
      const result = byName.get(name);
      expect(result?.status, name).toBe('failed');
      expect(result?.imageId, name).toBeUndefined();
      if (!result?.error) throw new Error(`${name}: no error`);
      expect(result.error.message, name).toContain(join(work, name));
      return result.error;
    };
    expect(error('empty.png')).toMatchObject({
      code: 'bad-image',
      message: expect.stringMatching(/empty \(0 bytes\)/),
    });
    expect(error('notes.png')).toMatchObject({
      code: 'bad-image',
      message: expect.stringMatching(/is not an image \(although its name ends in \.png\)/),
    });
    expect(error('cut.png').code).toBe('bad-image');
    expect(error('cut.png').message).toMatch(/damaged|cut short|truncated/i);
    expect(error('cut.jpg').code).toBe('bad-image');
    expect(error('cut.jpg').message).toMatch(/damaged|cut short/i);
    // whole chunks with valid CRCs, but the compressed pixel stream stops half way: only decoding finds it
    expect(error('cut-stream.png')).toMatchObject({
      code: 'bad-image',
      message: expect.stringMatching(/damaged or cut short/),
    });
    expect(error('cut.webp').code).toBe('bad-image');
    expect(error('huge.png')).toMatchObject({
      code: 'bad-image',
      message: expect.stringMatching(/20000×20000 pixels \(400 megapixels\).*up to 100 megapixels/),
    });
    expect(error('anim.gif').message).toMatch(/is a GIF image; Easel imports PNG, JPEG and WebP only/);
    expect(error('photo.bmp').message).toMatch(/is a BMP image/);
    expect(error('scan.tif').message).toMatch(/is a TIFF image/);
    expect(error('a folder')).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/is a folder, not an image.*recurse/),
    });
    expect(error('dangling.png')).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/is a link to a file that no longer exists/),
    });
    expect(error('does-not-exist.png')).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/does not exist/),
    });

    expect(results.at(-1)).toMatchObject({ file: good, status: 'imported' });
    expect(library.images.count()).toBe(1);
    // Nothing of the refused files reached the store (only the good image and its thumbnail).
    const stored = readdirSync(join(dir, 'data', 'library'), { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(stored).toHaveLength(1);
  });

  it('reports permission denied when not running as root (root reads everything)', async (context) => {
    if (process.getuid?.() === 0 || process.platform === 'win32') context.skip();
    const locked = join(work, 'locked.png');
    copyFileSync(fixture('AUTOMATIC1111/automatic1111_cropped.png'), locked);
    const { chmodSync } = await import('node:fs');
    chmodSync(locked, 0o000);
    const result = only(await importFiles(library, [locked]));
    expect(result.error).toMatchObject({ code: 'io', message: expect.stringMatching(/permission denied/) });
  });

  it('the header check refuses > 100 MP before decoding, also for JPEG/WebP-sized claims just over the line', async () => {
    // 10001 × 10000 = 100.01 MP: just over; 10000 × 10000 passes the header check (and then decodes or fails on data).
    const over = join(work, 'over.png');
    writeFileSync(over, hugePng(10_001, 10_000));
    const result = only(await importFiles(library, [over]));
    expect(result.error?.message).toMatch(/10001×10000 pixels/);
    const at = join(work, 'at.png');
    writeFileSync(at, hugePng(10_000, 10_000));
    const atResult = only(await importFiles(library, [at]));
    expect(atResult.status).toBe('failed');
    expect(atResult.error?.message).not.toMatch(/megapixels/);
  });

  it('recurse walks subfolders in name order, skips non-image names and reports bad images inside', async () => {
    mkdirSync(join(work, 'b', 'c'), { recursive: true });
    copyFileSync(fixture('NovelAI/novelai1_cropped.png'), join(work, 'b', 'c', 'z.png'));
    copyFileSync(fixture('InvokeAI/invokeai_dream1.png'), join(work, 'a.PNG'));
    writeFileSync(join(work, 'b', 'broken.webp'), 'RIFF');
    writeFileSync(join(work, 'readme.txt'), 'not looked at');
    const results = await importFiles(library, [work], { recurse: true });
    expect(results.map((r) => [r.file.slice(work.length + 1), r.status])).toEqual([
      ['a.PNG', 'imported'],
      [join('b', 'broken.webp'), 'failed'],
      [join('b', 'c', 'z.png'), 'imported'],
    ]);
  });

  it('an aborted import reports the files it did not reach', async () => {
    const controller = new AbortController();
    const results = await importFiles(
      library,
      [fixture('NovelAI/novelai1_cropped.png'), fixture('InvokeAI/invokeai_dream1.png')],
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    expect(results.map((r) => r.status)).toEqual(['imported', 'failed']);
    expect(results[1]?.error?.code).toBe('aborted');
  });
});

describe('Easel files', () => {
  it('an image Easel wrote keeps its Bedrock model id and exact seed when imported into another library', async () => {
    const { embedGenerationMetadata } = await import('../../src-main/core/metadata/index.ts');
    const plain = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const png = embedGenerationMetadata(plain, {
      parameters: {
        prompt: 'a lighthouse at dusk',
        negativePrompt: 'fog',
        seed: 4242,
        steps: 30,
        cfgScale: 7,
        width: 1024,
        height: 1024,
        model: 'stability.sd3-5-large-v1:0',
        extra: {},
      },
      easel: {
        version: 1,
        modelId: 'stability.sd3-5-large-v1:0',
        seed: 4242,
        request: { prompt: 'a lighthouse at dusk', seed: 4242 },
        params: { prompt: 'a lighthouse at dusk' },
      },
    });
    const file = join(work, 'easel.png');
    writeFileSync(file, png);
    const result = only(await importFiles(library, [file]));
    expect(result.metadata).toMatchObject({
      sourceTool: 'easel',
      prompt: 'a lighthouse at dusk',
      negativePrompt: 'fog',
      seed: 4242,
      model: 'stability.sd3-5-large-v1:0',
    });
    const image = library.images.get(result.imageId ?? '');
    expect(image.modelId).toBe('stability.sd3-5-large-v1:0');
    // the stored copy is the original file, metadata kept
    expect(
      readPngTextChunks(readFileSync(library.store.absolute(image.path)))
        .map((c) => c.keyword)
        .sort(),
    ).toEqual(['easel', 'parameters']);
  });
});

/** A 24-bit BMP from raw RGB (bottom-up rows, padded to 4 bytes). */
function bmp(raw: Buffer): Buffer {
  const width = 2;
  const height = 2;
  const row = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) pixels[(height - 1 - y) * row + x * 3 + (2 - c)] = raw[(y * width + x) * 3 + c] ?? 0;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}
