// easel generate "<prompt>" --model ID [...]: one job per image through the facade's queue; with an
// Image Service's id, an edit of --init-image with the service's own fields (service-options.ts).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GenerationParamsInput } from '../../../src-shared/domain.ts';
import { EaselError, isEaselError } from '../../../src-shared/errors.ts';
import type { Studio } from '../../core/studio/index.ts';
import { int, num, size, str, UsageError, type OptionTable, type Values } from '../args.ts';
import { EXIT, type Command, type CommandContext } from '../context.ts';
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
    help: 'source image (imported into the library first): image-to-image, or the image an Image Service edits',
  },
  strength: { type: 'string', value: 'F', help: '0–1: how far the result may move from the source image' },
  mask: {
    type: 'string',
    value: 'FILE',
    help: "Image Services: a PNG of the source's size, white where it changes (inpaint, erase object)",
  },
  'style-image': { type: 'string', value: 'FILE', help: 'Stable Style Transfer: the image whose style is applied' },
  option: {
    type: 'string',
    multiple: true,
    value: 'KEY=VALUE',
    help: "Image Services: one of the service's fields, e.g. grow_mask=5 (repeat it; see below)",
  },
  out: { type: 'string', short: 'o', value: 'DIR', help: 'also copy the resulting files into DIR' },
  concurrency: { type: 'string', value: 'N', help: 'jobs running at once (default: the setting, 2)' },
};

/** The files a request uses, as given on the command line. */
interface RequestFiles {
  initImage: string | undefined;
  mask: string | undefined;
  styleImage: string | undefined;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate images from a prompt, or edit one with a Stability Image Service',
  usage:
    'easel generate "<prompt>" --model ID [--negative T] [--seed N] [--size WxH | --aspect R] [--steps N] [--cfg N] [--sampler S] [--style S] [--count N] [--init-image FILE [--strength F | --mask FILE | --style-image FILE | --option KEY=VALUE ...]] [--out DIR]',
  options,
  details: `Examples:
  easel generate "a red fox in snow" --model stability.stable-image-core-v1:1 --aspect 16:9 --count 2
  easel generate "pixel-art sword" -m stability.stable-diffusion-xl-v1 --size 1024x1024 --seed 42 --out ./art --json
  easel generate "a golden retriever" -m stability.stable-image-search-replace-v1:0 --init-image cat.png --option search_prompt=cat
  easel generate -m stability.stable-image-erase-object-v1:0 --init-image room.png --mask lamp-mask.png --option grow_mask=8
  easel generate -m stability.stable-style-transfer-v1:0 --init-image photo.png --style-image painting.png --option style_strength=0.8

--json prints an array, one object per image:
  [{"imageId", "path", "seed", "modelId", "region", "invokeId", "status", "costMicroUsd", "jobId", "outPath"?, "error"?}]
  (region: where the model was called; invokeId: the model id or inference profile sent there)
Exit code 1 when any image did not succeed (failed, filtered, cancelled); 2 for a usage error (nothing sent).`,
  // The catalog loads only for this help and for a service's request: every other start stays light.
  async moreHelp() {
    const { serviceChoicesHelp, serviceOptionsHelp } = await import('../service-options.ts');
    return `Image Services (stability.stable-…-v1:0, or its us. profile) edit --init-image; each --option is one of
the service's Bedrock fields, checked against its limits before anything is sent:
${serviceOptionsHelp()}
${serviceChoicesHelp()}
  The prompt, --negative and --seed work as for any model; a service without a prompt takes none.`;
  },
  async run(ctx, { values, positionals }) {
    const { params, files } = await readRequest(values, positionals);
    const concurrency = int(values, 'concurrency', { min: 1, max: 16 });
    const outDir = str(values, 'out');
    const studio = await ctx.openStudio({ resumeQueued: true, ...(concurrency === undefined ? {} : { concurrency }) });
    await attachImages(ctx, studio, params, files);

    const retired = await retirementNote(params.modelId);
    if (retired) ctx.out.warn(retired);

    const { jobs, warnings } = await studio.generate(params, {
      ...optional('profile', ctx.profile),
      ...optional('region', ctx.region),
    });
    for (const w of warnings) ctx.out.warn(w.message);
    const estimate = jobs.reduce((sum, j) => sum + j.estimateMicroUsd, 0);
    ctx.out.log(`Queued ${jobs.length} image(s) on ${params.modelId}, estimated ${usd(estimate)}.`);

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
    printResults(ctx, results);
    if (state.interrupted > 0) return EXIT.interrupted;
    return results.every((r) => r.status === 'succeeded') ? EXIT.ok : EXIT.failure;
  },
};

