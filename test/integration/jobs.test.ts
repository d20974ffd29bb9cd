// The generation queue through the facade: real SQLite, real files, real sharp, the real AWS SDK
// against the local Bedrock emulator.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../src-shared/errors.ts';
import { openStorage } from '../../src-main/core/storage/index.ts';
import { parseA1111Parameters, readPngTextChunks } from '../../src-main/core/metadata/index.ts';
import { startEmulator } from '../../src-main/emulator/index.ts';
import { billedTotal, createHarness, ledgerTotals, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const CORE_PRICE = 40_000;
const SDXL = 'stability.stable-diffusion-xl-v1';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('generate → library → spend', () => {
  it('stores a decodable PNG with both metadata chunks, one charge, the prompt in history', async () => {
    harness = await createHarness();
    const { studio, emulator } = harness;
    const { jobs } = await studio.generate({
      modelId: CORE,
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      seed: 42,
    });
    expect(jobs).toHaveLength(1);
    await studio.whenIdle();
    const job = studio.getJob(jobs[0]!.id);
    expect(job.status).toBe('succeeded');
    expect(job.seed).toBe(42);
    expect(job.priceMicroUsd).toBe(CORE_PRICE);
    const image = studio.getImage(job.imageId!);
    expect(image).toMatchObject({
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      seed: 42,
      modelId: CORE,
      source: 'generated',
    });

    const file = await studio.resolveImageFile(image.id, 'full');
    expect(file?.mimeType).toBe('image/png');
    const bytes = await readFile(file!.filePath);
    const chunks = readPngTextChunks(bytes);
    const parameters = chunks.find((c) => c.keyword === 'parameters')?.text ?? '';
    expect(parameters).toContain('a red fox in snow\nNegative prompt: blurry');
    expect(parameters).toContain('Seed: 42');
    expect(parseA1111Parameters(parameters)).toMatchObject({
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      seed: 42,
      model: CORE,
    });
    const easel = JSON.parse(chunks.find((c) => c.keyword === 'easel')?.text ?? '{}') as {
      modelId: string;
      seed: number;
      request: Record<string, unknown>;
    };
    expect(easel).toMatchObject({
      modelId: CORE,
      seed: 42,
      request: { prompt: 'a red fox in snow', negative_prompt: 'blurry', seed: 42 },
    });
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('png');
    await sharp(bytes).raw().toBuffer(); // decodes to the end

    const thumb = await studio.resolveImageFile(image.id, 'thumb');
    expect((await sharp(thumb!.filePath).metadata()).format).toBe('webp');

    const totals = ledgerTotals(studio);
    expect(totals.charge).toBe(CORE_PRICE);
    expect((totals.reservation ?? 0) + (totals.release ?? 0)).toBe(0);
    expect(studio.spendSummary()).toMatchObject({ totalMicroUsd: CORE_PRICE, heldMicroUsd: 0, uncertainMicroUsd: 0 });
    expect(billedTotal(emulator)).toBe(CORE_PRICE);
    expect(studio.listPrompts({ text: 'fox' }).map((p) => p.prompt)).toEqual(['a red fox in snow']);

    // Through the contract handlers too; no secret ever in a response.
    const listed = await studio.handlers['jobs.list']({ limit: 10 });
    expect(listed.jobs[0]).toMatchObject({
      id: job.id,
      status: 'succeeded',
      imageId: image.id,
      priceMicroUsd: CORE_PRICE,
      waitingForNetwork: false,
    });
    const responses = JSON.stringify([
      listed,
      await studio.handlers['app.info']({}),
      await studio.handlers['profiles.list']({}),
      await studio.handlers['jobs.get']({ jobId: job.id }),
      await studio.handlers['images.get']({ imageId: image.id }),
      await studio.handlers['spend.summary']({}),
    ]);
    expect(responses).not.toContain('wJalrXUtnFEMI');
    expect(responses).not.toContain('AKIDEXAMPLE');
  });

  it('same seed and params twice give byte-identical files (one stored copy)', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const params = { modelId: CORE, prompt: 'a lighthouse at dusk', seed: 1234, aspectRatio: '16:9' };
    const first = (await studio.generate(params)).jobs[0]!;
    await studio.whenIdle();
    const second = (await studio.generate(params)).jobs[0]!;
    await studio.whenIdle();
    const a = studio.getJob(first.id);
    const b = studio.getJob(second.id);
    expect(a.status).toBe('succeeded');
    expect(b.status).toBe('succeeded');
    expect(b.imageId).toBe(a.imageId);
    const otherSeed = (await studio.generate({ ...params, seed: 1235 })).jobs[0]!;
    await studio.whenIdle();
    expect(studio.getJob(otherSeed.id).imageId).not.toBe(a.imageId);
    // Both charged: two requests were made.
    expect(ledgerTotals(studio).charge).toBe(3 * CORE_PRICE);
  });

  it('one seed with count 3: image i uses seed + i, three different reproducible images', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'three locked cats', seed: 42, count: 3 });
    await studio.whenIdle();
    const done = jobs.map((j) => studio.getJob(j.id));
    expect(done.map((j) => j.seed)).toEqual([42, 43, 44]);
    expect(new Set(done.map((j) => j.imageId)).size).toBe(3);
    for (const j of done) expect(studio.getImage(j.imageId!).seed).toBe(j.seed);
    // Image 2 alone (seed 43) is the same file as image 2 of the run.
    const again = (await studio.generate({ modelId: CORE, prompt: 'three locked cats', seed: 43 })).jobs[0]!;
    await studio.whenIdle();
    expect(studio.getJob(again.id).imageId).toBe(done[1]?.imageId);
  });

  it('random seeds differ per image and are recorded', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'three cats', count: 3 });
    await studio.whenIdle();
    const seeds = jobs.map((j) => studio.getJob(j.id).seed);
    expect(new Set(seeds).size).toBe(3);
    for (const j of jobs) expect(studio.getImage(studio.getJob(j.id).imageId!).seed).toBe(studio.getJob(j.id).seed);
  });
});

