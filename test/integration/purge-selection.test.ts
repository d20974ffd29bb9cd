// "Select all" → Delete permanently: images.purge with a selection (query minus exceptIds) is
// resolved in main, 1,000 at a time, on real SQLite and real files; only trashed images go.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngBytes } from '../../src-main/core/storage/test-support.ts';
import { createHarness, type Harness } from './studio-harness.ts';

let h: Harness;
let files: string;
beforeEach(async () => {
  h = await createHarness();
  files = await mkdtemp(join(tmpdir(), 'easel-purge-'));
});
afterEach(async () => {
  await h.cleanup();
  await rm(files, { recursive: true, force: true });
});

async function importPngs(n: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = join(files, `img-${i}.png`);
    await writeFile(file, await pngBytes(32, 32, i + 1));
    paths.push(file);
  }
  return (await h.studio.importFiles(paths)).map((r) => r.imageId ?? '');
}

/** Many more rows (copies of one image's row under other hashes, no files): real SQLite, quickly. */
function cloneRows(sourceId: string, n: number): void {
  const db = h.studio.library.db;
  const columns = db
    .prepare<[], { name: string }>('PRAGMA table_info(images)')
    .all()
    .map((c) => c.name)
    .filter((c) => c !== 'id');
  const select = columns.map((c) => (c === 'sha256' ? '?' : c === 'path' ? '?' : c)).join(', ');
  const insert = db.prepare(`INSERT INTO images (${columns.join(', ')}) SELECT ${select} FROM images WHERE id = ?`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const sha = `e${i.toString(16).padStart(63, '0')}`;
      const params = columns.flatMap((c) => (c === 'sha256' ? [sha] : c === 'path' ? [`library/ee/${sha}.png`] : []));
      insert.run(...params, Number(sourceId));
    }
  })();
}

function allIds(trashed: boolean): string[] {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = h.studio.listImages({ trashed, limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.images.map((i) => i.id));
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

describe('images.purge with a selection', () => {
  it('purges every trashed image matching the query except the excluded ones, past 1,000, with their files; live images stay', async () => {
    const [live, keep, gone] = await importPngs(3);
    if (!live || !keep || !gone) throw new Error('import failed');
    cloneRows(gone, 2_345);
    const trashed = allIds(false).filter((id) => id !== live);
    for (let i = 0; i < trashed.length; i += 10_000) h.studio.trashImages(trashed.slice(i, i + 10_000));
    expect(allIds(true)).toHaveLength(2_347);
    const goneFile = join(h.dataDir, h.studio.getImage(gone).path);
    const keepFile = join(h.dataDir, h.studio.getImage(keep).path);
    expect(existsSync(goneFile)).toBe(true);

    const { count } = await h.studio.handlers['images.purge']({ selection: { sort: 'newest', exceptIds: [keep] } });
    expect(count).toBe(2_346);
    expect(allIds(true)).toEqual([keep]);
    expect(allIds(false)).toEqual([live]);
    expect(existsSync(goneFile)).toBe(false);
    expect(existsSync(keepFile)).toBe(true);
    expect(existsSync(join(h.dataDir, h.studio.getImage(live).path))).toBe(true);
  });

  it('only matching images: a query narrows it; a selection never reaches live images; ids and selection together are refused', async () => {
    const ids = await importPngs(4);
    const [a, b, c, d] = ids as [string, string, string, string];
    h.studio.addTags([a, b], ['draft']);
    h.studio.trashImages([a, c]);
    // d and b are live; only a is trashed and tagged.
    const { count } = await h.studio.handlers['images.purge']({
      selection: { sort: 'newest', tags: ['draft'], trashed: false },
    });
    expect(count).toBe(1);
    expect(allIds(true)).toEqual([c]);
    expect(allIds(false).sort()).toEqual([b, d].sort());
    await expect(
      h.studio.handlers['images.purge']({ imageIds: [c], selection: { sort: 'newest' } }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(allIds(true)).toEqual([c]);
  });
});
