// Issue 3 benchmark, section `save`: Easel's own work per generated 1024² image, against the floor
// (sharp decode of the same PNG + a plain writeFile of the same bytes).
//
// There is no exported "save a generated image" function: a job's run does it in steps
// (JobRunner#run, #spoolAnswer, #finish, #save and #settle in src-main/core/jobs/job-run.ts;
// receiveAhead and withGenerationMetadata in run-steps.ts), so `saveGenerated` below composes the
// same calls in the same order, from the answer body (as the invoker returns it) to the recorded
// outcome: read the answer (shape, base64 check, base64 decode) and start the whole-image check
// decode (receiveAhead → decodeAhead), status → saving, the metadata splice (A1111 tEXt + easel
// iTXt), ImageStore.putThumbnailLater (temp write + fsync at once, header read, SHA-256; rename +
// dir fsync once the decode succeeded), GenerationsRepo.recordGenerationOutcome (image row + job +
// release + charge, one transaction). The headline figure is that save alone, as issue 16 measured
// it; "spool included" adds the answer's spool (JSON + durable write), which the run does after
// the check decode has started and before the status update. The 256 px WebP thumbnail follows
// after the clock stops (the job makes it once the outcome is recorded and announced) and is timed
// on its own. `before` is the same run as main did it before this round: spool, status, the
// answer read (firstImage), the base64 decode, the splice, then the store as it was (reproduced in
// save-before.ts: decode started at the header read, then hash, look, write), over the same
// repositories. Jobs are queued and claimed before the clock starts (the
// queue's work, not the save's). Each iteration saves a new image: the seed in the metadata
// differs, so do the bytes.
import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Job } from '../../src-shared/domain.ts';
import {
  openStorage,
  ResponseSpool,
  sha256Hex,
  type Storage,
  type StoredImage,
} from '../../src-main/core/storage/index.ts';
import { firstImage, receiveAhead, withGenerationMetadata } from '../../src-main/core/jobs/run-steps.ts';
import { mulberry32 } from './library-synth.ts';
import { putThumbnailLaterBefore } from './save-before.ts';
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

type Step = 'answer' | 'spool' | 'status' | 'metadata' | 'put' | 'transaction' | 'thumbnail';
type StepTimes = Record<Step, number>;
type Answer = { artifacts: { base64: string; seed: number; finishReason: string }[] };
export type SaveHow = 'after' | 'before';

/** The native request body as the job stores it (SDXL). */
function requestOf(seed: number): Record<string, unknown> {
  const text_prompts = [
    { text: PROMPT, weight: 1 },
    { text: NEGATIVE, weight: -1 },
  ];
  return { text_prompts, seed, cfg_scale: 7, steps: 30, width: SIZE, height: SIZE };
}

/**
 * A job's run from its answer to the recorded outcome, with the same calls in the same order:
 * with `spool`, the answer is spooled first as the run does (JobRunner#spoolAnswer), without it
 * the figure is the save alone. `times` (optional) receives ms per step.
 */