describe('budgets', () => {
  it('a hard budget is never exceeded by one micro-dollar with concurrency 8', async () => {
    harness = await createHarness({ emulator: { latencyMs: 15 }, studio: { concurrency: 8 } });
    const { studio, emulator } = harness;
    const limit = 25 * CORE_PRICE + CORE_PRICE - 1; // room for 25 images, not 26
    studio.setBudget({ period: 'day', limitMicroUsd: limit, hard: true });
    let refused = 0;
    const submits = Array.from({ length: 40 }, (_, i) =>
      studio.generate({ modelId: CORE, prompt: `budget test ${i}` }).catch((error: unknown) => {
        if (error instanceof EaselError && error.code === 'budget-exceeded') refused += 1;
        else throw error;
      }),
    );
    // and one multi-image request that does not fit as a whole is refused entirely
    await Promise.all(submits);
    await expect(studio.generate({ modelId: CORE, prompt: 'too many', count: 3 })).rejects.toMatchObject({
      code: 'budget-exceeded',
    });
    await studio.whenIdle();
    expect(refused).toBe(15);
    const succeeded = studio.listJobs({ statuses: ['succeeded'], limit: 100 });
    expect(succeeded).toHaveLength(25);
    const totals = ledgerTotals(studio);
    expect(totals.charge).toBe(25 * CORE_PRICE);
    expect(totals.charge).toBeLessThanOrEqual(limit);
    expect(billedTotal(emulator)).toBe(totals.charge);
    expect(studio.budgets()[0]).toMatchObject({ heldMicroUsd: 0, spentMicroUsd: 25 * CORE_PRICE });
  });

  it('a soft budget warns and runs', async () => {
    harness = await createHarness();
    const { studio } = harness;
    studio.setBudget({ period: 'month', limitMicroUsd: CORE_PRICE, hard: false });
    const { warnings } = await studio.generate({ modelId: CORE, prompt: 'soft', count: 2 });
    expect(warnings[0]?.message).toMatch(/soft budget/);
    await studio.whenIdle();
    expect(ledgerTotals(studio).charge).toBe(2 * CORE_PRICE);
  });
});

