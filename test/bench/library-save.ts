// Issue 3 benchmark, section `save`: Easel's own work per generated 1024² image, against the floor
// (sharp decode of the same PNG + a plain writeFile of the same bytes).
//
// There is no exported "save a generated image" function: a job's run does it in steps
// (JobRunner#save and #settle in src-main/core/jobs/job-run.ts, withGenerationMetadata in
// run-steps.ts), so `saveGenerated` below composes the same library calls in the same order:
// status → saving, base64 decode, PNG size, embedGenerationMetadata (A1111 tEXt + easel iTXt),
// ImageStore.putThumbnailLater (header read, SHA-256, full decode, temp file + fsync + rename + dir
// fsync), GenerationsRepo.recordGenerationOutcome (image row + job + release + charge, one
// transaction); the 256 px WebP thumbnail follows, after the clock stops (the job makes it once the
// outcome is recorded and announced) and is timed on its own. `before` is the same save with the
// thumbnail made inside ImageStore.put, as jobs did before. Jobs are queued and claimed before the clock starts (that is the queue's work, not
// the save's). Each iteration saves a new image: the seed in the metadata differs, so do the bytes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Job } from '../../src-shared/domain.ts';
import { openStorage, sha256Hex, type Storage } from '../../src-main/core/storage/index.ts';
import { embedGenerationMetadata, type EaselMetadata } from '../../src-main/core/metadata/index.ts';
import { isPng, pngSize } from '../../src-main/core/jobs/payloads.ts';
import { mulberry32 } from './library-synth.ts';
import { formatRatio, formatSummary, summarize, timeRuns } from './stats.ts';

const SIZE = 1024;
const MODEL_ID = 'stability.stable-diffusion-xl-v1';
const PRICE_MICRO_USD = 40_000;
const PROMPT = 'a lighthouse on a rocky coast at dusk, volumetric light, oil painting, highly detailed';
const NEGATIVE = 'blurry, lowres, watermark';

/**
 * A 1024² PNG that compresses like a generated image (~1.7 MB): smooth colour fields (low-res noise
 * upscaled with a cubic kernel) plus fine grain, encoded with adaptive filtering as PIL-based model
 * servers do. Pure noise would not compress at all; a flat gradient would compress far too well.
 */
