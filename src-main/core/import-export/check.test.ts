// checkLibrary on a real library in a temp folder (SQLite, files, sharp thumbnails).
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../storage/index.ts';
import { imageRelPath, thumbRelPath } from '../storage/index.ts';
import { sha256Hex } from '../storage/index.ts';
import { checkLibrary } from './check.ts';

let dir: string;
let library: Storage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'easel-check-'));
  library = openStorage({ dataDir: dir });
});
afterEach(() => {
  library.close();
  rmSync(dir, { recursive: true, force: true });
});

const png = (seed: number): Promise<Buffer> =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: seed, g: 100, b: 50 } } })
    .png()
    .toBuffer();

async function add(seed: number): Promise<{ id: string; sha256: string; path: string }> {
  const stored = await library.store.put(await png(seed));
  const { image } = library.images.insertOrGet({ ...stored, source: 'imported', prompt: `image ${seed}` });
  return image;
}

describe('checkLibrary', () => {
  it('a healthy library: nothing to report', async () => {
    await add(1);
    const report = await checkLibrary(library, { repair: false });
    expect(report).toMatchObject({
      checkedRows: 1,
      checkedFiles: 1,
      missingFiles: [],
      orphanFiles: [],
      missingThumbs: [],
      tempFiles: [],
    });
    expect(report.summary).toEqual(['Checked 1 image records and 1 image files.', 'Everything is in order.']);
  });

  it('reports missing files, orphans, leftover temp files and missing thumbnails, then repairs them without losing an image', async () => {
    const kept = await add(1);
    const gone = await add(2);
    const thumbless = await add(3);
    rmSync(library.store.absolute(gone.path));
    rmSync(library.store.absolute(thumbRelPath(thumbless.sha256)));
    // a file written by a crashed generation before its transaction committed: no row
    const orphanBytes = await png(4);
    const orphanSha = sha256Hex(orphanBytes);
    const orphanPath = imageRelPath(orphanSha, 'png');
    mkdirSync(dirname(library.store.absolute(orphanPath)), { recursive: true });
    writeFileSync(library.store.absolute(orphanPath), orphanBytes);
    // a temp file from an interrupted write an hour ago
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    const temp = join(dir, 'tmp', 'abc.part');
    writeFileSync(temp, 'half');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(temp, hourAgo, hourAgo);

    const report = await checkLibrary(library, { repair: false });
    expect(report.missingFiles).toEqual([{ imageId: gone.id, sha256: gone.sha256, path: gone.path }]);
    expect(report.orphanFiles).toEqual([orphanPath]);
    expect(report.tempFiles).toEqual(['tmp/abc.part']);
    expect(report.missingThumbs).toEqual([{ imageId: thumbless.id, sha256: thumbless.sha256 }]);
    expect(report.repair).toBeNull();
    expect(report.summary.join('\n')).toMatch(/1 image record points at a file that is gone; repair removes/);
    expect(report.summary.join('\n')).toMatch(/1 file in the library folder has no record; repair adds them back/);
    // a report changes nothing
    expect(existsSync(temp)).toBe(true);
    expect(library.images.find(gone.id)).not.toBeNull();

    const repaired = await checkLibrary(library, { repair: true });
    expect(repaired.thumbsRegenerated).toBe(1);
    expect(repaired.repair?.removedRows).toBe(1);
    expect(repaired.repair?.adopted).toHaveLength(1);
    expect(existsSync(library.store.absolute(thumbRelPath(thumbless.sha256)))).toBe(true);
    expect(existsSync(temp)).toBe(false);
    expect(library.images.find(gone.id)).toBeNull();
    const adopted = library.images.getBySha(orphanSha);
    expect(adopted).toMatchObject({ source: 'imported', path: orphanPath });
    expect(library.images.find(kept.id)).not.toBeNull();
    expect(repaired.summary.join('\n')).toMatch(/added back to the library as imported images/);

    const after = await checkLibrary(library, { repair: false });
    expect(after.summary.at(-1)).toBe('Everything is in order.');
    expect(after.checkedRows).toBe(3);
  });

  it('a temp file younger than the grace period may be a write in progress and is left alone', async () => {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'fresh.part'), 'writing');
    const report = await checkLibrary(library, { repair: true });
    expect(report.tempFiles).toEqual([]);
    expect(existsSync(join(dir, 'tmp', 'fresh.part'))).toBe(true);
    const strict = await checkLibrary(library, { repair: true, tempGraceMs: 0 });
    expect(strict.tempFiles).toEqual(['tmp/fresh.part']);
    expect(existsSync(join(dir, 'tmp', 'fresh.part'))).toBe(false);
  });
});
