// The facade's breadth through its contract handlers: models offline, images, tags, collections,
// import, prices, budgets, settings, concurrency.
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/contract/index.ts';
import { generatedFixtures } from '../fixtures/make-foreign.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('Studio handlers', () => {
  it('lists models from discovery, and the built-in list when discovery is unreachable', async () => {
    harness = await createHarness();
    // Core runs in us-west-2 (Bedrock of 2026): that region's ListFoundationModels lists it.
    const online = await harness.studio.listModels({ region: 'us-west-2' });
    expect(online.discovered).toBe(true);
    expect(online.entries.some((e) => e.spec.id === CORE && e.listed === true)).toBe(true);
    await harness.emulator.stop();
    const offline = await harness.studio.listModels({ timeoutMs: 2000 });
    expect(offline.discovered).toBe(false);
    expect((await harness.studio.handlers['models.list']({})).models.some((m) => m.id === CORE)).toBe(true);
  });

  it('organises generated and imported images', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const { jobIds } = await studio.handlers.generate({
      params: { modelId: CORE, prompt: 'a blue bird', count: 2, task: 'text-to-image' },
    });
    await studio.whenIdle();
    const imageIds = jobIds.map((id) => studio.getJob(id).imageId!);
    expect(
      (await studio.handlers['images.update']({ imageIds: [imageIds[0]!], favorite: true, rating: 4 })).updated,
    ).toBe(1);
    expect((await studio.handlers['images.list']({ limit: 10, favoritesOnly: true })).images.map((i) => i.id)).toEqual([
      imageIds[0],
    ]);
    await studio.handlers['tags.add']({ imageIds, names: ['birds'] });
    expect(
      (await studio.handlers['images.search']({ tags: ['birds'], sort: 'newest', limit: 10 })).images,
    ).toHaveLength(2);
    expect((await studio.handlers['images.search']({ text: 'blue', sort: 'newest', limit: 10 })).images).toHaveLength(
      2,
    );
    const { collection } = await studio.handlers['collections.create']({ name: 'Birds' });
    await studio.handlers['collections.add']({ collectionId: collection.id, imageIds });
    await studio.handlers['collections.reorder']({ collectionId: collection.id, imageIds: [...imageIds].reverse() });
    expect((await studio.handlers['collections.items']({ collectionId: collection.id })).imageIds).toEqual(
      [...imageIds].reverse(),
    );
    await studio.handlers['images.trash']({ imageIds: [imageIds[1]!] });
    expect((await studio.handlers['images.list']({ limit: 10 })).images).toHaveLength(1);
    expect((await studio.handlers['images.purge']({})).count).toBe(1);
    expect(await studio.resolveImageFile(imageIds[1]!, 'full')).toBeNull();

    const bad = join(harness.dir, 'bad.png');
    await writeFile(bad, 'not an image');
    const fixture = join((await generatedFixtures()).foreign, 'AUTOMATIC1111/automatic1111_cropped.png');
    const imported = await studio.handlers['images.import']({
      paths: [bad, fixture, join(harness.dir, 'missing.png')],
    });
    expect(imported.failures.map((f) => f.path)).toEqual([bad, join(harness.dir, 'missing.png')]);
    expect(imported.failures[0]?.error.code).toBe('bad-image');
    expect(imported.imageIds).toHaveLength(1);
    expect(studio.getImage(imported.imageIds[0]!)).toMatchObject({ source: 'imported' });
  });

  it('prices, budgets, settings and concurrency', async () => {
    harness = await createHarness();
    const { studio } = harness;
    await studio.handlers['prices.set']({ key: 'stable-image-core', microUsd: 55_000 });
    expect(
      (await studio.handlers['prices.get']({})).entries.find((e) => e.key === 'stable-image-core')?.overrideMicroUsd,
    ).toBe(55_000);
    const { jobIds } = await studio.handlers.generate({
      params: { modelId: CORE, prompt: 'priced', count: 1, task: 'text-to-image' },
    });
    await studio.whenIdle();
    expect(studio.getJob(jobIds[0]!).priceMicroUsd).toBe(55_000);
    // The top bar's call: the summary's totals without the report (no by-model, by-day lists).
    const totals = await studio.handlers['spend.totals']({});
    expect(totals).toMatchObject({ totalMicroUsd: 55_000, todayMicroUsd: 55_000, monthMicroUsd: 55_000 });
    expect(totals).not.toHaveProperty('byModel');
    const { byModel, byDay, byProfile, outcomes, forecast, ...summaryTotals } = await studio.handlers['spend.summary'](
      {},
    );
    expect([byModel.length, byDay.length, byProfile.length, outcomes.length, forecast.monthToDateMicroUsd]).toEqual([
      1, 1, 1, 1, 55_000,
    ]);
    expect(totals).toEqual(summaryTotals);
    await studio.handlers['budgets.set']({ period: 'month', limitMicroUsd: 100_000, hard: true });
    expect((await studio.handlers['budgets.get']({})).budgets[0]).toMatchObject({
      spentMicroUsd: 55_000,
      remainingMicroUsd: 45_000,
    });
    await expect(
      studio.handlers.generate({ params: { modelId: CORE, prompt: 'over', count: 1, task: 'text-to-image' } }),
    ).rejects.toMatchObject({ code: 'budget-exceeded' });
    await studio.handlers['budgets.set']({ period: 'month', limitMicroUsd: null, hard: true });
    expect((await studio.handlers['budgets.get']({})).budgets).toHaveLength(0);
    expect((await studio.handlers['jobs.concurrency']({ concurrency: 5 })).concurrency).toBe(5);
    expect((await studio.handlers['settings.get']({})).settings['jobs.concurrency']).toBe(5);
    expect((await studio.handlers['spend.csv']({})).csv.split('\r\n')[0]).toMatch(/^id,at,kind/);
  });

  it('exports a collection through images.export and checks the library with the readable wrapper', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const { jobIds } = await studio.handlers.generate({
      params: { modelId: CORE, prompt: 'a red fox', count: 2, task: 'text-to-image' },
    });
    await studio.whenIdle();
    const imageIds = jobIds.map((id) => studio.getJob(id).imageId!);
    const { collection } = await studio.handlers['collections.create']({ name: 'Foxes' });
    await studio.handlers['collections.add']({ collectionId: collection.id, imageIds });

    const folder = join(harness.dir, 'out');
    expect(
      contract['images.export'].request.safeParse({
        folder: 'relative/out',
        collectionId: collection.id,
        withMetadata: true,
        sidecar: false,
      }).success,
    ).toBe(false);
    expect(contract['images.export'].request.safeParse({ folder, withMetadata: true, sidecar: false }).success).toBe(
      false,
    );
    const request = contract['images.export'].request.parse({
      folder,
      collectionId: collection.id,
      template: '{collection}/{index}_{prompt}',
      withMetadata: true,
      sidecar: true,
    });
    const result = contract['images.export'].response.parse(await studio.handlers['images.export'](request));
    expect(result.totals).toMatchObject({ exported: 2, skipped: 0, failed: 0 });
    expect(result.files.map((f) => f.imageId)).toEqual(imageIds);
    expect((await readdir(join(folder, 'Foxes'))).sort()).toEqual([
      '001_a red fox.json',
      '001_a red fox.png',
      '002_a red fox.json',
      '002_a red fox.png',
    ]);
    const again = await studio.handlers['images.export']({
      ...request,
      collectionId: undefined,
      template: 'Foxes/{index}_{prompt}',
      imageIds: [imageIds[0]!, '999999'],
      overwrite: 'skip',
    });
    expect(again.files.map((f) => f.status)).toEqual(['skipped', 'failed']);
    await expect(studio.handlers['images.export']({ ...request, template: '{nope}' })).rejects.toMatchObject({
      code: 'validation',
    });

    // The readable check: a missing thumbnail is found and regenerated, a missing file reported.
    await rm(join(harness.dataDir, studio.thumbnailPath(studio.getImage(imageIds[0]!))));
    const report = await studio.checkLibrary();
    expect(report.missingThumbs).toHaveLength(1);
    expect(report.summary.join('\n')).toMatch(/thumbnail/i);
    const repaired = await studio.handlers['library.check']({ repair: true });
    expect(repaired).toMatchObject({ missingFiles: 0, orphanFiles: 0, repaired: true });
    expect((await studio.checkLibrary()).missingThumbs).toHaveLength(0);
  });

  it('imports through the import-export module: progress, folders, duplicates, 64-bit seeds, plain images', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const fixtures = (await generatedFixtures()).foreign;
    const folder = join(harness.dir, 'in');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await copyFile(join(fixtures, 'Fooocus/fooocus1_cropped.png'), join(folder, 'a-fooocus.png'));
    await copyFile(join(fixtures, 'AUTOMATIC1111/automatic1111_cropped.png'), join(folder, 'sub', 'b-a1111.png'));
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toFile(join(folder, 'sub', 'c-plain.png'));
    const progress: [number, number, string][] = [];
    const results = await studio.importFiles([folder, join(fixtures, 'Fooocus/fooocus1_cropped.png')], {
      recurse: true,
      onProgress: (p) => progress.push([p.done, p.total, p.result.status]),
    });
    expect(results.map((r) => r.file)).toEqual([
      join(folder, 'a-fooocus.png'),
      join(folder, 'sub', 'b-a1111.png'),
      join(folder, 'sub', 'c-plain.png'),
      join(fixtures, 'Fooocus/fooocus1_cropped.png'),
    ]);
    expect(progress).toEqual([
      [1, 4, 'imported'],
      [2, 4, 'imported'],
      [3, 4, 'imported'],
      [4, 4, 'imported'],
    ]);
    const [fooocus, a1111, plain, again] = results;
    expect(fooocus?.metadata).toMatchObject({
      sourceTool: 'fooocus',
      prompt: 'a smiling goldfish',
      seed: '6952411511246973023',
      seedText: '6952411511246973023',
      steps: 30,
    });
    expect(a1111?.metadata?.sourceTool).toBe('automatic1111');
    expect(typeof a1111?.metadata?.seed).toBe('number');
    expect(a1111?.metadata?.seedText).toBeUndefined();
    expect(plain).toMatchObject({ status: 'imported' });
    expect(plain?.metadata).toBeUndefined();
    expect(again).toMatchObject({ status: 'imported', imageId: fooocus?.imageId, duplicateOf: fooocus?.imageId });
    expect(studio.listImages({ limit: 10 }).images).toHaveLength(3);
    // Without recurse a folder is a per-file validation error, and the handler keeps its shape.
    const viaHandler = await studio.handlers['images.import']({ paths: [folder] });
    expect(viaHandler.imageIds).toEqual([]);
    expect(viaHandler.failures[0]).toMatchObject({ path: folder, error: { code: 'validation' } });
  });
});
