import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { writePngTextChunks } from '../metadata/index.ts';
import { decodeAhead, ImageStore, sha256Hex, THUMBNAIL_SIZE } from './image-store.ts';
import { jpegBytes, pngBytes, tempDir, testLibrary, type TestLibrary } from './test-support.ts';

const dirs: string[] = [];
const libs: TestLibrary[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const l of libs.splice(0)) l.dispose();
});
function store(): ImageStore {
  const dir = tempDir();
  dirs.push(dir);
  return new ImageStore(dir);
}
function lib(): TestLibrary {
  const l = testLibrary();
  libs.push(l);
  return l;
}
async function rejection(promise: Promise<unknown>): Promise<EaselError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EaselError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('ImageStore.put', () => {
  it('writes the bytes under library/<sha[0:2]>/<sha>.png and leaves no temp file', async () => {
    const s = store();
    const bytes = await pngBytes(300, 200);
    const stored = await s.put(bytes);
    const sha = sha256Hex(bytes);
    expect(stored).toMatchObject({
      sha256: sha,
      path: `library/${sha.slice(0, 2)}/${sha}.png`,
      width: 300,
      height: 200,
      bytes: bytes.length,
      format: 'png',
      written: true,
    });
    expect(readFileSync(s.absolute(stored.path)).equals(bytes)).toBe(true);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('is idempotent: the same content twice is one file, written once', async () => {
    const s = store();
    const bytes = await pngBytes(40, 40, 9);
    const first = await s.put(bytes);
    const mtime = statSync(s.absolute(first.path)).mtimeMs;
    const second = await s.put(Buffer.from(bytes));
    expect(second.path).toBe(first.path);
    expect(second.written).toBe(false);
    expect(statSync(s.absolute(first.path)).mtimeMs).toBe(mtime);
    expect(readdirSync(join(s.paths.library, first.sha256.slice(0, 2)))).toEqual([`${first.sha256}.png`]);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('stores JPEG as .jpg', async () => {
    const stored = await store().put(await jpegBytes());
    expect(stored.format).toBe('jpeg');
    expect(stored.path.endsWith('.jpg')).toBe(true);
  });

  it('refuses empty, non-image and truncated files with bad-image, writing nothing', async () => {
    const s = store();
    expect((await rejection(s.put(new Uint8Array(0)))).code).toBe('bad-image');
    expect((await rejection(s.put(Buffer.from('hello, not an image')))).code).toBe('bad-image');
    const png = await sharp({
      create: {
        width: 512,
        height: 512,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const cut = await rejection(s.put(png.subarray(0, Math.floor(png.length / 2))));
    expect(cut.code).toBe('bad-image');
    expect(cut.message).toMatch(/damaged or cut short/);
    expect(readdirSync(s.paths.root).filter((n) => n === 'library')).toEqual([]);
  });

  it('refuses an image over 100 megapixels from its header, before decoding it', async () => {
    // A valid PNG header claiming 20000×10000: only the IHDR matters to the check.
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20_000, 16);
    huge.writeUInt32BE(10_000, 20);
    const error = await rejection(store().put(huge));
    expect(error.code).toBe('bad-image');
    expect(error.message).toMatch(/200 megapixels/);
  });
});

describe('ImageStore.putThumbnailLater', () => {
  it('stores the file at once and makes the thumbnail only when asked, from the pixels it decoded', async () => {
    const s = store();
    const bytes = await pngBytes(1024, 512, 3);
    const { stored, thumbnail } = await s.putThumbnailLater(bytes);
    expect(stored).toMatchObject({ sha256: sha256Hex(bytes), width: 1024, height: 512, format: 'png', written: true });
    expect(readFileSync(s.absolute(stored.path)).equals(bytes)).toBe(true);
    const thumbPath = s.absolute(`thumbs/${stored.sha256.slice(0, 2)}/${stored.sha256}.webp`);
    expect(() => statSync(thumbPath)).toThrow(/ENOENT/);
    await thumbnail();
    const meta = await sharp(thumbPath).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', THUMBNAIL_SIZE, THUMBNAIL_SIZE / 2]);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('keeps transparency, turns EXIF-rotated images upright and does not enlarge small ones', async () => {
    const s = store();
    const base = await pngBytes(512, 256);
    const cases: [Buffer, number[]][] = [
      [await sharp(base).greyscale().ensureAlpha(0.5).png().toBuffer(), [256, 128, 4]],
      [await sharp(base).jpeg().withMetadata({ orientation: 6 }).toBuffer(), [128, 256, 3]],
      [await pngBytes(100, 80), [100, 80, 3]],
    ];
    for (const [bytes, shape] of cases) {
      const { stored, thumbnail } = await s.putThumbnailLater(bytes);
      await thumbnail();
      const thumb = await sharp(await s.thumbnail(stored.sha256)).metadata();
      expect([thumb.width, thumb.height, thumb.channels]).toEqual(shape);
    }
  });

  it('refuses a truncated image before it lands in the library, as put does', async () => {
    const s = store();
    const png = await sharp({
      create: {
        width: 512,
        height: 512,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const cut = await rejection(s.putThumbnailLater(png.subarray(0, Math.floor(png.length / 2))));
    expect(cut.code).toBe('bad-image');
    expect(readdirSync(s.paths.root).filter((n) => n === 'library')).toEqual([]);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('the same bytes again: nothing written, its early temp copy gone', async () => {
    const s = store();
    const bytes = await pngBytes(200, 100, 8);
    const first = await s.putThumbnailLater(bytes);
    const mtime = statSync(s.absolute(first.stored.path)).mtimeMs;
    const second = await s.putThumbnailLater(Buffer.from(bytes));
    expect([second.stored.path, second.stored.written]).toEqual([first.stored.path, false]);
    expect(statSync(s.absolute(first.stored.path)).mtimeMs).toBe(mtime);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('refuses a non-image with bad-image and leaves no temp file', async () => {
    const s = store();
    const error = await rejection(s.putThumbnailLater(Buffer.from('hello, not an image at all')));
    expect(error.code).toBe('bad-image');
    expect(error.message).toMatch(/not a PNG, JPEG or WebP/);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
    expect(readdirSync(s.paths.root).filter((n) => n === 'library')).toEqual([]);
  });

  it('stores the bytes it is given, checked by a decode started ahead on the image before its metadata', async () => {
    const s = store();
    const received = await pngBytes(320, 240, 4);
    const ahead = decodeAhead(received);
    const withText = writePngTextChunks(received, [{ keyword: 'parameters', text: 'a lighthouse, Steps: 30' }]);
    const { stored, thumbnail } = await s.putThumbnailLater(withText, ahead);
    expect(stored).toMatchObject({ sha256: sha256Hex(withText), width: 320, height: 240, written: true });
    expect(readFileSync(s.absolute(stored.path)).equals(withText)).toBe(true);
    await thumbnail();
    expect((await sharp(await s.thumbnail(stored.sha256)).metadata()).width).toBe(THUMBNAIL_SIZE);
  });

  it('the save waits for the decode started ahead: its failure (an image cut short) refuses it, nothing lands, no temp file', async () => {
    const s = store();
    const png = await sharp({
      create: {
        width: 512,
        height: 512,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const cut = png.subarray(0, Math.floor(png.length * 0.6));
    const ahead = decodeAhead(cut);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the decode has failed by now: still reported by the save
    // The whole file is handed over: the refusal can only come from the decode started ahead.
    const error = await rejection(s.putThumbnailLater(png, ahead));
    expect(error.code).toBe('bad-image');
    expect(error.message).toMatch(/damaged or cut short/);
    expect(readdirSync(s.paths.root).filter((n) => n === 'library')).toEqual([]);
    expect(readdirSync(s.paths.tmp)).toEqual([]);
  });

  it('a thumbnail never made (a crash before it) is made when first shown', async () => {
    const s = store();
    const { stored } = await s.putThumbnailLater(await pngBytes(300, 300, 5));
    const meta = await sharp(await s.thumbnail(stored.sha256)).metadata();
    expect([meta.format, meta.width]).toEqual(['webp', THUMBNAIL_SIZE]);
  });
});

describe('ImageStore thumbnails and removal', () => {
  it('makes a WebP thumbnail that fits in 256 px, keeping the aspect ratio', async () => {
    const s = store();
    const stored = await s.put(await pngBytes(1024, 512), { thumbnail: false });
    const thumb = await s.thumbnail(stored.sha256);
    expect(thumb).toBe(s.absolute(`thumbs/${stored.sha256.slice(0, 2)}/${stored.sha256}.webp`));
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([THUMBNAIL_SIZE, THUMBNAIL_SIZE / 2]);
  });

  it('makes upright 8-bit thumbnails of 16-bit, transparent and EXIF-rotated images, the same as one sharp pipeline would', async () => {
    const s = store();
    const base = await pngBytes(512, 256);
    const inputs = [
      await sharp(base).toColourspace('rgb16').png().toBuffer(),
      await sharp(base).greyscale().ensureAlpha(0.5).png().toBuffer(),
      await sharp(base).jpeg().withMetadata({ orientation: 6 }).toBuffer(), // stored 512×256, shown 256×512
    ];
    const shapes: number[][] = [];
    for (const bytes of inputs) {
      const stored = await s.put(bytes);
      const thumb = readFileSync(s.absolute(`thumbs/${stored.sha256.slice(0, 2)}/${stored.sha256}.webp`));
      const mine = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
      const reference = await sharp(
        await sharp(bytes)
          .rotate()
          .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside' })
          .webp({ quality: 80, effort: 0 })
          .toBuffer(),
      )
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(mine.info).toEqual(reference.info);
      expect(mine.data.equals(reference.data)).toBe(true);
      shapes.push([mine.info.width, mine.info.height, mine.info.channels]);
    }
    expect(shapes).toEqual([
      [256, 128, 3],
      [256, 128, 4],
      [128, 256, 3],
    ]);
  });

  it('does not enlarge small images', async () => {
    const s = store();
    const stored = await s.put(await pngBytes(100, 80));
    const meta = await sharp(await s.thumbnail(stored.sha256)).metadata();
    expect([meta.width, meta.height]).toEqual([100, 80]);
  });

  it('removes an image and its thumbnail', async () => {
    const s = store();
    const stored = await s.put(await pngBytes());
    expect(await s.exists(stored.sha256)).toBe(true);
    await s.remove(stored.sha256);
    expect(await s.exists(stored.sha256)).toBe(false);
    expect(readdirSync(join(s.paths.thumbs, stored.sha256.slice(0, 2)))).toEqual([]);
    await expect(s.thumbnail(stored.sha256)).rejects.toThrow(/missing/);
  });
});

describe('checkLibrary', () => {
  it('reports a clean library as clean', async () => {
    const l = lib();
    const stored = await l.store.put(await pngBytes());
    l.images.insertOrGet({ ...stored, source: 'imported' });
    const report = await l.checkLibrary({ tempGraceMs: 0 });
    expect(report).toMatchObject({
      checkedRows: 1,
      checkedFiles: 1,
      missingFiles: [],
      orphanFiles: [],
      orphanThumbs: [],
      tempFiles: [],
      repair: null,
    });
  });

  it('reports and repairs missing files, orphans, stray thumbnails and crash leftovers', async () => {
    const l = lib();
    const kept = await l.store.put(await pngBytes(10, 10, 1));
    const keptRow = l.images.insertOrGet({ ...kept, source: 'imported' }).image;
    const lost = await l.store.put(await pngBytes(10, 10, 2));
    const lostRow = l.images.insertOrGet({ ...lost, source: 'generated' }).image;
    rmSync(l.store.absolute(lost.path));
    const orphan = await l.store.put(await pngBytes(20, 10, 3)); // a crash after the write, before the commit
    mkdirSync(l.store.paths.tmp, { recursive: true });
    writeFileSync(join(l.store.paths.tmp, 'deadbeef.part'), 'half a file');
    mkdirSync(join(l.store.paths.thumbs, 'ff'), { recursive: true });
    writeFileSync(join(l.store.paths.thumbs, 'ff', `${'f'.repeat(64)}.webp`), 'stray');

    const report = await l.checkLibrary({ tempGraceMs: 0 });
    expect(report.missingFiles).toEqual([{ imageId: lostRow.id, sha256: lost.sha256, path: lost.path }]);
    expect(report.orphanFiles).toEqual([orphan.path]);
    expect(report.tempFiles).toEqual(['tmp/deadbeef.part']);
    expect(report.orphanThumbs).toContain(`thumbs/ff/${'f'.repeat(64)}.webp`);

    const repaired = await l.checkLibrary({ tempGraceMs: 0, repair: true });
    expect(repaired.repair?.removedRows).toBe(1);
    expect(repaired.repair?.adopted.map((a) => a.path)).toEqual([orphan.path]);
    expect(l.images.getBySha(orphan.sha256)?.source).toBe('imported');
    expect(l.images.find(keptRow.id)).not.toBeNull();
    expect(l.images.find(lostRow.id)).toBeNull();

    const after = await l.checkLibrary({ tempGraceMs: 0 });
    expect(after).toMatchObject({ missingFiles: [], orphanFiles: [], orphanThumbs: [], tempFiles: [] });
    expect(l.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves young temp files alone: they may be a write in progress', async () => {
    const l = lib();
    mkdirSync(l.store.paths.tmp, { recursive: true });
    writeFileSync(join(l.store.paths.tmp, 'inflight.part'), 'x');
    expect((await l.checkLibrary()).tempFiles).toEqual([]);
  });
});
