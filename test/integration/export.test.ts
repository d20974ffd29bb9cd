// Export through the real library: SQLite in a temp folder, files on disk, sharp, the metadata module.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../src-shared/domain.ts';
import { openStorage, type Storage } from '../../src-main/core/storage/index.ts';
import { exportImages, importFiles, type ExportSidecar } from '../../src-main/core/import-export/index.ts';
import { embedGenerationMetadata, readImageMetadata, readPngTextChunks } from '../../src-main/core/metadata/index.ts';
import { generatedFixtures } from '../fixtures/make-foreign.ts';

const fixtures = (await generatedFixtures()).foreign;

let dir: string;
let out: string;
let library: Storage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'easel-export-'));
  out = join(dir, 'out');
  library = openStorage({ dataDir: join(dir, 'data') });
});
afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A generated image as the jobs queue would record it: job row, Easel metadata in the PNG, one outcome transaction. */
async function generated(prompt: string, seed: number, colour = seed): Promise<ImageRecord> {
  const modelId = 'stability.sd3-5-large-v1:0';
  const request = { prompt, seed, mode: 'text-to-image', output_format: 'png' };
  const { jobs } = library.generations.queue([
    { params: { modelId, prompt, negativePrompt: 'blurry', seed }, estimateMicroUsd: 80_000, seed, request },
  ]);
  const job = jobs[0];
  if (!job) throw new Error('no job');
  const plain = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: colour % 256, g: 40, b: 90 } },
  })
    .png()
    .toBuffer();
  const png = embedGenerationMetadata(plain, {
    parameters: { prompt, negativePrompt: 'blurry', seed, model: modelId, width: 64, height: 48, extra: {} },
    easel: { version: 1, modelId, seed, request, params: { modelId, prompt, seed } },
  });
  const stored = await library.store.put(png);
  const { image } = library.generations.recordGenerationOutcome({
    jobId: job.id,
    status: 'succeeded',
    charge: { kind: 'charge', amountMicroUsd: 80_000, priceSource: 'test' },
    image: stored,
    seed,
  });
  if (!image) throw new Error('no image');
  return image;
}

const listFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();