describe('faults', () => {
  it('a throttling storm: every job completes and the ledger equals the emulator billing', async () => {
    harness = await createHarness({
      emulator: { throttleRate: 0.3, serverErrorRate: 0.05 },
      studio: { concurrency: 6, retry: { maxAttempts: 30, baseDelayMs: 1, maxDelayMs: 8 } },
    });
    const { studio, emulator } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'storm', count: 30 });
    await studio.whenIdle();
    const statuses = jobs.map((j) => studio.getJob(j.id).status);
    expect(statuses.every((s) => s === 'succeeded')).toBe(true);
    expect(jobs.some((j) => studio.getJob(j.id).attempts > 1)).toBe(true);
    expect(emulator.billing()).toHaveLength(30);
    expect(ledgerTotals(studio).charge).toBe(billedTotal(emulator));
    expect(studio.spendSummary().heldMicroUsd).toBe(0);
  });

  it('content filter ⇒ filtered, charged and marked, matching the billing', async () => {
    harness = await createHarness({ emulator: { filterWords: ['forbidden'] } });
    const { studio, emulator } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a forbidden thing' });
    await studio.whenIdle();
    const job = studio.getJob(jobs[0]!.id);
    expect(job.status).toBe('filtered');
    expect(job.errorCode).toBe('content-filtered');
    expect(job.imageId).toBeNull();
    expect(job.priceMicroUsd).toBe(CORE_PRICE);
    expect(emulator.billing()[0]?.filtered).toBe(true);
    expect(ledgerTotals(studio).charge).toBe(billedTotal(emulator));
    expect(studio.spendReport().outcomes[0]).toMatchObject({ modelId: CORE, filtered: 1, filteredRate: 1 });
  });

  it('an end-of-life model fails clearly, naming a replacement, with no charge', async () => {
    // A job queued while SDXL still ran (a new one is refused at submit), sent after Bedrock retired
    // it: Bedrock's ResourceNotFoundException becomes the end-of-life error.
    harness = await createHarness();
    await harness.studio.close();
    const storage = openStorage({ dataDir: harness.dataDir });
    const { jobs } = storage.generations.queue([
      {
        params: { modelId: SDXL, prompt: 'retro', width: 1024, height: 1024 },
        region: 'us-east-1',
        estimateMicroUsd: 40_000,
        seed: 1,
      },
    ]);
    storage.close();
    const studio = harness.open();
    await studio.whenIdle();
    const job = studio.getJob(jobs[0]!.id);
    expect(harness.emulator.invocations()).toBe(1);
    expect(job.status).toBe('failed');
    expect(job.errorCode).toBe('model-end-of-life');
    expect(job.errorMessage).toMatch(/retired|end of (its )?life/i);
    expect(job.errorMessage).toMatch(/Stable Image|SD3\.5|stability\./);
    expect(ledgerTotals(studio).charge ?? 0).toBe(0);
    expect(studio.spendSummary().heldMicroUsd).toBe(0);
  });

  it('a validation problem is refused before anything is queued or reserved', async () => {
    harness = await createHarness();
    const { studio, emulator } = harness;
    await expect(studio.generate({ modelId: SDXL, prompt: 'x', width: 1000, height: 1000 })).rejects.toMatchObject({
      code: 'validation',
      field: 'width',
    });
    expect(studio.listJobs()).toHaveLength(0);
    expect(emulator.requests()).toBe(0);
  });
});

describe('a request is checked once, where it enters; the builder checks again before Bedrock', () => {
  it("through the IPC gate's handler, an edit that breaks the model's limits for its source image is refused: nothing queued, sent or charged", async () => {
    harness = await createHarness();
    const { studio, emulator } = harness;
    const file = join(harness.dir, 'photo.png');
    await writeFile(
      file,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
    );
    const [imported] = await studio.importFiles([file]);
    const edit = { modelId: SDXL, task: 'image-to-image' as const, prompt: 'in blue', strength: 0.5, count: 1 };
    await expect(
      studio.handlers.generate({ params: { ...edit, initImageId: imported!.imageId! } }),
    ).rejects.toMatchObject({ code: 'validation', field: 'initImageId', message: expect.stringMatching(/640×480/) });
    await expect(studio.handlers.generate({ params: { ...edit, initImageId: '999' } })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(studio.listJobs()).toHaveLength(0);
    expect(emulator.requests()).toBe(0);
    expect(studio.library.spend.entries()).toEqual([]);
  });

  it('a job whose request the builder refuses (queued without the check) fails before sending, with its reservation released', async () => {
    harness = await createHarness();
    const { emulator } = harness;
    await harness.studio.close();
    const storage = openStorage({ dataDir: harness.dataDir });
    const { jobs } = storage.generations.queue([
      {
        params: { modelId: SDXL, prompt: 'x', width: 1000, height: 1000 },
        region: 'us-east-1',
        estimateMicroUsd: 40_000,
        seed: 1,
      },
    ]);
    storage.close();
    const studio = harness.open();
    await studio.whenIdle();
    expect(studio.getJob(jobs[0]!.id)).toMatchObject({ status: 'failed', errorCode: 'validation', priceMicroUsd: 0 });
    expect(emulator.requests()).toBe(0);
    expect(ledgerTotals(studio).charge ?? 0).toBe(0);
    expect(studio.spendSummary()).toMatchObject({ heldMicroUsd: 0, uncertainMicroUsd: 0 });
  });
});

describe('cancel', () => {
  it('a queued job is dropped with no charge; a running one is aborted with its spend uncertain', async () => {
    harness = await createHarness({ emulator: { latencyMs: 400 }, studio: { concurrency: 1 } });
    const { studio } = harness;
    const waiting = harness.nextUpdate((u) => u.job.status === 'waiting');
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'cancel me', count: 3 });
    const [first, second, third] = jobs.map((j) => j.id) as [string, string, string];
    expect(studio.cancel(third).status).toBe('cancelled');
    expect((await waiting).job.id).toBe(first);
    studio.cancel(first);
    await studio.whenIdle();
    expect(studio.getJob(first)).toMatchObject({ status: 'cancelled', errorCode: 'aborted' });
    expect(studio.getJob(second).status).toBe('succeeded');
    expect(studio.getJob(third)).toMatchObject({ status: 'cancelled', priceMicroUsd: 0 });
    const entries = studio.library.spend.entries();
    expect(entries.filter((e) => e.generationId === third && e.kind === 'charge')).toHaveLength(0);
    expect(
      entries.filter((e) => e.generationId === first && e.kind === 'uncertain').map((e) => e.amountMicroUsd),
    ).toEqual([CORE_PRICE]);
    expect(studio.uncertainJobs().map((j) => j.id)).toEqual([first]);
    // dismiss: released, never charged
    studio.resolveUncertain(first, { billed: false });
    expect(studio.spendSummary()).toMatchObject({ uncertainMicroUsd: 0, totalMicroUsd: CORE_PRICE, heldMicroUsd: 0 });
  });

  it('cancelAll stops everything; nothing stays held', async () => {
    harness = await createHarness({ emulator: { latencyMs: 300 }, studio: { concurrency: 2 } });
    const { studio } = harness;
    await studio.generate({ modelId: CORE, prompt: 'many', count: 6 });
    expect(studio.cancelAll()).toBe(6);
    await studio.whenIdle();
    expect(studio.listJobs().every((j) => j.status === 'cancelled')).toBe(true);
    expect(studio.spendSummary().heldMicroUsd).toBe(0);
  });
});

