// The `easel` command line as users and scripts run it: a real child process, the real AWS SDK
// against the local emulator, a temp data folder. JSON shapes and exit codes are the interface.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPngTextChunks } from '../../src-main/core/metadata/index.ts';
import { generatedFixtures } from '../fixtures/make-foreign.ts';
import { billedTotal, CORE, CORE_PRICE, createCliHarness, json, type CliHarness } from './cli-harness.ts';
import { BEDROCK_2025 } from '../../src-main/emulator/index.ts';

interface GeneratedImage {
  imageId: string | null;
  path: string | null;
  seed: number | null;
  modelId: string;
  status: string;
  costMicroUsd: number;
  jobId: string;
  outPath?: string;
}
interface Listed {
  images: {
    imageId: string;
    path: string;
    prompt: string | null;
    seed: number | null;
    modelId: string | null;
    createdAt: string;
    tags: string[];
  }[];
}
interface Spend {
  totalMicroUsd: number;
  todayMicroUsd: number;
  monthMicroUsd: number;
  byModel: { modelId: string; images: number; microUsd: number }[];
  uncertainMicroUsd: number;
}
interface Imported {
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: string;
  metadata?: Record<string, unknown>;
}
interface BatchSummary {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  notRun: number;
  costMicroUsd: number;
  items: {
    asset: string;
    variant: number;
    status: string;
    imageId: string | null;
    path: string | null;
    outPath?: string;
  }[];
}

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('easel generate → library → spend', () => {
  it('prints one JSON object per image, stores files with metadata, lists them, and spend equals the billing', async () => {
    h = await createCliHarness();
    const gen = await h.run([
      'generate',
      'a red fox in snow',
      '--model',
      CORE,
      '--negative',
      'blurry',
      '--count',
      '2',
      '--aspect',
      '16:9',
      '--json',
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    const images = json<GeneratedImage[]>(gen);
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatchObject({ modelId: CORE, status: 'succeeded', costMicroUsd: CORE_PRICE });
      expect(Object.keys(image)).toEqual(
        expect.arrayContaining(['imageId', 'path', 'seed', 'modelId', 'status', 'costMicroUsd']),
      );
      expect(typeof image.seed).toBe('number');
      const bytes = await readFile(image.path!);
      const chunks = readPngTextChunks(bytes);
      const parameters = chunks.find((c) => c.keyword === 'parameters')?.text ?? '';
      expect(parameters).toContain('a red fox in snow\nNegative prompt: blurry');
      expect(parameters).toContain(`Seed: ${image.seed}`);
      expect(JSON.parse(chunks.find((c) => c.keyword === 'easel')?.text ?? '{}')).toMatchObject({
        modelId: CORE,
        seed: image.seed,
      });
    }
    expect(images[0]!.seed).not.toBe(images[1]!.seed);
    // progress and logs went to stderr, never into the JSON
    expect(gen.stderr).toMatch(/Queued 2 image/);

    const list = await h.run(['library', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const listed = json<Listed>(list).images;
    expect(listed.map((i) => i.imageId).sort()).toEqual(images.map((i) => i.imageId).sort());
    for (const item of listed) {
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'imageId', 'modelId', 'path', 'prompt', 'seed', 'tags']);
      expect(item).toMatchObject({ prompt: 'a red fox in snow', modelId: CORE, tags: [] });
      expect((await stat(item.path)).isFile()).toBe(true);
    }

    const spend = json<Spend>(await h.run(['spend', '--json']));
    expect(spend).toMatchObject({
      totalMicroUsd: billedTotal(h.emulator),
      todayMicroUsd: 2 * CORE_PRICE,
      monthMicroUsd: 2 * CORE_PRICE,
      uncertainMicroUsd: 0,
    });
    expect(spend.totalMicroUsd).toBe(2 * CORE_PRICE);
    expect(spend.byModel).toEqual([{ modelId: CORE, images: 2, microUsd: 2 * CORE_PRICE }]);
  });

  it('the same seed twice gives byte-identical files; --out copies them', async () => {
    h = await createCliHarness();
    const args = ['generate', 'a lighthouse at dusk', '--model', CORE, '--seed', '1234', '--json'];
    const a = json<GeneratedImage[]>(await h.run([...args, '--out', 'first']))[0]!;
    const b = json<GeneratedImage[]>(await h.run([...args, '--out', 'second']))[0]!;
    const c = json<GeneratedImage[]>(
      await h.run(['generate', 'a lighthouse at dusk', '--model', CORE, '--seed', '1235', '--json']),
    )[0]!;
    expect(a.outPath).toMatch(/first/);
    expect(b.outPath).toMatch(/second/);
    const bytesA = await readFile(a.outPath!);
    expect(bytesA.equals(await readFile(b.outPath!))).toBe(true);
    expect(bytesA.equals(await readFile(a.path!))).toBe(true);
    expect(bytesA.equals(await readFile(c.path!))).toBe(false);
    expect(h.emulator.billing()).toHaveLength(3);
  });

  it('library search, tag, show and export work on generated images', async () => {
    h = await createCliHarness();
    const [img] = json<GeneratedImage[]>(
      await h.run(['generate', 'a blue whale', '--model', CORE, '--seed', '7', '--json']),
    );
    await h.run(['generate', 'a green frog', '--model', CORE, '--json']);
    const tagged = await h.run(['library', 'tag', img!.imageId!, '--add', 'ocean,big', '--json']);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(json<{ images: { tags: string[] }[] }>(tagged).images[0]!.tags.sort()).toEqual(['big', 'ocean']);
    const found = json<Listed>(await h.run(['library', 'search', 'whale', '--json'])).images;
    expect(found.map((i) => i.imageId)).toEqual([img!.imageId]);
    expect(found[0]!.tags.sort()).toEqual(['big', 'ocean']);
    expect(json<Listed>(await h.run(['library', 'list', '--tag', 'ocean', '--json'])).images).toHaveLength(1);
    // FTS-hostile text never fails
    const hostile = await h.run(['library', 'search', '"NEAR( whale* (', '--json']);
    expect(hostile.code, hostile.stderr).toBe(0);
    const shown = json<{
      image: { id: string; prompt: string; seed: number; tags: string[] };
      job: { status: string };
    }>(await h.run(['library', 'show', img!.imageId!, '--json']));
    expect(shown.image).toMatchObject({ id: img!.imageId, prompt: 'a blue whale', seed: 7 });
    expect(shown.job.status).toBe('succeeded');
    const exported = await h.run([
      'library',
      'export',
      '--tag',
      'ocean',
      '--to',
      'out',
      '--template',
      '{prompt}_{seed}',
      '--sidecar',
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(json<{ totals: { exported: number } }>(exported).totals.exported).toBe(1);
    expect((await readdir(join(h.dir, 'out'))).sort()).toEqual(['a blue whale_7.json', 'a blue whale_7.png']);
    const missing = await h.run(['library', 'show', '999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/999|not found|no image/i);
  });
});

describe('easel import', () => {
  it('imports the foreign fixtures with their metadata, per-file errors for bad files', async () => {
    h = await createCliHarness();
    const fixtures = (await generatedFixtures()).foreign;
    const files = [
      'AUTOMATIC1111/automatic1111_cropped.png',
      'AUTOMATIC1111/automatic1111_cropped.jpg',
      'ComfyUI/img2img_cropped.png',
      'Fooocus/fooocus1_cropped.png',
      'InvokeAI/invokeai_imeta1.png',
      'NovelAI/novelai1_cropped.png',
    ].map((f) => join(fixtures, f));
    const empty = join(h.dir, 'empty.png');
    await writeFile(empty, '');
    const result = await h.run(['import', ...files, empty, '--json']);
    expect(result.code).toBe(1); // one file failed
    const rows = json<Imported[]>(result);
    expect(rows).toHaveLength(files.length + 1);
    expect(rows.slice(0, -1).every((r) => r.status === 'imported' && typeof r.imageId === 'string')).toBe(true);
    const bad = rows.at(-1)!;
    expect(bad).toMatchObject({ file: empty, status: 'failed' });
    expect(bad.error).toMatch(/empty|0 bytes/);
    expect(bad.imageId).toBeUndefined();
    expect(rows[0]!.metadata).toEqual({
      sourceTool: 'automatic1111',
      prompt: expect.stringContaining('photo of a duck'),
      negativePrompt: expect.stringContaining('monochrome'),
      seed: 235284042,
      steps: 15,
      cfgScale: 5,
      sampler: 'UniPC',
      scheduler: null,
      model: 'realistic_realisticVisionV20_v20',
      width: expect.any(Number),
      height: expect.any(Number),
    });
    expect(rows[2]!.metadata).toMatchObject({
      sourceTool: 'comfyui',
      prompt: expect.stringContaining('photograph of victorian woman with wings'),
      seed: 280823642470253,
    });
    expect(rows[3]!.metadata).toMatchObject({
      sourceTool: 'fooocus',
      prompt: expect.stringContaining('a smiling goldfish'),
      seed: '6952411511246973023',
    });
    expect(rows[4]!.metadata).toMatchObject({ sourceTool: 'invokeai', seed: 3293022630 });
    expect(rows[5]!.metadata).toMatchObject({ sourceTool: 'novelai', seed: 2253955223 });
    const listed = json<Listed>(await h.run(['library', 'list', '--source', 'imported', '--json'])).images;
    expect(listed).toHaveLength(files.length);
    expect(listed.find((i) => i.imageId === rows[0]!.imageId)).toMatchObject({
      seed: 235284042,
      prompt: expect.stringContaining('photo of a duck'),
    });
  });
});

describe('usage errors exit 2 with a message', () => {
  let shared: CliHarness | undefined;
  beforeAll(async () => {
    shared = await createCliHarness();
  });
  afterAll(async () => {
    await shared?.cleanup();
  });

  it.concurrent.for<[string[], RegExp]>([
    [['generate', '--model', CORE], /prompt is required/],
    [['generate', 'a cat'], /--model is required/],
    [['generate', 'a cat', '--model', CORE, '--seed', 'abc'], /--seed must be a whole number/],
    [['generate', 'a cat', '--model', CORE, '--size', '12'], /--size must look like 1024x1024/],
    [['generate', 'a cat', '--model', CORE, '--size', '1024x1024', '--aspect', '1:1'], /either --size or --aspect/],
    [['generate', 'a cat', '--model', CORE, '--frobnicate'], /Unknown option '--frobnicate'/],
    [['generate', 'a cat', '--model', 'stability.stable-diffusion-xl-v1', '--size', '1000x1000'], /only these sizes/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['library'], /needs a subcommand/],
    [['budget', 'set', '--period', 'week', '--limit', '5'], /--period must be one of day, month/],
    [['budget', 'set', '--period', 'day', '--limit', 'lots'], /--limit must be an amount/],
    [['batch'], /exactly one manifest/],
  ])('easel %j', async ([args, message], { expect }) => {
    const result = await shared!.run(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(shared!.emulator.requests()).toBe(0);
  });

  it('--json failures put only {error} on stdout', async () => {
    h = await createCliHarness();
    const result = await h.run(['generate', 'a cat', '--json']);
    expect(result.code).toBe(2);
    expect(json<{ error: { code: string; message: string } }>(result).error.message).toMatch(/--model/);
  });

  it('every command has --help (exit 0, usage on stdout)', async () => {
    h = await createCliHarness();
    const all = [
      ['--help'],
      ['generate', '--help'],
      ['batch', '--help'],
      ['library', 'list', '--help'],
      ['library', 'search', '--help'],
      ['library', 'show', '--help'],
      ['library', 'tag', '--help'],
      ['library', 'export', '--help'],
      ['import', '--help'],
      ['spend', '--help'],
      ['spend', 'resolve', '--help'],
      ['budget', 'set', '--help'],
      ['budget', 'show', '--help'],
      ['budget', 'clear', '--help'],
      ['check', '--help'],
      ['models', '--help'],
      ['profiles', '--help'],
      ['help', 'generate'],
    ];
    const results = await Promise.all(all.map((args) => h!.run(args)));
    results.forEach((result, i) => {
      expect(result.code, all[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: easel/);
    });
    expect(existsSync(h.dataDir)).toBe(false); // help opens nothing
  });
});

describe('easel budget', () => {
  it('a hard budget refuses a generation that would pass it (exit 1, nothing charged)', async () => {
    h = await createCliHarness();
    const set = await h.run(['budget', 'set', '--period', 'day', '--limit', '0.10', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(json<{ budgets: unknown[] }>(set).budgets).toEqual([
      expect.objectContaining({ period: 'day', limitMicroUsd: 100_000, hard: true, spentMicroUsd: 0 }),
    ]);
    const refused = await h.run(['generate', 'too many', '--model', CORE, '--count', '3']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/budget/i);
    expect(h.emulator.requests()).toBe(0);
    const ok = await h.run(['generate', 'two fit', '--model', CORE, '--count', '2', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const shown = json<{ budgets: { spentMicroUsd: number; remainingMicroUsd: number }[] }>(
      await h.run(['budget', 'show', '--json']),
    );
    expect(shown.budgets[0]).toMatchObject({
      spentMicroUsd: 2 * CORE_PRICE,
      remainingMicroUsd: 100_000 - 2 * CORE_PRICE,
    });
  });
});

describe('easel batch', () => {
  const manifest = `name: tiles
defaults:
  model: ${CORE}
  variants: 2
  tags: [tileset]
assets:
  - key: oak
    prompt: a lone oak tree, isometric game asset
    seed: 100
  - key: rock
    prompt: a mossy rock, isometric game asset
    variants: 3
    params: { aspectRatio: "1:1" }
`;

  it('runs a manifest; a second run skips everything and charges nothing', async () => {
    h = await createCliHarness();
    await writeFile(join(h.dir, 'tiles.yaml'), manifest);
    const first = await h.run(['batch', 'tiles.yaml', '--out', 'assets', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = json<BatchSummary>(first);
    expect(summary).toMatchObject({
      total: 5,
      done: 5,
      skipped: 0,
      failed: 0,
      notRun: 0,
      costMicroUsd: 5 * CORE_PRICE,
    });
    expect(billedTotal(h.emulator)).toBe(5 * CORE_PRICE);
    expect((await readdir(join(h.dir, 'assets'))).sort()).toEqual([
      'oak_1.png',
      'oak_2.png',
      'rock_1.png',
      'rock_2.png',
      'rock_3.png',
    ]);
    expect(json<Listed>(await h.run(['library', 'list', '--tag', 'tileset', '--json'])).images).toHaveLength(5);

    const second = await h.run(['batch', 'tiles.yaml', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(json<BatchSummary>(second)).toMatchObject({ total: 5, done: 0, skipped: 5, costMicroUsd: 0 });
    expect(h.emulator.billing()).toHaveLength(5);

    // Editing one asset makes only that asset new work.
    await writeFile(join(h.dir, 'tiles.yaml'), manifest.replace('a mossy rock', 'a cracked rock'));
    const third = json<BatchSummary>(await h.run(['batch', 'tiles.yaml', '--json']));
    expect(third).toMatchObject({ done: 3, skipped: 2, costMicroUsd: 3 * CORE_PRICE });
    const spend = json<Spend>(await h.run(['spend', '--json']));
    expect(spend.totalMicroUsd).toBe(billedTotal(h.emulator));
  });

  it('a bad manifest is refused with the path of each problem (exit 2), nothing queued', async () => {
    h = await createCliHarness();
    await writeFile(
      join(h.dir, 'bad.json'),
      JSON.stringify({
        assets: [
          { key: 'a', prompt: 5, model: CORE },
          { key: 'b', prompt: 'x', model: CORE, params: { colour: 'red' } },
        ],
      }),
    );
    const result = await h.run(['batch', 'bad.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/assets\[0\]\.prompt/);
    expect(result.stderr).toMatch(/assets\[1\]\.params.*colour/);
    await writeFile(
      join(h.dir, 'bad2.yaml'),
      `- key: a\n  prompt: hi\n  model: stability.stable-diffusion-xl-v1\n  params: { width: 1000, height: 1000 }\n- key: a\n  prompt: again\n  model: ${CORE}\n`,
    );
    const second = await h.run(['batch', 'bad2.yaml']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/assets\[0\]\.params\.width: .*sizes/);
    expect(second.stderr).toMatch(/assets\[1\]\.key: "a" is already/);
    expect(h.emulator.requests()).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('cancels queued jobs (no charge), lets the running one finish, exits 130', async () => {
    h = await createCliHarness({ emulator: { latencyMs: 400 } });
    const harness = h;
    const { child, done } = harness.start([
      'generate',
      'stop me',
      '--model',
      CORE,
      '--count',
      '6',
      '--concurrency',
      '1',
      '--json',
    ]);
    const end = Date.now() + 15_000;
    while (harness.emulator.requests() === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/cancelled \(no charge\)/);
    const images = json<GeneratedImage[]>(result);
    expect(images.filter((i) => i.status === 'succeeded')).toHaveLength(1);
    expect(images.filter((i) => i.status === 'cancelled')).toHaveLength(5);
    expect(harness.emulator.billing()).toHaveLength(1);
    const spend = json<Spend>(await harness.run(['spend', '--json']));
    expect(spend).toMatchObject({ totalMicroUsd: CORE_PRICE, uncertainMicroUsd: 0 });
  });
});

describe('easel models and retired models', () => {
  it('lists legacy models by default and names the end-of-life ones it hides', async () => {
    h = await createCliHarness();
    const models = await h.run(['models']);
    expect(models.code, models.stderr).toBe(0);
    // 2026: Nova Canvas reached its end of life (2026-09-30): hidden by default, named like SDXL.
    expect(models.stdout).toMatch(/^Not shown \(end of life\): Nova Canvas \(amazon\.nova-canvas-v1:0\)\./m);
    expect(models.stdout).not.toMatch(/^stability\.stable-diffusion-xl-v1 /m);
    expect(models.stdout).toMatch(/^Not shown \(end of life\): SDXL 1\.0 \(stability\.stable-diffusion-xl-v1\)\./m);
    const all = json<{ models: { id: string; lifecycle: string }[] }>(await h.run(['models', '--all', '--json']));
    expect(all.models).toContainEqual(
      expect.objectContaining({ id: 'stability.stable-diffusion-xl-v1', lifecycle: 'end-of-life' }),
    );
  });

  it('warns before sending to an end-of-life model where Bedrock still serves it (the Bedrock of 2025)', async () => {
    h = await createCliHarness({ emulator: BEDROCK_2025 });
    // The emulator serves SDXL (accounts differ); Easel still says up front what AWS will most likely do.
    const gen = await h.run(['generate', 'a knight', '--model', 'stability.stable-diffusion-xl-v1', '--json']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toMatch(
      /SDXL 1\.0 reached its end of life on Bedrock on 2025-05-20; AWS will most likely refuse it\. Use Stable Image Core \(stability\.stable-image-core-v1:1\) instead\./,
    );
    expect(json<GeneratedImage[]>(gen)[0]).toMatchObject({ status: 'succeeded' });
  });

  it('models --json says where each model runs and what Easel invokes from the region', async () => {
    h = await createCliHarness();
    type Listed = { id: string; regions: string[]; invokeId: string | null; lifecycle: string; priceMicroUsd: number };
    const { models } = json<{ models: Listed[] }>(await h.run(['models', '--json']));
    expect(models.find((m) => m.id === 'stability.stable-image-search-recolor-v1:0')).toMatchObject({
      regions: ['us-east-1', 'us-east-2', 'us-west-2'],
      invokeId: 'us.stability.stable-image-search-recolor-v1:0',
      lifecycle: 'active',
      priceMicroUsd: 70_000,
    });
    const all = json<{ models: Listed[] }>(await h.run(['models', '--all', '--json'])).models;
    expect(all.find((m) => m.id === 'amazon.titan-image-generator-v2:0')).toMatchObject({
      regions: [],
      invokeId: null,
      lifecycle: 'end-of-life',
    });
  });

  it('rounds the month-end forecast to the cent', async () => {
    h = await createCliHarness();
    expect((await h.run(['generate', 'a fox', '--model', CORE])).code).toBe(0);
    // From the month's 4th day on there is a forecast: run `spend` then (now, or later in this month).
    const spend = await h.run(['spend'], { clockShiftMs: shiftTo(4) });
    expect(spend.stdout).toMatch(/month-end forecast \$\d+\.\d{2}\)/);
    const report = json<{ forecastMicroUsd: number | null }>(
      await h.run(['spend', '--json'], { clockShiftMs: shiftTo(4) }),
    );
    expect(report.forecastMicroUsd).toBeGreaterThan(0);
  });

  it('gives no month-end forecast before three days of the month (as the Spend view)', async () => {
    h = await createCliHarness();
    expect((await h.run(['generate', 'a fox', '--model', CORE])).code).toBe(0);
    const firstDay = firstDayShift();
    const spend = await h.run(['spend'], { clockShiftMs: firstDay });
    expect(spend.stdout).toMatch(/\(month-end forecast not enough data yet\)/);
    const report = json<{ forecastMicroUsd: number | null }>(
      await h.run(['spend', '--json'], { clockShiftMs: firstDay }),
    );
    expect(report.forecastMicroUsd).toBeNull();
  });
});

/** The clock shift that makes "now" at least the `day`th of this month at noon (0 when it already is). */
function shiftTo(day: number): number {
  const now = new Date();
  const target = new Date(now.getFullYear(), now.getMonth(), day, 12);
  return Math.max(0, target.getTime() - now.getTime());
}

/** The clock shift to 01:00 on the 1st of this month (the spend just made is then "later" this month). */
function firstDayShift(): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), 1, 1).getTime() - now.getTime();
}