describe('templates and collections', () => {
  it('exports a collection into {collection}/{index}_{prompt}_{seed}.png in the collection order', async () => {
    const a = await generated('a red dragon', 11);
    const b = await generated('a blue knight', 22);
    const c = await generated('a green castle', 33);
    const sprites = library.collections.create('Game: Sprites');
    library.collections.add(sprites.id, [c.id, a.id, b.id]);

    const result = await exportImages(library, {
      collectionId: sprites.id,
      folder: out,
      template: '{collection}/{index}_{prompt}_{seed}.png',
      withMetadata: true,
      sidecar: false,
    });
    expect(result.totals).toMatchObject({ exported: 3, skipped: 0, failed: 0 });
    expect(result.files.map((f) => f.imageId)).toEqual([c.id, a.id, b.id]);
    expect(listFiles(out)).toEqual([
      'Game_ Sprites/001_a green castle_33.png',
      'Game_ Sprites/002_a red dragon_11.png',
      'Game_ Sprites/003_a blue knight_22.png',
    ]);
    // the exported bytes are the library's bytes (metadata kept)
    expect(
      readFileSync(join(out, 'Game_ Sprites/002_a red dragon_11.png')).equals(
        readFileSync(library.store.absolute(a.path)),
      ),
    ).toBe(true);
    expect(result.totals.bytes).toBe(a.bytes + b.bytes + c.bytes);
  });

  it('fills {model} {id} {date} {width} {height}; the default template is {slug}_{seed}', async () => {
    const a = await generated('lighthouse', 5);
    await exportImages(library, {
      imageIds: [a.id],
      folder: out,
      template: '{model}/{date}/{id}-{width}x{height}',
      withMetadata: true,
      sidecar: false,
    });
    await exportImages(library, { imageIds: [a.id], folder: out, withMetadata: true, sidecar: false });
    expect(listFiles(out)).toEqual([
      `lighthouse_5.png`,
      `stability.sd3-5-large-v1_0/${a.createdAt.slice(0, 10)}/${a.id}-64x48.png`,
    ]);
  });

  it('a selection takes {collection} from a collection holding the image, or drops the folder', async () => {
    const a = await generated('in a collection', 1);
    const b = await generated('loose', 2);
    library.collections.add(library.collections.create('Keep').id, [a.id]);
    const result = await exportImages(library, {
      imageIds: [b.id, a.id],
      folder: out,
      template: '{collection}/{index} {prompt}',
      withMetadata: true,
      sidecar: false,
    });
    expect(result.totals.exported).toBe(2);
    expect(listFiles(out)).toEqual(['001 loose.png', 'Keep/002 in a collection.png']);
  });

  it('keeps the extension of the stored format (JPEG fixture → .jpg) and imported 64-bit seeds exactly', async () => {
    const imported = await importFiles(library, [
      join(fixtures, 'AUTOMATIC1111/automatic1111_cropped.jpg'),
      join(fixtures, 'Fooocus/fooocus1_cropped.png'),
    ]);
    const ids = imported.map((r) => r.imageId ?? '');
    await exportImages(library, { imageIds: ids, folder: out, template: '{seed}', withMetadata: true, sidecar: false });
    expect(listFiles(out)).toEqual(['235284042.jpg', '6952411511246973023.png']);
  });

  it('refuses unknown template fields before writing anything, and a file as the folder', async () => {
    const a = await generated('x', 1);
    await expect(
      exportImages(library, { imageIds: [a.id], folder: out, template: '{promt}', withMetadata: true, sidecar: false }),
    ).rejects.toMatchObject({ code: 'validation', field: 'template' });
    expect(existsSync(out)).toBe(false);
    writeFileSync(join(dir, 'a-file'), 'x');
    await expect(
      exportImages(library, { imageIds: [a.id], folder: join(dir, 'a-file'), withMetadata: true, sidecar: false }),
    ).rejects.toMatchObject({ code: 'validation', field: 'folder' });
    await expect(exportImages(library, { folder: out, withMetadata: true, sidecar: false })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('reports an unknown id and a file gone from the library per image, and exports the rest', async () => {
    const a = await generated('present', 1);
    const b = await generated('vanished', 2);
    rmSync(library.store.absolute(b.path));
    const result = await exportImages(library, {
      imageIds: [b.id, '999', a.id],
      folder: out,
      withMetadata: true,
      sidecar: false,
    });
    expect(result.files.map((f) => [f.imageId, f.status, f.error?.code])).toEqual([
      [b.id, 'failed', 'not-found'],
      ['999', 'failed', 'not-found'],
      [a.id, 'exported', undefined],
    ]);
    expect(result.files[0]?.error?.message).toMatch(/check library/);
    expect(result.totals).toMatchObject({ exported: 1, failed: 2 });
  });
});

describe('unsafe names', () => {
  it('prompts with .., slashes, reserved names and Windows characters stay inside the folder with safe names', async () => {
    const prompts = [
      '../../escape/../../etc/passwd',
      'CON',
      'nul.txt',
      'what? a <cat>: "yes" | no*',
      'trailing dots...',
      '\u0000\u001b[31mred',
      '  ',
      '.env',
    ];
    const images = [];
    for (const [i, prompt] of prompts.entries()) images.push(await generated(prompt, 100 + i));
    const result = await exportImages(library, {
      imageIds: images.map((i) => i.id),
      folder: out,
      template: '{collection}/{prompt}',
      withMetadata: true,
      sidecar: true,
    });
    expect(result.totals.exported).toBe(prompts.length);
    const names = listFiles(out);
    // everything is directly inside `out`: no subfolder was made from a prompt, nothing escaped
    expect(readdirSync(dir).sort()).toEqual(['data', 'out']);
    for (const name of names) {
      // eslint-disable-next-line no-control-regex
      expect(name).not.toMatch(/[/\\<>:"|?*\u0000-\u001f]/);
      expect(name).not.toMatch(/^\./);
      expect(name.replace(/\.(png|json)$/, '')).not.toMatch(/[. ]$/);
      expect(name.split('.')[0]?.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/);
    }
    expect(names.filter((n) => n.endsWith('.png'))).toEqual(
      [
        'CON_.png',
        'env.png',
        'escape_.._.._etc_passwd.png',
        'image-' + images[6]?.id + '.png',
        'nul_.txt.png',
        '[31mred.png',
        'trailing dots.png',
        'what_ a _cat_ _yes_ _ no.png',
      ].sort(),
    );
  });

  it('long prompts are cut and the name stays under the byte limit with multi-byte characters', async () => {
    const image = await generated('猫'.repeat(300), 1);
    const result = await exportImages(library, {
      imageIds: [image.id],
      folder: out,
      template: '{prompt}{prompt}{prompt}{prompt}',
      withMetadata: true,
      sidecar: true,
    });
    const file = result.files[0]?.file ?? '';
    const base = file.slice(out.length + 1);
    expect(Buffer.byteLength(base)).toBeLessThanOrEqual(255);
    expect(existsSync(file)).toBe(true);
  });
});

describe('metadata', () => {
  it('without metadata the exported PNG has no text chunks, the same pixels, and reads back as no metadata', async () => {
    const a = await generated('secret prompt', 9);
    const result = await exportImages(library, { imageIds: [a.id], folder: out, withMetadata: false, sidecar: false });
    const file = readFileSync(result.files[0]?.file ?? '');
    expect(readPngTextChunks(file)).toEqual([]);
    expect(await readImageMetadata(file)).toBeNull();
    expect(file.includes(Buffer.from('secret prompt'))).toBe(false);
    const [before, after] = await Promise.all([
      sharp(library.store.absolute(a.path)).raw().toBuffer(),
      sharp(file).raw().toBuffer(),
    ]);
    expect(after.equals(before)).toBe(true);
  });

  it('with metadata the exported file reads back with its prompt, seed and Easel record', async () => {
    const a = await generated('kept prompt', 77);
    const result = await exportImages(library, { imageIds: [a.id], folder: out, withMetadata: true, sidecar: false });
    const meta = await readImageMetadata(readFileSync(result.files[0]?.file ?? ''));
    expect(meta).toMatchObject({
      sourceTool: 'easel',
      prompt: 'kept prompt',
      seed: 77,
      easel: { modelId: 'stability.sd3-5-large-v1:0' },
    });
  });

  it('strips EXIF from an imported JPEG', async () => {
    const [imported] = await importFiles(library, [join(fixtures, 'AUTOMATIC1111/automatic1111_cropped.jpg')]);
    const result = await exportImages(library, {
      imageIds: [imported?.imageId ?? ''],
      folder: out,
      withMetadata: false,
      sidecar: false,
    });
    const file = readFileSync(result.files[0]?.file ?? '');
    expect(await readImageMetadata(file)).toBeNull();
    expect((await sharp(file).metadata()).exif).toBeUndefined();
  });
});

describe('sidecars', () => {
  it('writes <name>.json with prompt, negative, seed, model, size, tags, collection, UTC date and the Easel request', async () => {
    const a = await generated('a red dragon', 42);
    library.tags.add([a.id], ['dragon', 'red']);
    const col = library.collections.create('Sprites');
    library.collections.add(col.id, [a.id]);
    const result = await exportImages(library, {
      collectionId: col.id,
      folder: out,
      template: '{prompt}_{seed}', // the prompt as written (the default is the slug)
      withMetadata: false,
      sidecar: true,
    });
    expect(result.files[0]?.sidecar).toBe(join(out, 'a red dragon_42.json'));
    const sidecar = JSON.parse(readFileSync(join(out, 'a red dragon_42.json'), 'utf8')) as ExportSidecar;
    expect(sidecar).toMatchObject({
      version: 1,
      imageId: a.id,
      file: 'a red dragon_42.png',
      prompt: 'a red dragon',
      negativePrompt: 'blurry',
      seed: 42,
      model: 'stability.sd3-5-large-v1:0',
      width: 64,
      height: 48,
      format: 'png',
      tags: ['dragon', 'red'],
      collection: 'Sprites',
      collectionIndex: 1,
      source: 'generated',
      request: { prompt: 'a red dragon', seed: 42, mode: 'text-to-image', output_format: 'png' },
      params: { modelId: 'stability.sd3-5-large-v1:0', prompt: 'a red dragon', seed: 42 },
      importedMetadata: null,
    });
    expect(sidecar.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(sidecar.createdAt).toBe(a.createdAt);
  });

  it('an imported image: its tool and settings, the exact 64-bit seed, no request', async () => {
    const [imported] = await importFiles(library, [join(fixtures, 'Fooocus/fooocus1_cropped.png')]);
    const result = await exportImages(library, {
      imageIds: [imported?.imageId ?? ''],
      folder: out,
      template: '{id}',
      withMetadata: true,
      sidecar: true,
    });
    const sidecar = JSON.parse(readFileSync(result.files[0]?.sidecar ?? '', 'utf8')) as ExportSidecar;
    expect(sidecar).toMatchObject({
      source: 'imported',
      seed: '6952411511246973023',
      request: null,
      collection: null,
      collectionIndex: null,
      importedMetadata: { sourceTool: 'fooocus', steps: 30 },
    });
    expect(sidecar.importedMetadata).not.toHaveProperty('raw');
  });
});

describe('collisions', () => {
  async function twoSameNames(): Promise<[ImageRecord, ImageRecord]> {
    return [await generated('same', 1, 10), await generated('same', 1, 20)];
  }

  it('two images with the same name in one export: the second is numbered, whatever the policy', async () => {
    const [a, b] = await twoSameNames();
    for (const overwrite of ['rename', 'skip', 'replace'] as const) {
      const folder = join(out, overwrite);
      const result = await exportImages(library, {
        imageIds: [a.id, b.id],
        folder,
        withMetadata: true,
        sidecar: true,
        overwrite,
      });
      expect(result.totals.exported).toBe(2);
      expect(listFiles(folder)).toEqual(['same_1 (2).json', 'same_1 (2).png', 'same_1.json', 'same_1.png']);
    }
  });

  it('rename (default) numbers around existing files; skip leaves them; replace overwrites them', async () => {
    const [a] = await twoSameNames();
    mkdirSync(out);
    writeFileSync(join(out, 'same_1.png'), 'mine');
    writeFileSync(join(out, 'same_1 (2).json'), 'mine too'); // a sidecar alone also takes the name

    const renamed = await exportImages(library, { imageIds: [a.id], folder: out, withMetadata: true, sidecar: true });
    expect(renamed.files[0]).toMatchObject({
      status: 'exported',
      file: join(out, 'same_1 (3).png'),
      sidecar: join(out, 'same_1 (3).json'),
    });

    const skipped = await exportImages(library, {
      imageIds: [a.id],
      folder: out,
      withMetadata: true,
      sidecar: false,
      overwrite: 'skip',
    });
    expect(skipped.files[0]).toMatchObject({ status: 'skipped', file: join(out, 'same_1.png') });
    expect(skipped.totals).toMatchObject({ exported: 0, skipped: 1, bytes: 0 });
    expect(readFileSync(join(out, 'same_1.png'), 'utf8')).toBe('mine');

    const replaced = await exportImages(library, {
      imageIds: [a.id],
      folder: out,
      withMetadata: true,
      sidecar: false,
      overwrite: 'replace',
    });
    expect(replaced.files[0]).toMatchObject({ status: 'exported', replaced: true, file: join(out, 'same_1.png') });
    expect(readFileSync(join(out, 'same_1.png')).equals(readFileSync(library.store.absolute(a.path)))).toBe(true);
    // no temp files left behind
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('names differing only in case collide (the folder may be on a case-insensitive disk)', async () => {
    const a = await generated('Dragon', 1);
    const b = await generated('dragon', 1);
    await exportImages(library, {
      imageIds: [a.id, b.id],
      folder: out,
      template: '{prompt}',
      withMetadata: true,
      sidecar: false,
    });
    expect(listFiles(out)).toEqual(['Dragon.png', 'dragon (2).png']);
  });

  it('reports progress per file', async () => {
    const [a, b] = await twoSameNames();
    const seen: string[] = [];
    await exportImages(library, {
      imageIds: [a.id, b.id],
      folder: out,
      withMetadata: true,
      sidecar: false,
      onProgress: (p) => seen.push(`${p.done}/${p.total}:${p.result.status}`),
    });
    expect(seen).toEqual(['1/2:exported', '2/2:exported']);
  });
});
