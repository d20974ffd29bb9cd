import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../../src-shared/domain.ts';
import type { NewImage } from './images-repo.ts';
import { NASTY_INPUTS, pngBytes, testLibrary, type TestLibrary } from './test-support.ts';

let l: TestLibrary;
beforeEach(() => {
  l = testLibrary('2026-03-01T00:00:00.000Z');
});
afterEach(() => l.dispose());

let n = 0;
function fake(fields: Partial<NewImage> = {}): ImageRecord {
  n++;
  const sha = n.toString(16).padStart(64, '0');
  l.advance(3600_000);
  return l.images.insertOrGet({
    sha256: sha,
    path: `library/${sha.slice(0, 2)}/${sha}.png`,
    width: 8,
    height: 8,
    bytes: 100,
    format: 'png',
    source: 'generated',
    ...fields,
  }).image;
}
const ids = (images: ImageRecord[]) => images.map((i) => i.id);

describe('ImagesRepo.list', () => {
  it('pages newest first with a keyset cursor, and oldest first', () => {
    const all = Array.from({ length: 7 }, () => fake());
    const p1 = l.images.list({ limit: 3 });
    expect(ids(p1.images)).toEqual(ids(all.slice(4).reverse()));
    const p2 = l.images.list({ limit: 3, cursor: p1.nextCursor ?? '' });
    const p3 = l.images.list({ limit: 3, cursor: p2.nextCursor ?? '' });
    expect(ids([...p1.images, ...p2.images, ...p3.images])).toEqual(ids([...all].reverse()));
    expect(p3.nextCursor).toBeNull();
    expect(ids(l.images.list({ sort: 'oldest', limit: 100 }).images)).toEqual(ids(all));
    expect(() => l.images.list({ cursor: 'garbage' })).toThrow(/cursor/);
  });

  it('sorts by rating with stable keyset paging', () => {
    const [a, b, c, d] = [fake(), fake(), fake(), fake()];
    l.images.setRating([b?.id ?? ''], 5);
    l.images.setRating([d?.id ?? '', a?.id ?? ''], 3);
    const first = l.images.list({ sort: 'rating', limit: 2 });
    const second = l.images.list({ sort: 'rating', limit: 2, cursor: first.nextCursor ?? '' });
    expect(ids([...first.images, ...second.images])).toEqual([b?.id, d?.id, a?.id, c?.id]);
    expect(() => l.images.setRating([a?.id ?? ''], 6)).toThrow(/0 to 5/);
  });

  it('searches prompts with FTS (whole words, the last one a prefix; any order, diacritics folded)', () => {
    const fox = fake({ prompt: 'A red fox jumping over snow', negativePrompt: 'blurry' });
    const cafe = fake({ prompt: 'Café terrace at night, Van Gogh style' });
    fake({ prompt: 'a blue whale' });
    expect(ids(l.images.list({ text: 'fox red' }).images)).toEqual([fox.id]);
    expect(ids(l.images.list({ text: 'jump' }).images)).toEqual([fox.id]);
    expect(ids(l.images.list({ text: 'jumping ov' }).images)).toEqual([fox.id]);
    expect(l.images.list({ text: 'jump ov' }).images).toEqual([]); // only the last word may be unfinished
    expect(ids(l.images.list({ text: 'cafe' }).images)).toEqual([cafe.id]);
    expect(ids(l.images.list({ text: 'blurry' }).images)).toEqual([fox.id]); // the negative prompt is searched too
    expect(l.images.list({ text: 'red whale' }).images).toEqual([]);
    expect(l.images.list({ text: '***' }).images).toEqual([]);
    expect(l.images.list({ text: '' }).images).toHaveLength(3);
  });

  it('never throws on hostile search text', () => {
    fake({ prompt: 'near the river, a fox' });
    for (const text of NASTY_INPUTS) expect(() => l.images.list({ text: text.slice(0, 1000) }), text).not.toThrow();
    expect(l.images.list({ text: 'NEAR(fox' }).images).toHaveLength(1);
    expect(l.images.list({ text: '"fox' }).images).toHaveLength(1);
    expect(l.images.list({ text: 'prompt:fox' }).images).toEqual([]); // "prompt" is a plain word now, and not in the text
  });

  it('filters by tags (all of them), collection, model, seed, dates, favourite, source and rating', () => {
    const a = fake({ modelId: 'amazon.nova-canvas-v1:0', seed: 1, prompt: 'castle' });
    const b = fake({ modelId: 'stability.sd3-5-large-v1:0', seed: 2, source: 'imported', prompt: 'castle at dawn' });
    const c = fake({ modelId: 'stability.sd3-5-large-v1:0', seed: 2, prompt: 'forest' });
    l.tags.add([a.id, b.id], ['Hero']);
    l.tags.add([b.id, c.id], ['final']);
    const col = l.collections.create('Level 1');
    l.collections.add(col.id, [c.id, a.id]);
    l.images.setFavorite([c.id], true);
    l.images.setRating([b.id], 4);

    expect(ids(l.images.list({ tags: ['hero'] }).images)).toEqual([b.id, a.id]);
    expect(ids(l.images.list({ tags: ['hero', 'final'] }).images)).toEqual([b.id]);
    expect(l.images.list({ tags: ['no-such-tag'] }).images).toEqual([]);
    expect(ids(l.images.list({ collectionId: col.id }).images)).toEqual([c.id, a.id]);
    expect(ids(l.images.list({ modelId: 'stability.sd3-5-large-v1:0' }).images)).toEqual([c.id, b.id]);
    expect(ids(l.images.list({ seed: 2, source: 'generated' }).images)).toEqual([c.id]);
    expect(ids(l.images.list({ from: b.createdAt, to: c.createdAt }).images)).toEqual([b.id]);
    expect(ids(l.images.list({ favorite: true }).images)).toEqual([c.id]);
    expect(ids(l.images.list({ minRating: 1 }).images)).toEqual([b.id]);
    expect(ids(l.images.list({ text: 'castle', tags: ['final'] }).images)).toEqual([b.id]);
    expect(
      ids(
        l.images.list({
          tags: ['hero'],
          limit: 1,
          cursor: l.images.list({ tags: ['hero'], limit: 1 }).nextCursor ?? '',
        }).images,
      ),
    ).toEqual([a.id]);
    expect(ids(l.images.listCollection(col.id))).toEqual([c.id, a.id]);
  });
});