export async function saveGenerated(
  lib: Storage,
  job: Job,
  answer: Answer,
  seed: number,
  options: { how?: SaveHow; spool?: ResponseSpool; times?: StepTimes } = {},
): Promise<() => Promise<void>> {
  const { how = 'after', spool, times } = options;
  let t = performance.now();
  const lap = (step: Step): void => {
    const now = performance.now();
    if (times) times[step] = now - t;
    t = now;
  };
  const request = requestOf(seed);
  const spooled = async (): Promise<void> => {
    if (!spool) return;
    const record = { version: 1, jobId: job.id, seed, attempts: 1, request, body: answer };
    await spool.write(job.id, JSON.stringify(record));
    lap('spool');
  };
  let stored: StoredImage;
  let thumbnail = async (): Promise<void> => undefined;
  if (how === 'after') {
    const received = receiveAhead(job.modelId, answer);
    if (!received) throw new Error('the answer has no good image');
    lap('answer');
    await spooled();
    lib.generations.setRunningStatus(job.id, 'saving');
    lap('status');
    const bytes = withGenerationMetadata(received.bytes, job, request, seed);
    lap('metadata');
    ({ stored, thumbnail } = await lib.store.putThumbnailLater(bytes, received.pixels));
  } else {
    await spooled();
    lib.generations.setRunningStatus(job.id, 'saving');
    lap('status');
    const received = Buffer.from(firstImage(job.modelId, answer).base64, 'base64');
    lap('answer');
    const bytes = withGenerationMetadata(received, job, request, seed);
    lap('metadata');
    stored = await putThumbnailLaterBefore(lib.store, bytes);
    thumbnail = async () => void (await lib.store.thumbnail(stored.sha256));
  }
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
  // The run removes the spooled answer once the outcome is committed (untimed here: the image is recorded).
  if (spool) spool.remove(job.id);
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
    const answers: Answer[] = pngs.map((png, i) => ({
      artifacts: [{ base64: png.toString('base64'), seed: i, finishReason: 'SUCCESS' }],
    }));
    const meanMb = pngs.reduce((sum, png) => sum + png.length, 0) / pngs.length / 1e6;
    lines.push(
      `save: ${pngs.length} source PNGs ${SIZE}×${SIZE}, mean ${meanMb.toFixed(2)} MB; data folder in ${dir}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs`,
    );

    const warmup = Math.min(5, iterations);
    const jobs = claimedJobs(lib, 6 * (iterations + warmup));
    let next = 0;
    // The thumbnail that follows a save is made (untimed) before the next run starts.
    let pendingThumbnail: () => Promise<void> = async () => undefined;
    const spool = new ResponseSpool(lib.store);
    const saveOne = async (how: SaveHow, withSpool: boolean, times?: StepTimes): Promise<void> => {
      await pendingThumbnail();
      const i = next++;
      const job = jobs[i];
      const answer = answers[i % answers.length];
      if (!job || !answer) throw new Error('ran out of claimed jobs');
      pendingThumbnail = await saveGenerated(lib, job, answer, 1000 + i, {
        how,
        times,
        ...(withSpool ? { spool } : {}),
      });
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

    // The durability rules' own cost, for the figure's reason: the same decode with the write
    // every crash-safe save makes (temp file written and fsynced while the decode runs; renamed
    // in and its folder fsynced once the decode succeeded), and nothing of Easel's.
    const durableFolder = join(dir, 'durable');
    await mkdir(join(durableFolder, 'tmp'), { recursive: true });
    const durableFloor = async (): Promise<number[]> => {
      const png = pngs[written % pngs.length];
      if (!png) throw new Error('no png');
      const name = `durable-${written++}.png`;
      const temp = join(durableFolder, 'tmp', name);
      const samples = await timeRuns(
        1,
        async () => {
          const decoded = sharp(png).raw().toBuffer();
          const handle = await open(temp, 'wx');
          await handle.writeFile(png);
          await handle.sync();
          await handle.close();
          await decoded;
          await rename(temp, join(durableFolder, name));
          const folder = await open(durableFolder, 'r');
          await folder.sync();
          await folder.close();
        },
        0,
      );
      await rm(join(durableFolder, name));
      return samples;
    };

    // The floor and the four saves (after/before, without/with the spool) alternate run by run,
    // the saves in a rotating order, so load from other processes hits all alike.
    const variants = [
      { how: 'after', spool: false, samples: [] as number[] },
      { how: 'before', spool: false, samples: [] as number[] },
      { how: 'after', spool: true, samples: [] as number[] },
      { how: 'before', spool: true, samples: [] as number[] },
    ] as const;
    for (let i = 0; i < warmup; i++) await floorThenDelete();
    for (const variant of variants) await timeRuns(warmup, () => saveOne(variant.how, variant.spool), 0);
    await untimedThumbnail();
    for (let i = 0; i < warmup; i++) await durableFloor();
    const floor: number[] = [];
    const durable: number[] = [];
    for (let i = 0; i < iterations; i++) {
      floor.push(...(await floorThenDelete()));
      durable.push(...(await durableFloor()));
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(i + k) % variants.length];
        if (!variant) continue;
        variant.samples.push(...(await timeRuns(1, () => saveOne(variant.how, variant.spool), 0)));
        await untimedThumbnail();
      }
    }
    const [after, before, afterSpooled, beforeSpooled] = variants.map((v) => summarize(v.samples));
    if (!after || !before || !afterSpooled || !beforeSpooled) throw new Error('no samples');
    const floorSummary = summarize(floor);
    lines.push(formatSummary('save: Easel, generated 1024² image', after));
    lines.push(formatSummary('save: floor (sharp decode + writeFile)', floorSummary));
    lines.push(formatRatio('save: Easel / floor', after, floorSummary, 1.2));
    const durableSummary = summarize(durable);
    lines.push(formatSummary('save: durable floor (decode ∥ write + fsync; rename, dir fsync)', durableSummary));
    lines.push(formatRatio('save: durable floor / floor (the durability rules)', durableSummary, floorSummary));
    lines.push(formatRatio('save: Easel / durable floor (Easel beyond them)', after, durableSummary));
    lines.push(formatSummary('save: before (main before this round)', before));
    lines.push(formatRatio('save: before / floor', before, floorSummary));
    lines.push(formatRatio('save: before / Easel', before, after));
    lines.push(formatSummary('answer → recorded, spool included: Easel', afterSpooled));
    lines.push(formatRatio('answer → recorded, spool included: Easel / floor', afterSpooled, floorSummary));
    lines.push(formatSummary('answer → recorded, spool included: before', beforeSpooled));
    lines.push(formatRatio('answer → recorded, spool included: before / Easel', beforeSpooled, afterSpooled));

    // Where the time goes: the run with its spool, timed per step (a separate run, so the totals
    // differ a little). After: the answer is read and its check decode started before the spool.
    const labels: Record<Step, string> = {
      answer: 'answer read (shape, base64 check, base64 decode)',
      spool: 'answer spooled (JSON, durable write)',
      status: 'status → saving (UPDATE)',
      metadata: 'metadata chunks (tEXt + iTXt)',
      put: 'store.putThumbnailLater (all of it)',
      transaction: 'outcome transaction',
      thumbnail: 'thumbnail, after the outcome (off the path)',
    };
    const stepNames = Object.keys(labels) as Step[];
    for (const how of ['after', 'before'] as const) {
      const steps = Object.fromEntries(stepNames.map((step) => [step, [] as number[]])) as Record<Step, number[]>;
      for (let i = 0; i < iterations; i++) {
        const times = Object.fromEntries(stepNames.map((step) => [step, 0])) as StepTimes;
        await saveOne(how, true, times);
        await untimedThumbnail();
        for (const step of stepNames) steps[step].push(times[step]);
      }
      for (const step of stepNames)
        lines.push(
          formatSummary(`save step${how === 'before' ? ' (before)' : ''}: ${labels[step]}`, summarize(steps[step])),
        );
    }
    lines.push(...(await putBreakdown(dir, pngs, iterations)));
  } finally {
    lib.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

/** Inside ImageStore.put, each piece on its own with the same sharp calls and file operations. */
async function putBreakdown(dir: string, pngs: readonly Buffer[], iterations: number): Promise<string[]> {
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
