// easel batch MANIFEST: the game-developer case. Every asset variant becomes one job keyed by
// (batch, asset, variant, request hash) in the job's batch key, so running the same manifest
// again skips what is done, waits for what an earlier run left queued, and redoes what failed.
// Two runs at once: queueing claims each item in the database, so the second run follows the
// first's job for an item instead of paying for it again.
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Job } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { Studio } from '../../core/studio/index.ts';
import { flag, int, str, UsageError } from '../args.ts';
import { EXIT, type Command, type CommandContext } from '../context.ts';
import { usd } from '../io.ts';
import type { BatchItem } from '../manifest.ts';
import { copyOut, describeJob, followJobs } from './jobs-run.ts';
import { optional } from './generate.ts';

type ItemStatus = 'done' | 'skipped' | 'failed' | 'filtered' | 'cancelled' | 'interrupted' | 'not-run';

interface ItemReport {
  asset: string;
  variant: number;
  key: string;
  status: ItemStatus;
  jobId: string | null;
  imageId: string | null;
  path: string | null;
  seed: number | null;
  costMicroUsd: number;
  outPath?: string;
  error?: { code: string; message: string };
}

const EXAMPLE = `name: forest-tiles            # optional; default: the file name
defaults:                      # optional
  model: stability.stable-image-core-v1:1
  variants: 2
  params: { aspectRatio: "1:1" }
  tags: [forest]
assets:
  - key: oak-tree              # names the files; letters, digits, - _ .
    prompt: a lone oak tree, isometric game asset, white background
    negative: blurry
    variants: 4                # seed + i per variant when a seed is given
    seed: 100
  - key: mossy-rock
    prompt: a mossy rock, isometric game asset
    model: stability.stable-diffusion-xl-v1
    params: { width: 1024, height: 1024, steps: 30, cfgScale: 7 }`;

export const batchCommand: Command = {
  name: 'batch',
  summary: 'Generate every asset of a YAML/JSON manifest; resumable (done work is skipped)',
  usage: 'easel batch MANIFEST [--out DIR] [--concurrency N] [--dry-run] [--json]',
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'DIR',
      help: 'also copy the images to DIR as <asset>_<n>.<ext> (also those done earlier)',
    },
    concurrency: { type: 'string', value: 'N', help: 'jobs running at once (default: the setting, 2)' },
    'dry-run': { type: 'boolean', help: 'validate the manifest and show what would run and its estimated cost' },
  },
  details: `Manifest (YAML or JSON; a bare list of assets works too):
${EXAMPLE}

Params: negativePrompt, width, height, aspectRatio, steps, cfgScale, sampler, stylePreset, quality,
outputFormat, extra. Changing an asset's prompt or params makes it new work; unchanged, done variants
are skipped. Ctrl-C: queued jobs are cancelled (no charge), running ones finish; twice: they are aborted.

--json prints {"batch", "manifest", "total", "done", "skipped", "failed", "cancelled", "notRun", "costMicroUsd",
  "uncertainMicroUsd", "interrupted": [{"jobId", "asset", "variant"}], "items": [{"asset", "variant", "key",
  "status": "done"|"skipped"|"failed"|"filtered"|"cancelled"|"interrupted"|"not-run", "jobId", "imageId", "path",
  "seed", "costMicroUsd", "outPath"?, "error"?}]}
Exit code 0 when every variant is done (now or earlier), 1 otherwise, 2 for a bad manifest, 130 after Ctrl-C.`,
  async run(ctx, { values, positionals }) {
    const [file, extra] = positionals;
    if (!file || extra !== undefined) throw new UsageError('give exactly one manifest file.', 'batch');
    const manifestPath = resolve(ctx.io.cwd, file);
    const manifest = await readManifest(file, manifestPath);
    const concurrency = int(values, 'concurrency', { min: 1, max: 16 });
    const outDir = str(values, 'out');
    const dryRun = flag(values, 'dry-run');
    const studio = await ctx.openStudio({
      resumeQueued: !dryRun,
      ...(concurrency === undefined ? {} : { concurrency }),
    });
    return runBatch(ctx, studio, manifest, {
      manifestPath,
      dryRun,
      ...optional('outDir', outDir === undefined ? undefined : resolve(ctx.io.cwd, outDir)),
    });
  },
};