describe('ImagesRepo.list date ranges on a large library', () => {
  it('returns exactly the images of the range, in order, whether ids follow creation time or not', () => {
    // 6,000 rows, so a range far from either end is worth an id window; every 50th row's time is
    // off (a clock set back or forward), so ids do not follow creation time.
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const times: string[] = [];
    const insert = l.db.prepare(
      "INSERT INTO images (sha256, path, width, height, bytes, format, created_at, source, prompt, favorite) VALUES (?, 'p', 1, 1, 1, 'png', ?, 'generated', ?, ?)",
    );
    l.db.transaction(() => {
      for (let i = 1; i <= 6000; i++) {
        const hour = i % 50 === 0 ? (i * 7919) % 6000 : i;
        const at = new Date(start + hour * 3_600_000).toISOString();
        times.push(at);
        insert.run(i.toString(16).padStart(64, '0'), at, i % 3 === 0 ? 'red fox' : 'blue whale', i % 7 === 0 ? 1 : 0);
      }
    })();
    const hour = (h: number): string => new Date(start + h * 3_600_000).toISOString();
    const all = (query: Parameters<typeof l.images.list>[0]): string[] => {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = l.images.list({ ...query, limit: 1000, cursor });
        out.push(...ids(page.images));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return out;
    };
    const expected = (
      from: string | undefined,
      to: string | undefined,
      keep: (id: number) => boolean,
      oldest: boolean,
    ): string[] => {
      const chosen = times
        .map((at, i) => ({ id: i + 1, at }))
        .filter((r) => (from === undefined || r.at >= from) && (to === undefined || r.at < to) && keep(r.id));
      const sorted = chosen.map((r) => r.id).sort((a, b) => (oldest ? a - b : b - a));
      return sorted.map(String);
    };
    const ranges: [string | undefined, string | undefined][] = [
      [hour(2000), hour(2100)], // far from both ends: an id window
      [hour(10), hour(40)],
      [hour(5900), undefined],
      [undefined, hour(300)],
      [hour(1000), hour(5000)],
      [hour(7000), hour(8000)], // nothing
      [hour(0), hour(6001)],
    ];
    for (const [from, to] of ranges) {
      for (const sort of ['newest', 'oldest'] as const) {
        expect(all({ from, to, sort }), `${from} → ${to} ${sort}`).toEqual(
          expected(from, to, () => true, sort === 'oldest'),
        );
        expect(all({ from, to, sort, text: 'fox' }), `fox ${from} → ${to}`).toEqual(
          expected(from, to, (id) => id % 3 === 0, sort === 'oldest'),
        );
        expect(all({ from, to, sort, favorite: true }), `favourite ${from} → ${to}`).toEqual(
          expected(from, to, (id) => id % 7 === 0, sort === 'oldest'),
        );
      }
    }
  });
});

