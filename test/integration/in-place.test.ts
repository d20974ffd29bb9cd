// Folders indexed in place through the facade over real SQLite, real files and real worker
// threads: the files stay where they are; the folder is watched (a new image appears, a moved one
// follows, a deleted one shows as missing and is never dropped); thumbnails are made on first
// display; "Copy into library"; and the image protocol serves in-place files by id, only when they
// are registered and their bytes are an image.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImageProtocolHandler } from '../../src-main/electron/image-protocol.ts';
import type { EventEnvelope } from '../../src-shared/contract/index.ts';
import { a1111Parameters, writeImageFolder } from '../support/image-folder.ts';
import { createHarness, type Harness } from './studio-harness.ts';

let h: Harness;
let outputs: string;
let events: EventEnvelope[];

beforeEach(async () => {
  h = await createHarness();
  outputs = join(h.dir, 'outputs');
  events = [];
  h.studio.onEvent((event) => events.push(event));
});
afterEach(async () => {
  await h.cleanup();
});

/** Resolves once `check` holds (polled), or fails after `ms`. */
async function eventually(check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const libraryFiles = (): string[] =>
  existsSync(join(h.dataDir, 'library'))
    ? readdirSync(join(h.dataDir, 'library'), { recursive: true }).map(String)
    : [];

describe('index in place', () => {
  it('records path, size, time and hash without copying; recursive takes subfolders; metadata searchable', async () => {
    await writeImageFolder(outputs, 6, { perFolder: 3 }); // part-000/ and part-001/
    await writeImageFolder(join(outputs, 'top'), 0);
    const top = await writeImageFolder(join(h.dir, 'flat'), 2, { first: 100 });
    const flat = await h.studio.addFolder(join(h.dir, 'flat'), { recursive: false });
    expect(flat.results.map((r) => [r.file, r.status])).toEqual(top.map((f) => [f, 'imported']));
    const added = await h.studio.addFolder(outputs);
    expect(added.results).toHaveLength(6);
    expect(added.folder).toMatchObject({ path: outputs, recursive: true });
    expect(libraryFiles().filter((f) => f.endsWith('.png'))).toEqual([]);
    const image = h.studio.getImage(added.results[4]?.imageId ?? '');
    expect(image.externalPath).toBe(join(outputs, 'part-001', 'img-00004.png'));
    expect(image.missing).toBe(false);
    expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(image.prompt).toBe('a lighthouse on a cliff, storm, number 4');
    expect(image.seed).toBe(1004);
    const row = h.studio.library.db
      .prepare('SELECT bytes, external_mtime_ms AS mtime FROM images WHERE id = ?')
      .get(Number(image.id)) as { bytes: number; mtime: number };
    expect(row.bytes).toBeGreaterThan(0);
    expect(row.mtime).toBeGreaterThan(0);
    expect(h.studio.listImages({ text: 'lighthouse number 4' }).images.map((i) => i.id)).toEqual([image.id]);
    // Listed for the grid as in place.
    const listed = await h.studio.handlers['images.list']({ limit: 100 });
    expect(listed.images.every((i) => i.inPlace === true && i.missing === false)).toBe(true);
    // Added again: nothing read twice, nothing new.
    const again = await h.studio.addFolder(outputs);
    expect(again.results.every((r) => r.duplicateOf !== undefined)).toBe(true);
    expect(h.studio.library.images.count()).toBe(8);
  }, 60_000);

  it('serves an in-place image by id, its thumbnail made on first display; never a file that is not a registered image', async () => {
    const [file] = await writeImageFolder(outputs, 1);
    const { results } = await h.studio.addFolder(outputs);
    const id = results[0]?.imageId ?? '';
    const handler = createImageProtocolHandler(
      (i, v) => (v === 'video' ? Promise.resolve(null) : h.studio.resolveImageFile(i, v)),
      h.dataDir,
    );
    const thumbsBefore = existsSync(join(h.dataDir, 'thumbs'));
    const full = await handler(new Request(`easel-image://image/${id}/full`));
    expect(full.status).toBe(200);
    expect(full.headers.get('Content-Type')).toBe('image/png');
    const thumb = await handler(new Request(`easel-image://image/${id}/thumb`));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('Content-Type')).toBe('image/webp');
    expect(thumbsBefore).toBe(false);
    expect(readdirSync(join(h.dataDir, 'thumbs'), { recursive: true }).some((f) => String(f).endsWith('.webp'))).toBe(
      true,
    );
    // The registered file replaced by a link to the database, then by text: refused.
    await unlink(file ?? '');
    await symlink(join(h.dataDir, 'easel.db'), file ?? '');
    expect((await handler(new Request(`easel-image://image/${id}/full`))).status).toBe(404);
    await unlink(file ?? '');
    await writeFile(file ?? '', 'not an image at all');
    expect((await handler(new Request(`easel-image://image/${id}/full`))).status).toBe(404);
  }, 60_000);

  it('a watched folder: a new image appears, a deleted one shows as missing, a moved one follows its file', async () => {
    const [first, second] = await writeImageFolder(outputs, 2);
    await h.studio.addFolder(outputs);
    await h.studio.watchLibraryFolders({ quietMs: 100 });
    const count = () => h.studio.library.images.count();
    // A new image written into the folder (as a tool saving its output).
    const [made] = await writeImageFolder(join(h.dir, 'elsewhere'), 1, { first: 50 });
    await rename(made ?? '', join(outputs, 'new.png'));
    await eventually(() => count() === 3);
    expect(events.some((e) => e.name === 'images.added')).toBe(true);
    const newId = h.studio.library.inPlace.fileAt(join(outputs, 'new.png'))?.imageId;
    expect(h.studio.getImage(newId ?? '').prompt).toBe('a lighthouse on a cliff, storm, number 50');
    // Deleted: still in the library, shown as missing.
    const firstId = h.studio.library.inPlace.fileAt(first ?? '')?.imageId ?? '';
    await rm(first ?? '');
    await eventually(() => h.studio.getImage(firstId).missing === true);
    expect(count()).toBe(3);
    expect(events.some((e) => e.name === 'images.updated' && e.payload.imageIds.includes(firstId))).toBe(true);
    const listed = await h.studio.handlers['images.list']({ limit: 100 });
    expect(listed.images.find((i) => i.id === firstId)?.missing).toBe(true);
    // Moved into a subfolder: the row follows (same id, new path, not missing).
    const secondId = h.studio.library.inPlace.fileAt(second ?? '')?.imageId ?? '';
    await mkdir(join(outputs, 'kept'));
    await rename(second ?? '', join(outputs, 'kept', 'renamed.png'));
    await eventually(() => h.studio.getImage(secondId).externalPath === join(outputs, 'kept', 'renamed.png'));
    expect(h.studio.getImage(secondId).missing).toBe(false);
    expect(count()).toBe(3);
  }, 60_000);

  it('files moved or deleted while Easel was closed show as missing at the next start', async () => {
    const [first] = await writeImageFolder(outputs, 2);
    await h.studio.addFolder(outputs);
    const firstId = h.studio.library.inPlace.fileAt(first ?? '')?.imageId ?? '';
    await h.studio.close();
    await rm(first ?? '');
    const reopened = h.open();
    const [sync] = await reopened.watchLibraryFolders();
    expect(sync?.updated).toEqual([firstId]);
    expect(reopened.getImage(firstId).missing).toBe(true);
    expect(reopened.library.images.count()).toBe(2);
  }, 60_000);

  it('"Copy into library" copies the file (checked against its hash) and the image no longer depends on the folder', async () => {
    const [file, changed] = await writeImageFolder(outputs, 2);
    const { results } = await h.studio.addFolder(outputs);
    const [id, changedId] = results.map((r) => r.imageId ?? '');
    const [other] = await writeImageFolder(join(h.dir, 'other'), 1, { first: 70 });
    await rename(other ?? '', changed ?? '');
    const copied = await h.studio.handlers['images.copyIntoLibrary']({ imageIds: [id ?? '', changedId ?? ''] });
    expect(copied.copied).toBe(1);
    expect(copied.failures).toEqual([
      {
        imageId: changedId,
        error: expect.objectContaining({
          code: 'validation',
          message: expect.stringContaining('has changed since it was indexed'),
        }),
      },
    ]);
    await rm(file ?? '');
    const image = h.studio.getImage(id ?? '');
    expect(image.externalPath).toBeNull();
    expect(image.path).toMatch(/^library\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    expect((await h.studio.resolveImageFile(id ?? '', 'full'))?.filePath).toBe(
      join(h.dataDir, ...image.path.split('/')),
    );
    expect(a1111Parameters(0)).toContain(image.prompt ?? 'no prompt');
  }, 60_000);
});