/** The manifest's items; its text is not kept (a helper's frame, gone once it returns). */
async function readManifest(file: string, manifestPath: string): Promise<{ name: string; items: BatchItem[] }> {
  const text = await readFile(manifestPath, 'utf8').catch((cause: unknown) => {
    throw new EaselError(
      'not-found',
      `The manifest ${file} cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`,
      { cause },
    );
  });
  const { loadManifest, ManifestError } = await import('../manifest.ts');
  try {
    return loadManifest(text, basename(manifestPath, extname(manifestPath)));
  } catch (error) {
    if (error instanceof ManifestError)
      throw new UsageError(
        `the manifest ${file} is not valid:\n${error.message
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`,
        'batch',
      );
    throw error;
  }
}

async function runBatch(
  ctx: CommandContext,
  studio: Studio,
  manifest: { name: string; items: BatchItem[] },
  options: { manifestPath: string; outDir?: string; dryRun: boolean },
): Promise<number> {
  const { out } = ctx;
  const keys = new Map(manifest.items.map((item) => [item.batchKey, item]));
  // Jobs an earlier run of this batch left: interrupted (possibly billed) are reported.
  const interrupted: { jobId: string; asset: string; variant: number }[] = [];
  const reports = new Map<BatchItem, ItemReport>();
  const pending = new Map<string, BatchItem>(); // job id → item, followed in this run
  const toSubmit: BatchItem[] = [];
  // Earlier jobs of this batch, in one pass over the batch-key index (not a query per item:
  // 50,000 of those grew a dry run by ~25 MB).
  const earlierJobs = jobsOfBatch(studio, manifest.name);
  for (const item of manifest.items) {
    const earlier = earlierJobs.get(item.batchKey) ?? [];
    for (const job of earlier)
      if (job.status === 'interrupted') interrupted.push({ jobId: job.id, asset: item.asset, variant: item.variant });
    const done = earlier.find((j) => j.status === 'succeeded' && j.imageId);
    const active = earlier.find((j) => ['queued', 'sending', 'waiting', 'saving'].includes(j.status));
    const filtered = earlier.find((j) => j.status === 'filtered');
    if (done) reports.set(item, { ...itemReport(studio, item, done), status: 'skipped', costMicroUsd: 0 });
    else if (active) pending.set(active.id, item);
    else if (filtered && item.request.params.seed !== undefined) {
      // A fixed seed would be filtered (and charged) again: change the prompt or seed to retry.
      reports.set(item, { ...itemReport(studio, item, filtered), status: 'filtered', costMicroUsd: 0 });
    } else toSubmit.push(item);
  }
  for (const job of studio.interruptedAtStart) {
    const item = job.batchKey ? keys.get(job.batchKey) : undefined;
    if (item && !interrupted.some((i) => i.jobId === job.id))
      interrupted.push({ jobId: job.id, asset: item.asset, variant: item.variant });
  }
  const skipped = [...reports.values()].filter((r) => r.status === 'skipped').length;
  out.log(
    `Batch "${manifest.name}": ${manifest.items.length} image(s); ${skipped} already done, ${pending.size} resumed from an earlier run, ${toSubmit.length} to generate.`,
  );
  if (interrupted.length) {
    out.log(
      `${interrupted.length} job(s) of this batch were interrupted by an earlier run (${interrupted.map((i) => `${i.asset}#${i.variant + 1}`).join(', ')}); they are generated again. Their spend may have been billed: see 'easel spend'.`,
    );
  }

  if (options.dryRun) {
    // Streamed: 50,000 items are written as they are described, not held as one tree and one string.
    if (out.json)
      out.resultWithList(
        {
          batch: manifest.name,
          manifest: options.manifestPath,
          total: manifest.items.length,
          toGenerate: toSubmit.length,
          resumed: pending.size,
          skipped,
          interrupted,
        },
        'items',
        (function* () {
          for (const item of manifest.items) yield reports.get(item) ?? notRun(item);
        })(),
      );
    else out.print(`Dry run: ${toSubmit.length} image(s) would be generated.`);
    return EXIT.ok;
  }

  // Submit one by one: a hard budget may refuse part of the batch; what fits still runs.
  let refused: EaselError | null = null;
  let stopped = false;
  ctx.onInterrupt(() => {
    stopped = true;
  });
  for (const item of toSubmit) {
    if (refused || stopped) break;
    try {
      const { jobs, warnings, held } = await studio.generate(item.request, {
        batchKey: item.batchKey,
        ...optional('profile', ctx.profile),
        ...optional('region', ctx.region),
      });
      for (const w of warnings) out.warn(w.message);
      for (const job of jobs) pending.set(job.id, item);
      // Another run of this batch took the item meanwhile: follow its job instead of paying again.
      for (const job of held) {
        if (job.status === 'succeeded')
          reports.set(item, { ...itemReport(studio, item, job), status: 'skipped', costMicroUsd: 0 });
        else pending.set(job.id, item);
      }
    } catch (error) {
      // A budget, or a disk that cannot hold more (once some of the batch is queued), stops the
      // queueing; what was queued still runs. A disk refusal before anything is queued is the error.
      if (error instanceof EaselError && error.code === 'budget-exceeded') refused = error;
      else if (error instanceof EaselError && error.code === 'io' && pending.size > 0) refused = error;
      else throw error;
    }
  }
  if (refused) out.warn(`${refused.message} The rest of the batch was not queued.`);

  const { jobs: final, state } = await followJobs(ctx, studio, [...pending.keys()], 'Batch', (job) => {
    const item = pending.get(job.id);
    if (item && !out.json && job.status !== 'succeeded')
      out.log(`${item.asset}#${item.variant + 1}: ${job.status}${job.errorMessage ? ` (${job.errorMessage})` : ''}`);
  });
  if (stopped && state.interrupted === 0) state.interrupted = 1;

  for (const [jobId, item] of pending) {
    const job = final.get(jobId) ?? studio.getJob(jobId);
    const status: ItemStatus =
      job.status === 'succeeded'
        ? 'done'
        : job.status === 'filtered' || job.status === 'cancelled' || job.status === 'interrupted'
          ? job.status
          : 'failed';
    reports.set(item, { ...itemReport(studio, item, job), status });
    if (job.status === 'succeeded' && job.imageId && item.tags.length) studio.addTags([job.imageId], item.tags);
  }
  const items: ItemReport[] = manifest.items.map((item) => reports.get(item) ?? notRun(item));
  if (options.outDir) {
    for (const r of items)
      if (r.path && (r.status === 'done' || r.status === 'skipped'))
        r.outPath = await copyOut(r.path, options.outDir, `${r.asset}_${r.variant + 1}`);
  }
  const count = (s: ItemStatus): number => items.filter((r) => r.status === s).length;
  const summary = {
    batch: manifest.name,
    manifest: options.manifestPath,
    total: items.length,
    done: count('done'),
    skipped: count('skipped'),
    failed: count('failed') + count('filtered') + count('interrupted'),
    /** Stopped with Ctrl-C before they were sent (no charge): not failures. */
    cancelled: count('cancelled'),
    notRun: count('not-run'),
    costMicroUsd: items.reduce((sum, r) => sum + r.costMicroUsd, 0),
    uncertainMicroUsd: studio.spendSummary().uncertainMicroUsd,
    interrupted,
    items,
  };
  if (out.json) {
    const { items: list, ...head } = summary;
    out.resultWithList(head, 'items', list);
  } else {
    out.print(
      `Batch "${summary.batch}": ${summary.done} done, ${summary.skipped} skipped (done earlier), ${summary.failed} failed, ${summary.cancelled} cancelled, ${summary.notRun} not run; cost ${usd(summary.costMicroUsd)}.`,
    );
    if (summary.uncertainMicroUsd)
      out.print(`Uncertain spend in the library: ${usd(summary.uncertainMicroUsd)} (see 'easel spend').`);
    if (options.outDir) out.print(`Files copied to ${options.outDir}.`);
  }
  if (state.interrupted > 0) return EXIT.interrupted;
  return summary.done + summary.skipped === summary.total ? EXIT.ok : EXIT.failure;
}