describe('trash, restore and purge', () => {
  it('hides trashed images, restores them, and purges only the trash', async () => {
    const stored = await l.store.put(await pngBytes(16, 16, 3));
    const real = l.images.insertOrGet({ ...stored, source: 'imported' }).image;
    const other = fake();
    l.tags.add([real.id], ['t']);
    expect(l.images.trash([real.id])).toBe(1);
    expect(l.images.trash([real.id])).toBe(0);
    expect(ids(l.images.list().images)).toEqual([other.id]);
    expect(ids(l.images.list({ trashed: true }).images)).toEqual([real.id]);
    expect(l.images.restore([real.id])).toBe(1);
    expect(l.images.list().images).toHaveLength(2);

    l.images.trash([real.id]);
    expect(await l.purge([other.id])).toEqual([]); // not in the trash: left alone
    const purged = await l.purge();
    expect(purged).toEqual([{ imageId: real.id, sha256: stored.sha256, path: stored.path }]);
    expect(existsSync(l.store.absolute(stored.path))).toBe(false);
    expect(l.images.find(real.id)).toBeNull();
    expect(l.tags.list()).toEqual([{ id: expect.any(String), name: 't', imageCount: 0 }]);
    expect(l.images.find(other.id)).not.toBeNull();
    // A purged id never comes back meaning another image.
    expect(Number(fake().id)).toBeGreaterThan(Number(real.id));
  });

  it('throws not-found for unknown or malformed ids', () => {
    expect(() => l.images.get('999')).toThrow(/no image with id 999/);
    expect(() => l.images.get('abc')).toThrow(/no image/);
    expect(l.images.find('abc')).toBeNull();
  });
});

describe('ImagesRepo.lineage', () => {
  const editParams = { modelId: 'amazon.nova-canvas-v1:0', prompt: 'make it night' };

  /** Queues an edit of `sourceId` and records it as succeeded with a real stored image. */
  async function editOf(sourceId: string, seed: number): Promise<ImageRecord> {
    const [job] = l.generations.queue([
      { params: editParams, profile: 'work', region: 'eu-west-1', estimateMicroUsd: 40_000, sourceImageId: sourceId },
    ]).jobs;
    if (!job) throw new Error('no job');
    l.generations.setRunningStatus(job.id, 'sending', { attempts: 1 });
    l.generations.setRunningStatus(job.id, 'waiting');
    l.generations.setRunningStatus(job.id, 'saving');
    const stored = await l.store.put(await pngBytes(16, 16, seed));
    const { image } = l.generations.recordGenerationOutcome({
      jobId: job.id,
      status: 'succeeded',
      image: stored,
      charge: { kind: 'charge', amountMicroUsd: 40_000, priceSource: 'test' },
    });
    if (!image) throw new Error('no image');
    return image;
  }

  it('links a source to its edits and masks (newest first) and an edit back to its source', async () => {
    const source = fake({ source: 'imported' });
    const edit = await editOf(source.id, 3);
    const mask = fake({ source: 'edited', parentImageId: source.id, metadata: { kind: 'mask' } });
    fake(); // unrelated
    expect(l.images.lineage(source.id)).toEqual({
      parentImageId: null,
      editIds: [mask.id, edit.id],
      profile: null,
      region: null,
    });
    expect(l.images.lineage(edit.id)).toEqual({
      parentImageId: source.id,
      editIds: [],
      profile: 'work',
      region: 'eu-west-1',
    });
  });

  it("falls back to the generation's source image when the row has no parent", () => {
    const source = fake();
    const [job] = l.generations.queue([
      { params: editParams, profile: null, region: 'us-east-1', estimateMicroUsd: 40_000, sourceImageId: source.id },
    ]).jobs;
    const child = fake({ generationId: job?.id ?? '', parentImageId: null });
    expect(l.images.lineage(child.id)).toMatchObject({ parentImageId: source.id, profile: null, region: 'us-east-1' });
  });

  it('refuses an unknown image', () => {
    expect(() => l.images.lineage('999')).toThrow(/no image with id 999/);
  });
});
