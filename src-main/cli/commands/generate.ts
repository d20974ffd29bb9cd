// easel generate "<prompt>" --model ID [...]: one job per image through the facade's queue.
import { resolve } from 'node:path';
import type { GenerationParamsInput } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { int, num, size, str, UsageError, type OptionTable } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { usd } from '../io.ts';
import { copyOut, describeJob, followJobs, type JobResult } from './jobs-run.ts';

const options: OptionTable = {
  model: { type: 'string', short: 'm', value: 'ID', help: 'Bedrock model id (see `easel models`) — required' },
  negative: { type: 'string', short: 'n', value: 'TEXT', help: 'negative prompt' },
  seed: { type: 'string', value: 'N', help: 'fixed seed (default: a random seed per image, recorded)' },
  size: { type: 'string', value: 'WxH', help: 'image size, e.g. 1024x1024 (models that take a size)' },
  aspect: { type: 'string', value: 'R', help: 'aspect ratio, e.g. 16:9 (models that take a ratio)' },
  steps: { type: 'string', value: 'N', help: 'sampling steps' },
  cfg: { type: 'string', value: 'N', help: 'CFG scale (prompt strength)' },
  sampler: { type: 'string', value: 'S', help: 'sampler (SDXL)' },
  style: { type: 'string', value: 'S', help: 'style preset, e.g. photographic' },
  count: { type: 'string', short: 'c', value: 'N', help: 'number of images (default 1)' },
  'init-image': {
    type: 'string',
    value: 'FILE',
    help: 'source image (imported into the library first): image-to-image',
  },
  strength: { type: 'string', value: 'F', help: '0–1: how far the result may move from the source image' },
  out: { type: 'string', short: 'o', value: 'DIR', help: 'also copy the resulting files into DIR' },
  concurrency: { type: 'string', value: 'N', help: 'jobs running at once (default: the setting, 2)' },
};

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate images from a prompt',
  usage:
    'easel generate "<prompt>" --model ID [--negative T] [--seed N] [--size WxH | --aspect R] [--steps N] [--cfg N] [--sampler S] [--style S] [--count N] [--init-image FILE --strength F] [--out DIR]',
  options,
  details: `Examples:
  easel generate "a red fox in snow" --model stability.stable-image-core-v1:1 --aspect 16:9 --count 2
  easel generate "pixel-art sword" -m stability.stable-diffusion-xl-v1 --size 1024x1024 --seed 42 --out ./art --json

--json prints an array, one object per image:
  [{"imageId", "path", "seed", "modelId", "region", "invokeId", "status", "costMicroUsd", "jobId", "outPath"?, "error"?}]
  (region: where the model was called; invokeId: the model id or inference profile sent there)
Exit code 1 when any image did not succeed (failed, filtered, cancelled).`,
  async run(ctx, { values, positionals }) {
    const prompt = positionals.join(' ').trim();
    if (!prompt)
      throw new UsageError('a prompt is required, e.g. easel generate "a red fox in snow" --model ID.', 'generate');
    const modelId = str(values, 'model');
    if (!modelId) throw new UsageError('--model is required (see `easel models`).', 'generate');
    const dims = size(values, 'size');
    const aspect = str(values, 'aspect');
    if (dims && aspect) throw new UsageError('give either --size or --aspect, not both.', 'generate');
    const initImage = str(values, 'init-image');
    const strength = num(values, 'strength', { min: 0, max: 1 });
    if (strength !== undefined && !initImage) throw new UsageError('--strength needs --init-image.', 'generate');
    const params: GenerationParamsInput = {
      modelId,
      prompt,
      ...optional('negativePrompt', str(values, 'negative')),
      ...optional('seed', int(values, 'seed', { max: 4_294_967_295 })),
      ...(dims ?? {}),
      ...optional('aspectRatio', aspect),
      ...optional('steps', int(values, 'steps', { min: 1 })),
      ...optional('cfgScale', num(values, 'cfg', { min: 0 })),
      ...optional('sampler', str(values, 'sampler')),
      ...optional('stylePreset', str(values, 'style')),
      count: int(values, 'count', { min: 1, max: 100 }) ?? 1,
      ...optional('strength', strength),
    };
    const concurrency = int(values, 'concurrency', { min: 1, max: 16 });
    const outDir = str(values, 'out');
    const studio = await ctx.openStudio({ resumeQueued: true, ...(concurrency === undefined ? {} : { concurrency }) });

    if (initImage) {
      const [imported] = await studio.importFiles([resolve(ctx.io.cwd, initImage)]);
      if (!imported || imported.status !== 'imported' || !imported.imageId) {
        throw new EaselError(
          imported?.error?.code ?? 'bad-image',
          `--init-image: ${imported?.error?.message ?? 'the file could not be imported.'}`,
        );
      }
      params.initImageId = imported.imageId;
      params.task = 'image-to-image';
    }

    const retired = await retirementNote(modelId);
    if (retired) ctx.out.warn(retired);

    const { jobs, warnings } = await studio.generate(params, {
      ...optional('profile', ctx.profile),
      ...optional('region', ctx.region),
    });
    for (const w of warnings) ctx.out.warn(w.message);
    const estimate = jobs.reduce((sum, j) => sum + j.estimateMicroUsd, 0);
    ctx.out.log(`Queued ${jobs.length} image(s) on ${modelId}, estimated ${usd(estimate)}.`);

    const { jobs: final, state } = await followJobs(
      ctx,
      studio,
      jobs.map((j) => j.id),
      'Generating',
      (job) => {
        if (!ctx.out.json && job.status !== 'succeeded') ctx.out.log(`${job.status}: ${job.errorMessage ?? ''}`);
      },
    );
    const results: (JobResult & { outPath?: string })[] = [];
    for (const [index, queued] of jobs.entries()) {
      const job = final.get(queued.id) ?? studio.getJob(queued.id);
      const result: JobResult & { outPath?: string } = describeJob(studio, job);
      if (outDir && result.path)
        result.outPath = await copyOut(
          result.path,
          resolve(ctx.io.cwd, outDir),
          `easel-${job.id}-${job.seed ?? index}`,
        );
      results.push(result);
    }
    if (ctx.out.json) ctx.out.result(results.map(({ jobId, ...rest }) => ({ ...rest, jobId })));
    else {
      for (const r of results) {
        ctx.out.print(
          r.status === 'succeeded'
            ? `${r.outPath ?? r.path}  seed ${r.seed}  ${usd(r.costMicroUsd)}`
            : `${r.status}: ${r.error?.message ?? ''}`,
        );
      }
      const cost = results.reduce((s, r) => s + r.costMicroUsd, 0);
      ctx.out.print(
        `${results.filter((r) => r.status === 'succeeded').length}/${results.length} image(s), cost ${usd(cost)}.`,
      );
    }
    if (state.interrupted > 0) return EXIT.interrupted;
    return results.every((r) => r.status === 'succeeded') ? EXIT.ok : EXIT.failure;
  },
};

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * A model past its end of life on Bedrock still works where an account or the emulator serves it,
 * so Easel sends it anyway, but says up front that AWS will most likely refuse it and what to use.
 */
export async function retirementNote(modelId: string): Promise<string | null> {
  const { findModel } = await import('../../../src-shared/models/index.ts');
  const spec = findModel(modelId);
  if (!spec || spec.lifecycle.status !== 'end-of-life') return null;
  const since = spec.lifecycle.since === undefined ? '' : ` on ${spec.lifecycle.since}`;
  const replacement = spec.lifecycle.replacementId === undefined ? undefined : findModel(spec.lifecycle.replacementId);
  const instead = replacement ? ` Use ${replacement.label} (${replacement.id}) instead.` : '';
  return `${spec.label} reached its end of life on Bedrock${since}; AWS will most likely refuse it.${instead}`;
}