/** The request the command line describes, every usage error found before the studio opens. */
async function readRequest(
  values: Values,
  positionals: readonly string[],
): Promise<{ params: GenerationParamsInput; files: RequestFiles }> {
  const prompt = positionals.join(' ').trim();
  const modelId = str(values, 'model');
  if (!modelId) throw new UsageError('--model is required (see `easel models`).', 'generate');
  const files: RequestFiles = {
    initImage: str(values, 'init-image'),
    mask: str(values, 'mask'),
    styleImage: str(values, 'style-image'),
  };
  const { checkServiceInputs, readServiceOptions, serviceTarget } = await import('../service-options.ts');
  const target = serviceTarget(modelId);
  const optionList = strList(values, 'option');
  if (!target && (optionList.length > 0 || files.mask || files.styleImage))
    throw new UsageError(
      '--option, --mask and --style-image are for the Stability Image Services (see `easel models`).',
      'generate',
    );
  if (!target && !prompt)
    throw new UsageError('a prompt is required, e.g. easel generate "a red fox in snow" --model ID.', 'generate');
  const fields = target ? readServiceOptions(target, optionList) : {};
  if (target) checkServiceInputs(target, { prompt, ...files, fields });
  const dims = size(values, 'size');
  const aspect = str(values, 'aspect');
  if (dims && aspect) throw new UsageError('give either --size or --aspect, not both.', 'generate');
  if (aspect && fields.aspectRatio)
    throw new UsageError('give either --aspect or --option aspect_ratio, not both.', 'generate');
  if (str(values, 'style') && fields.stylePreset)
    throw new UsageError('give either --style or --option style_preset, not both.', 'generate');
  const strength = num(values, 'strength', { min: 0, max: 1 });
  if (strength !== undefined && !files.initImage) throw new UsageError('--strength needs --init-image.', 'generate');
  const params: GenerationParamsInput = {
    modelId,
    prompt,
    ...(target ? { task: target.service.task } : files.initImage ? { task: 'image-to-image' } : {}),
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
    ...fields,
  };
  return { params, files };
}

/** Every value of a repeatable option, as given (a value may hold commas). */
function strList(values: Values, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * Imports the source and style images into the library and stores the mask (checked by the facade:
 * a PNG of the source's size), setting their ids on the request. Nothing is sent to Bedrock here.
 */
async function attachImages(
  ctx: CommandContext,
  studio: Studio,
  params: GenerationParamsInput,
  files: RequestFiles,
): Promise<void> {
  if (files.initImage) params.initImageId = await importOne(ctx, studio, files.initImage, '--init-image');
  if (files.styleImage) params.styleImageId = await importOne(ctx, studio, files.styleImage, '--style-image');
  if (files.mask && params.initImageId) {
    const source = studio.getImage(params.initImageId);
    const bytes = await readFile(resolve(ctx.io.cwd, files.mask)).catch((cause: unknown) => {
      throw new EaselError('not-found', `--mask: cannot read ${files.mask}.`, { cause });
    });
    const mask = await studio
      .createMask({
        sourceImageId: source.id,
        pngBase64: bytes.toString('base64'),
        width: source.width,
        height: source.height,
      })
      .catch((error: unknown) => {
        if (!isEaselError(error)) throw error;
        throw new EaselError(error.code, `--mask: ${error.message}`, { cause: error });
      });
    params.maskImageId = mask.imageId;
  }
}

async function importOne(ctx: CommandContext, studio: Studio, file: string, flag: string): Promise<string> {
  const [imported] = await studio.importFiles([resolve(ctx.io.cwd, file)]);
  if (!imported || imported.status !== 'imported' || !imported.imageId) {
    throw new EaselError(
      imported?.error?.code ?? 'bad-image',
      `${flag}: ${imported?.error?.message ?? 'the file could not be imported.'}`,
    );
  }
  return imported.imageId;
}

function printResults(ctx: CommandContext, results: readonly (JobResult & { outPath?: string })[]): void {
  if (ctx.out.json) {
    ctx.out.result(results.map(({ jobId, ...rest }) => ({ ...rest, jobId })));
    return;
  }
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
