import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { pngBytes, testLibrary, type TestLibrary } from './test-support.ts';

const libs: TestLibrary[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.dispose();
});
function lib(): TestLibrary {
  const l = testLibrary();
  libs.push(l);
  return l;
}

const MODEL = 'stability.sd3-5-large-v1:0';
const params = (prompt = 'a red fox in snow', extra: Record<string, unknown> = {}) => ({
  modelId: MODEL,
  prompt,
  negativePrompt: 'blurry',
  ...extra,
});

function ledger(l: TestLibrary) {
  return l.spend.entries().map((e) => ({ kind: e.kind, amount: e.amountMicroUsd, job: e.generationId }));
}

describe('GenerationsRepo.queue', () => {
  it('writes queued jobs, reserves their estimates and records the prompt once', () => {
    const l = lib();
    const { jobs, warnings } = l.generations.queue([
      { params: params(), profile: 'default', region: 'us-west-2', estimateMicroUsd: 80_000, seed: 7 },
      { params: params(), profile: 'default', region: 'us-west-2', estimateMicroUsd: 80_000, seed: 8 },
    ]);
    expect(warnings).toEqual([]);
    expect(jobs.map((j) => [j.status, j.seed, j.estimateMicroUsd, j.profile])).toEqual([
      ['queued', 7, 80_000, 'default'],
      ['queued', 8, 80_000, 'default'],
    ]);
    expect(jobs[0]?.params).toMatchObject({
      modelId: MODEL,
      prompt: 'a red fox in snow',
      count: 1,
      task: 'text-to-image',
    });
    expect(ledger(l)).toEqual(jobs.map((j) => ({ kind: 'reservation', amount: 80_000, job: j.id })));
    expect(l.spend.summary().heldMicroUsd).toBe(160_000);
    const prompts = l.prompts.list();
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ prompt: 'a red fox in snow', negativePrompt: 'blurry', useCount: 1 });
    expect(l.generations.active().map((j) => j.id)).toEqual(jobs.map((j) => j.id));
  });

  it('queues nothing when a hard budget refuses', () => {
    const l = lib();
    l.budgets.set({ period: 'day', limitMicroUsd: 100_000, hard: true });
    expect(() =>
      l.generations.queue([
        { params: params(), estimateMicroUsd: 60_000 },
        { params: params(), estimateMicroUsd: 60_000 },
      ]),
    ).toThrow(EaselError);
    expect(l.generations.list()).toEqual([]);
    expect(l.spend.entries()).toEqual([]);
    expect(l.prompts.list()).toEqual([]);
  });
});