describe('crash recovery', () => {
  it('a job left sending becomes interrupted with uncertain spend; confirm charges it', async () => {
    harness = await createHarness();
    await harness.studio.close();
    // A previous session that died mid-request: a queued job moved to 'sending', then nothing.
    const lib = openStorage({ dataDir: harness.dataDir });
    const { jobs } = lib.generations.queue([
      { params: { modelId: CORE, prompt: 'lost' }, estimateMicroUsd: CORE_PRICE, seed: 5, region: 'us-west-2' },
    ]);
    const queuedToo = lib.generations.queue([
      { params: { modelId: CORE, prompt: 'still queued' }, estimateMicroUsd: CORE_PRICE, seed: 6, region: 'us-west-2' },
    ]);
    lib.generations.setRunningStatus(jobs[0]!.id, 'sending');
    lib.close();

    const studio = harness.open();
    expect(studio.interruptedAtStart.map((j) => j.id)).toEqual([jobs[0]!.id]);
    expect(studio.getJob(jobs[0]!.id).status).toBe('interrupted');
    expect(studio.spendSummary().uncertainMicroUsd).toBe(CORE_PRICE);
    // the queued one resumes
    await studio.whenIdle();
    expect(studio.getJob(queuedToo.jobs[0]!.id).status).toBe('succeeded');
    const resolved = await studio.handlers['spend.resolve']({ jobId: jobs[0]!.id, billed: true });
    expect(resolved.job.priceMicroUsd).toBe(CORE_PRICE);
    expect(studio.spendSummary()).toMatchObject({ uncertainMicroUsd: 0, totalMicroUsd: 2 * CORE_PRICE });
  });
});

describe('offline', () => {
  it('jobs wait for the network (visible) and complete when it returns', async () => {
    harness = await createHarness({
      studio: { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, concurrency: 2 },
    });
    const { studio, emulator } = harness;
    const port = emulator.port;
    await emulator.stop();
    const offline = harness.nextUpdate((u) => u.waitingForNetwork);
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'offline', count: 3 });
    const update = await offline;
    expect(update.job.status).toBe('queued');
    expect(update.error?.code).toBe('network');
    expect(studio.waitingForNetwork).toBe(true);
    // Across a network probe (the queue retries the oldest job alone, with backoff): once that probe
    // has failed too and put its job back, every job is still queued. (A fixed 150 ms wait raced the
    // probe at ~140 ms on a loaded machine and could catch the probing job in flight.)
    await harness.nextUpdate((u) => u.waitingForNetwork);
    for (const j of jobs) expect(studio.getJob(j.id).status).toBe('queued');
    expect((await studio.handlers['jobs.list']({ limit: 10 })).jobs.some((j) => j.waitingForNetwork)).toBe(true);

    const back = await startEmulator({ port, randomSeed: 7 });
    try {
      await studio.whenIdle();
      expect(jobs.map((j) => studio.getJob(j.id).status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(studio.waitingForNetwork).toBe(false);
      expect(ledgerTotals(studio).charge).toBe(billedTotal(back));
    } finally {
      await back.stop();
    }
  });
});