export async function renderRealisticPng(seed: number, size = SIZE): Promise<Buffer> {
  const random = mulberry32(seed);
  const cells = 48;
  const low = Buffer.alloc(cells * cells * 3);
  for (let i = 0; i < low.length; i++) low[i] = Math.floor(random() * 256);
  const pixels = await sharp(low, { raw: { width: cells, height: cells, channels: 3 } })
    .resize(size, size, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = Math.max(0, Math.min(255, (pixels[i] ?? 0) + Math.round((random() - 0.5) * 6)));
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png({ adaptiveFiltering: true })
    .toBuffer();
}

type Step = 'status' | 'decode' | 'metadata' | 'put' | 'transaction' | 'thumbnail';
type StepTimes = Record<Step, number>;

/** The save step of a job's run, with the same calls; `times` (optional) receives ms per step. */
export async function saveGenerated(
  lib: Storage,
  job: Job,
  base64: string,
  seed: number,
  times?: StepTimes,
  how: 'thumbnail-later' | 'before' = 'thumbnail-later',
): Promise<() => Promise<void>> {
  let t = performance.now();
  const lap = (step: Step): void => {
    const now = performance.now();
    if (times) times[step] = now - t;
    t = now;
  };
  lib.generations.setRunningStatus(job.id, 'saving');
  lap('status');
  let bytes: Buffer = Buffer.from(base64, 'base64');
  lap('decode');
  if (isPng(bytes)) {
    const size = pngSize(bytes);
    const request = {
      text_prompts: [
        { text: PROMPT, weight: 1 },
        { text: NEGATIVE, weight: -1 },
      ],
      seed,
      cfg_scale: 7,
      steps: 30,
      width: size.width,
      height: size.height,
    };
    const easel: EaselMetadata = {
      version: 1,
      modelId: job.modelId,
      seed,
      request,
      params: { ...job.params, count: 1, seed },
    };
    bytes = embedGenerationMetadata(bytes, {
      parameters: {
        prompt: PROMPT,
        negativePrompt: NEGATIVE,
        steps: 30,
        cfgScale: 7,
        seed,
        width: size.width,
        height: size.height,
        model: job.modelId,
        extra: {},
      },
      easel,
    });
  }
  lap('metadata');
  const { stored, thumbnail } =
    how === 'before'
      ? { stored: await lib.store.put(bytes), thumbnail: async () => undefined }
      : await lib.store.putThumbnailLater(bytes);
  lap('put');
  lib.generations.recordGenerationOutcome({
    jobId: job.id,
    status: 'succeeded',
    charge: { kind: 'charge', amountMicroUsd: PRICE_MICRO_USD, priceSource: 'bench' },
    image: {
      sha256: stored.sha256,
      path: stored.path,
      width: stored.width,
      height: stored.height,
      bytes: stored.bytes,
      format: stored.format,
    },
    seed,
    attempts: 1,
  });
  lap('transaction');
  return async () => {
    t = performance.now();
    await thumbnail();
    lap('thumbnail');
  };
}

/** Queues and claims `n` jobs (untimed), as the queue has done before a save starts. */
function claimedJobs(lib: Storage, n: number): Job[] {
  const params = {
    modelId: MODEL_ID,
    prompt: PROMPT,
    negativePrompt: NEGATIVE,
    width: SIZE,
    height: SIZE,
    steps: 30,
    cfgScale: 7,
  };
  const { jobs } = lib.generations.queue(
    Array.from({ length: n }, () => ({ params, region: 'us-east-1', estimateMicroUsd: PRICE_MICRO_USD })),
  );
  return jobs.map((job) => {
    const claimed = lib.generations.claim(job.id);
    if (!claimed) throw new Error(`job ${job.id} could not be claimed`);
    return lib.generations.setRunningStatus(claimed.id, 'waiting', { attempts: 1 });
  });
}

export async function benchSave(iterations: number): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-bench-save-'));
  const lines: string[] = [];
  const lib = openStorage({ dataDir: join(dir, 'data') });
  try {
    const pngs = await Promise.all([1, 2, 3, 4].map((seed) => renderRealisticPng(seed)));
    const base64s = pngs.map((png) => png.toString('base64'));
    const meanMb = pngs.reduce((sum, png) => sum + png.length, 0) / pngs.length / 1e6;
    lines.push(
      `save: ${pngs.length} source PNGs ${SIZE}×${SIZE}, mean ${meanMb.toFixed(2)} MB; data folder in ${dir}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs`,
    );

    const warmup = Math.min(5, iterations);
    const jobs = claimedJobs(lib, 3 * (iterations + warmup));
    let next = 0;
    // The thumbnail that follows a save is made (untimed) before the next run starts.
    let pendingThumbnail: () => Promise<void> = async () => undefined;
    const saveOne = async (times?: StepTimes, how?: 'before'): Promise<void> => {
      await pendingThumbnail();
      const i = next++;
      const job = jobs[i];
      if (!job) throw new Error('ran out of claimed jobs');
      pendingThumbnail = await saveGenerated(lib, job, base64s[i % base64s.length] ?? '', 1000 + i, times, how);
    };
    const untimedThumbnail = async (): Promise<void> => {
      await pendingThumbnail();
      pendingThumbnail = async () => undefined;
    };

    let written = 0;
    const floorRun = async (): Promise<void> => {
      const png = pngs[written % pngs.length];
      if (!png) throw new Error('no png');
      await sharp(png).raw().toBuffer();
      await writeFile(join(dir, `floor-${written++}.png`), png);
    };
    // The floor's file is deleted (untimed) before Easel runs: on ext4 an fsync commits the journal
    // and would otherwise also write out the floor's dirty pages, charging them to Easel.
    const floorThenDelete = async (): Promise<number[]> => {
      const samples = await timeRuns(1, floorRun, 0);
      await rm(join(dir, `floor-${written - 1}.png`));
      return samples;
    };

    // Floor and Easel alternate run by run, so load from other processes hits both alike.
    for (let i = 0; i < warmup; i++) await floorThenDelete();
    await timeRuns(warmup, () => saveOne(), 0);
    const floor: number[] = [];
    const easel: number[] = [];
    const before: number[] = [];
    for (let i = 0; i < iterations; i++) {
      floor.push(...(await floorThenDelete()));
      easel.push(...(await timeRuns(1, () => saveOne(), 0)));
      await untimedThumbnail();
      before.push(...(await timeRuns(1, () => saveOne(undefined, 'before'), 0)));
    }
    const easelSummary = summarize(easel);
    const floorSummary = summarize(floor);
    const beforeSummary = summarize(before);
    lines.push(formatSummary('save: Easel, generated 1024² image', easelSummary));
    lines.push(formatSummary('save: floor (sharp decode + writeFile)', floorSummary));
    lines.push(formatRatio('save: Easel / floor', easelSummary, floorSummary, 1.2));
    lines.push(formatSummary('save: before (thumbnail inside put)', beforeSummary));
    lines.push(formatRatio('save: before / floor', beforeSummary, floorSummary));

    // Where the time goes: the same saves, timed per step (a separate run, so the totals differ a little).
    const steps: Record<Step, number[]> = {
      status: [],
      decode: [],
      metadata: [],
      put: [],
      transaction: [],
      thumbnail: [],
    };
    for (let i = 0; i < iterations; i++) {
      const times: StepTimes = { status: 0, decode: 0, metadata: 0, put: 0, transaction: 0, thumbnail: 0 };
      await saveOne(times);
      await untimedThumbnail();
      for (const step of Object.keys(steps) as Step[]) steps[step].push(times[step]);
    }
    const labels: Record<Step, string> = {
      status: 'status → saving (UPDATE)',
      decode: 'base64 decode',
      metadata: 'metadata chunks (tEXt + iTXt)',
      put: 'store.putThumbnailLater (all of it)',
      transaction: 'outcome transaction',
      thumbnail: 'thumbnail, after the outcome (off the path)',
    };
    for (const step of Object.keys(steps) as Step[])
      lines.push(formatSummary(`save step: ${labels[step]}`, summarize(steps[step])));
    lines.push(...(await putBreakdown(dir, pngs, iterations)));
  } finally {
    lib.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

/** Inside ImageStore.put, each piece on its own with the same sharp calls and file operations. */
async function putBreakdown(dir: string, pngs: readonly Buffer[], iterations: number): Promise<string[]> {
  const { open, rename, mkdir } = await import('node:fs/promises');
  const parts = join(dir, 'parts');
  await mkdir(parts, { recursive: true });
  let i = 0;
  const png = (): Buffer => pngs[i++ % pngs.length] ?? Buffer.alloc(0);
  const header = await timeRuns(iterations, () => sharp(png(), { limitInputPixels: false }).metadata());
  const hash = await timeRuns(iterations, () => sha256Hex(png()));
  const decodeThumb = () =>
    sharp(png(), { failOn: 'truncated', limitInputPixels: 100_000_000 })
      .rotate()
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  const thumbDecode = await timeRuns(iterations, decodeThumb);
  const { data, info } = await decodeThumb();
  const thumbEncode = await timeRuns(iterations, () =>
    sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .webp({ quality: 80, effort: 0 })
      .toBuffer(),
  );
  const durable = await timeRuns(iterations, async () => {
    const temp = join(parts, `${i}.part`);
    const handle = await open(temp, 'wx');
    await handle.writeFile(png());
    await handle.sync();
    await handle.close();
    await rename(temp, join(parts, `${i}.png`));
    const d = await open(parts, 'r');
    await d.sync();
    await d.close();
  });
  return [
    formatSummary('put part: header read (sharp metadata)', summarize(header)),
    formatSummary('put part: SHA-256', summarize(hash)),
    formatSummary('put part: thumbnail decode + resize (full decode)', summarize(thumbDecode)),
    formatSummary('put part: thumbnail WebP encode (overlaps the rename)', summarize(thumbEncode)),
    formatSummary('put part: write, fsync, rename, dir fsync', summarize(durable)),
  ];
}