describe('recordGenerationOutcome', () => {
  it('records image, job and charge together, releasing the reservation', async () => {
    const l = lib();
    const [job] = l.generations.queue([{ params: params(), profile: 'work', estimateMicroUsd: 80_000, seed: 42 }]).jobs;
    if (!job) throw new Error('no job');
    l.generations.setRunningStatus(job.id, 'sending', { attempts: 1 });
    l.generations.setRunningStatus(job.id, 'waiting');
    l.generations.setRunningStatus(job.id, 'saving');
    const stored = await l.store.put(await pngBytes(64, 64, 42));
    l.advance(5_000);
    const { job: done, image } = l.generations.recordGenerationOutcome({
      jobId: job.id,
      status: 'succeeded',
      image: stored,
      charge: { kind: 'charge', amountMicroUsd: 80_000, priceSource: 'catalog:2025-06-01' },
      request: { prompt: 'a red fox in snow', seed: 42 },
    });
    expect(done).toMatchObject({
      status: 'succeeded',
      priceMicroUsd: 80_000,
      imageId: image?.id,
      attempts: 1,
      request: { seed: 42 },
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).toBe('2026-03-15T12:00:05.000Z');
    expect(image).toMatchObject({
      source: 'generated',
      generationId: job.id,
      prompt: 'a red fox in snow',
      negativePrompt: 'blurry',
      seed: 42,
      modelId: MODEL,
      sha256: stored.sha256,
    });
    expect(ledger(l)).toEqual([
      { kind: 'reservation', amount: 80_000, job: job.id },
      { kind: 'release', amount: -80_000, job: job.id },
      { kind: 'charge', amount: 80_000, job: job.id },
    ]);
    expect(l.spend.summary()).toMatchObject({ totalMicroUsd: 80_000, heldMicroUsd: 0, uncertainMicroUsd: 0 });
    expect(() =>
      l.generations.recordGenerationOutcome({ jobId: job.id, status: 'failed', charge: { kind: 'none' } }),
    ).toThrow(/already finished/);
    expect(() => l.generations.setRunningStatus(job.id, 'sending')).toThrow(/already finished/);
  });

  it('rolls everything back when any part fails (no half-recorded outcome)', async () => {
    const l = lib();
    const [job] = l.generations.queue([{ params: params(), estimateMicroUsd: 80_000 }]).jobs;
    if (!job) throw new Error('no job');
    const stored = await l.store.put(await pngBytes());
    expect(() =>
      l.generations.recordGenerationOutcome({
        jobId: job.id,
        status: 'succeeded',
        image: stored,
        charge: { kind: 'charge', amountMicroUsd: 0.5, priceSource: 'x' },
      }),
    ).toThrow();
    expect(l.images.getBySha(stored.sha256)).toBeNull();
    expect(l.generations.get(job.id).status).toBe('queued');
    expect(ledger(l).map((e) => e.kind)).toEqual(['reservation']);
  });

  it('reuses an identical earlier image (same seed and params give the same bytes)', async () => {
    const l = lib();
    const jobs = l.generations.queue([
      { params: params(), estimateMicroUsd: 1 },
      { params: params(), estimateMicroUsd: 1 },
    ]).jobs;
    const bytes = await pngBytes(32, 32, 5);
    const first = l.generations.recordGenerationOutcome({
      jobId: jobs[0]?.id ?? '',
      status: 'succeeded',
      image: await l.store.put(bytes),
      charge: { kind: 'charge', amountMicroUsd: 1, priceSource: 'p' },
    });
    l.images.trash([first.image?.id ?? '']);
    const second = l.generations.recordGenerationOutcome({
      jobId: jobs[1]?.id ?? '',
      status: 'succeeded',
      image: await l.store.put(bytes),
      charge: { kind: 'charge', amountMicroUsd: 1, priceSource: 'p' },
    });
    expect(second.image?.id).toBe(first.image?.id);
    expect(second.job.imageId).toBe(first.image?.id);
    expect(l.images.get(first.image?.id ?? '').deletedAt).toBeNull();
    expect(l.spend.summary().totalMicroUsd).toBe(2);
  });

  it('failed and filtered jobs release their hold with no charge; cancelQueued drops a queued job', () => {
    const l = lib();
    const [a, b, c] = l.generations.queue([1, 2, 3].map(() => ({ params: params(), estimateMicroUsd: 40_000 }))).jobs;
    if (!a || !b || !c) throw new Error('no jobs');
    l.generations.recordGenerationOutcome({
      jobId: a.id,
      status: 'failed',
      charge: { kind: 'none' },
      error: { code: 'model-error', message: 'boom' },
    });
    l.generations.recordGenerationOutcome({
      jobId: b.id,
      status: 'filtered',
      charge: { kind: 'none' },
      error: { code: 'content-filtered', message: 'filtered' },
    });
    expect(l.generations.cancelQueued(c.id).status).toBe('cancelled');
    expect(l.generations.get(a.id)).toMatchObject({
      status: 'failed',
      errorCode: 'model-error',
      errorMessage: 'boom',
      priceMicroUsd: 0,
    });
    expect(l.spend.summary()).toMatchObject({ totalMicroUsd: 0, heldMicroUsd: 0 });
    expect(l.generations.active()).toEqual([]);
    expect(() => l.generations.cancelQueued(a.id)).toThrow(/not queued/);
  });
});

describe('crash recovery and uncertain spend', () => {
  it('turns running jobs into interrupted with uncertain spend; queued ones stay queued', () => {
    const l = lib();
    const [running, waiting, queued] = l.generations.queue(
      [1, 2, 3].map(() => ({ params: params(), estimateMicroUsd: 40_000 })),
    ).jobs;
    if (!running || !waiting || !queued) throw new Error('no jobs');
    l.generations.setRunningStatus(running.id, 'saving');
    l.generations.setRunningStatus(waiting.id, 'waiting');
    const interrupted = l.generations.recoverInterrupted();
    expect(interrupted.map((j) => [j.id, j.status])).toEqual([
      [running.id, 'interrupted'],
      [waiting.id, 'interrupted'],
    ]);
    expect(l.generations.get(queued.id).status).toBe('queued');
    expect(l.spend.summary()).toMatchObject({ uncertainMicroUsd: 80_000, heldMicroUsd: 40_000, totalMicroUsd: 0 });
    expect(l.generations.uncertainJobs().map((j) => j.id)).toEqual([running.id, waiting.id]);
    // Uncertain spend counts against budgets until resolved.
    expect(l.budgets.set({ period: 'day', limitMicroUsd: 130_000, hard: true }));
    expect(() => l.generations.queue([{ params: params(), estimateMicroUsd: 20_000 }])).toThrow(/hard budget/);

    l.generations.resolveUncertain(running.id, { billed: true, note: 'on the AWS bill' });
    l.generations.resolveUncertain(waiting.id, { billed: false });
    expect(l.spend.summary()).toMatchObject({ uncertainMicroUsd: 0, totalMicroUsd: 40_000 });
    expect(l.generations.get(running.id).priceMicroUsd).toBe(40_000);
    expect(l.generations.uncertainJobs()).toEqual([]);
    expect(() => l.generations.resolveUncertain(running.id, { billed: true })).toThrow(/no unresolved spend/);
  });

  it('claims a queued job once, requeues a job that never reached Bedrock, counts attempts', () => {
    const l = lib();
    const [job] = l.generations.queue([{ params: params(), estimateMicroUsd: 10 }]).jobs;
    if (!job) throw new Error('no job');
    expect(l.generations.claim(job.id)?.status).toBe('sending');
    expect(l.generations.claim(job.id)).toBeNull();
    l.generations.setAttempts(job.id, 3);
    expect(l.generations.requeue(job.id)).toBe(true);
    expect(l.generations.get(job.id)).toMatchObject({ status: 'queued', attempts: 3 });
    expect(l.spend.summary().heldMicroUsd).toBe(10);
    l.generations.cancelQueued(job.id);
    expect(l.generations.claim(job.id)).toBeNull();
    expect(l.generations.requeue(job.id)).toBe(false);
  });

  it('finds the jobs of a resumable batch by key', () => {
    const l = lib();
    l.generations.queue([
      { params: params(), estimateMicroUsd: 1, batchKey: 'hero#0' },
      { params: params(), estimateMicroUsd: 1, batchKey: 'hero#1' },
    ]);
    expect(l.generations.byBatchKey('hero#1').map((j) => j.batchKey)).toEqual(['hero#1']);
    expect(l.generations.list({ batchKey: 'hero#0' })).toHaveLength(1);
    expect(l.generations.list({ statuses: ['succeeded'] })).toEqual([]);
  });
});

describe('an unknown price is never recorded as $0', () => {
  it('an unpriced job is charged as unpriced: flagged in the ledger, counted apart, its price unknown', () => {
    const l = lib();
    const [job] = l.generations.queue([{ params: params(), estimateMicroUsd: 0, unpriced: true }]).jobs;
    expect(job).toMatchObject({ unpriced: true, estimateMicroUsd: 0 });
    l.generations.claim(job!.id);
    const { job: done } = l.generations.recordGenerationOutcome({
      jobId: job!.id,
      status: 'failed',
      charge: { kind: 'charge', amountMicroUsd: 0, priceSource: 'unpriced', unpriced: true },
    });
    expect(done.priceMicroUsd).toBeNull();
    const charge = l.spend.entries().find((e) => e.kind === 'charge');
    expect(charge).toMatchObject({ amountMicroUsd: 0, unpriced: true, priceSource: 'unpriced' });
    expect(l.spend.summary()).toMatchObject({ totalMicroUsd: 0, unpricedCount: 1 });
  });

  it('a priced charge is not counted as unpriced, and an unpriced charge with an amount is refused', () => {
    const l = lib();
    const [a, b] = l.generations.queue([
      { params: params(), estimateMicroUsd: 80_000 },
      { params: params(), estimateMicroUsd: 0, unpriced: true },
    ]).jobs;
    l.generations.recordGenerationOutcome({
      jobId: a!.id,
      status: 'failed',
      charge: { kind: 'charge', amountMicroUsd: 80_000, priceSource: 'catalog' },
    });
    expect(() =>
      l.generations.recordGenerationOutcome({
        jobId: b!.id,
        status: 'failed',
        charge: { kind: 'charge', amountMicroUsd: 5, priceSource: 'unpriced', unpriced: true },
      }),
    ).toThrow(RangeError);
    expect(l.spend.summary()).toMatchObject({ totalMicroUsd: 80_000, unpricedCount: 0 });
    expect(l.generations.get(b!.id).status).toBe('queued');
  });

  it('an interrupted unpriced job confirmed as billed becomes an unpriced charge, unless the user gives the amount', () => {
    const l = lib();
    const [a, b] = l.generations.queue([
      { params: params(), estimateMicroUsd: 0, unpriced: true },
      { params: params(), estimateMicroUsd: 0, unpriced: true },
    ]).jobs;
    for (const j of [a!, b!]) {
      l.generations.claim(j.id);
      l.generations.setRunningStatus(j.id, 'waiting');
    }
    l.generations.recoverInterrupted();
    expect(l.generations.resolveUncertain(a!.id, { billed: true }).priceMicroUsd).toBeNull();
    expect(l.generations.resolveUncertain(b!.id, { billed: true, amountMicroUsd: 70_000 }).priceMicroUsd).toBe(70_000);
    expect(l.spend.summary()).toMatchObject({ totalMicroUsd: 70_000, unpricedCount: 1 });
  });
});