describe('network failures: before or after the request was sent', () => {
  it('a connection broken mid-request is not sent again: failed with uncertain spend; a refused one is requeued', async () => {
    harness = await createHarness({ emulator: { latencyMs: 1_500 } });
    const { studio, emulator } = harness;
    const port = emulator.port;
    const waiting = harness.nextUpdate((u) => u.job.status === 'waiting');
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'cut off', seed: 3 });
    await waiting;
    await new Promise((r) => setTimeout(r, 100)); // the request is in the emulator, waiting out its latency
    await emulator.stop();
    // Bedrock back at once: a retry of the broken request would reach it (and be billed twice).
    const back = await startEmulator({ port, randomSeed: 7 });
    try {
      await studio.whenIdle();
      const job = studio.getJob(jobs[0]!.id);
      expect(job).toMatchObject({ status: 'failed', errorCode: 'network', attempts: 1 });
      expect(job.errorMessage).toMatch(
        /broke after the request was sent .*may have made — and billed — this image\. Easel did not send it again/,
      );
      expect(back.requests()).toBe(0);
      expect(studio.spendSummary()).toMatchObject({ uncertainMicroUsd: CORE_PRICE, heldMicroUsd: 0 });
      expect(studio.listJobs({ statuses: ['failed'] }).map((j) => j.id)).toEqual([jobs[0]!.id]);
      expect(studio.uncertainJobs().map((j) => j.id)).toEqual([jobs[0]!.id]);
      expect(studio.waitingForNetwork).toBe(false);
    } finally {
      await back.stop();
    }

    // Connection refused: nothing was sent, so the job waits for the network and runs when it returns.
    const offline = harness.nextUpdate((u) => u.waitingForNetwork);
    const refused = await studio.generate({ modelId: CORE, prompt: 'not sent yet', seed: 4 });
    expect((await offline).error?.code).toBe('network');
    expect(studio.getJob(refused.jobs[0]!.id).status).toBe('queued');
    const again = await startEmulator({ port, randomSeed: 7 });
    try {
      await studio.whenIdle();
      expect(studio.getJob(refused.jobs[0]!.id).status).toBe('succeeded');
      expect(again.billing()).toHaveLength(1);
      expect(studio.spendSummary().uncertainMicroUsd).toBe(CORE_PRICE);
    } finally {
      await again.stop();
    }
  });
});

describe('non-PNG output', () => {
  it('stores a JPEG as Bedrock sent it (no re-encode) with the full record in the database', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const { jobs } = await studio.generate({
      modelId: CORE,
      prompt: 'a jpeg lighthouse',
      seed: 11,
      outputFormat: 'jpeg',
    });
    await studio.whenIdle();
    const job = studio.getJob(jobs[0]!.id);
    expect(job.status).toBe('succeeded');
    expect(job.request).toMatchObject({ prompt: 'a jpeg lighthouse', seed: 11, output_format: 'jpeg' });
    const image = studio.getImage(job.imageId!);
    expect(image).toMatchObject({
      format: 'jpeg',
      prompt: 'a jpeg lighthouse',
      seed: 11,
      modelId: CORE,
      generationId: job.id,
    });
    const bytes = await readFile((await studio.resolveImageFile(image.id, 'full'))!.filePath);
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    // The same request again gives the same bytes: nothing was re-encoded or stamped per job.
    const again = await studio.generate({ modelId: CORE, prompt: 'a jpeg lighthouse', seed: 11, outputFormat: 'jpeg' });
    await studio.whenIdle();
    expect(studio.getJob(again.jobs[0]!.id).imageId).toBe(image.id);
    // The record travels with an export's sidecar.
    const out = await studio.exportImages({
      imageIds: [image.id],
      folder: `${harness.dir}/out`,
      withMetadata: true,
      sidecar: true,
    });
    const sidecar = JSON.parse(await readFile(out.files[0]!.sidecar!, 'utf8')) as { request: unknown; seed: number };
    expect(sidecar).toMatchObject({ seed: 11, request: { output_format: 'jpeg', seed: 11 } });
  });
});