/** Every job of the batch by batch key, newest first (as listJobs answers). */
function jobsOfBatch(studio: Studio, batch: string): Map<string, Job[]> {
  const byKey = new Map<string, Job[]>();
  let before: string | undefined;
  for (;;) {
    const page = studio.listJobs({ batchKeyPrefix: `${batch}/`, limit: 10_000, ...optional('before', before) });
    for (const job of page) {
      if (job.batchKey === null) continue;
      const list = byKey.get(job.batchKey);
      if (list) list.push(job);
      else byKey.set(job.batchKey, [job]);
    }
    if (page.length < 10_000) return byKey;
    before = page[page.length - 1]?.id;
  }
}

function notRun(item: BatchItem): ItemReport {
  return {
    asset: item.asset,
    variant: item.variant,
    key: item.batchKey,
    status: 'not-run',
    jobId: null,
    imageId: null,
    path: null,
    seed: null,
    costMicroUsd: 0,
  };
}

function itemReport(studio: Studio, item: BatchItem, job: Job): ItemReport {
  const d = describeJob(studio, job);
  return {
    asset: item.asset,
    variant: item.variant,
    key: item.batchKey,
    status: 'done',
    jobId: job.id,
    imageId: d.imageId,
    path: d.path,
    seed: d.seed,
    costMicroUsd: d.costMicroUsd,
    ...(d.error ? { error: d.error } : {}),
  };
}
