// Family stability-v2: SD3.5 Large, Stable Image Core, Stable Image Ultra (prompt + aspect_ratio).
// The response shape `{seeds, finish_reasons, images}` is shared with the Image Services.
import { z } from 'zod';
import type { GenerationParams } from '../domain.ts';
import {
  checkChoice,
  checkImageBase64,
  checkInitImage,
  checkNegative,
  checkPrompt,
  checkRange,
  checkSeed,
  checkSeedForBuild,
  checkTask,
  isValidAspectRatio,
  malformed,
  nearestAspectRatio,
  requireImage,
  throwIfIssues,
} from './common.ts';
import type {
  BuildContext,
  FamilyModule,
  FieldIssue,
  ImageSize,
  ModelLimits,
  ModelSpec,
  ParsedImage,
  ParsedResult,
} from './types.ts';

export const STABILITY_ASPECT_RATIOS = ['16:9', '1:1', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'] as const;
export const STABILITY_OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export const STABILITY_SEED_MAX = 4_294_967_294;

const BASE_LIMITS: ModelLimits = {
  aspectRatios: STABILITY_ASPECT_RATIOS,
  defaultAspectRatio: '1:1',
  seed: { min: 0, max: STABILITY_SEED_MAX },
  promptMinChars: 1,
  promptMaxChars: 10_000,
  promptRequired: true,
  negativePrompt: true,
  negativePromptMaxChars: 10_000,
  outputFormats: STABILITY_OUTPUT_FORMATS,
  inputImage: { minSide: 64 },
};

const ACTIVE = { status: 'active' as const, note: 'Current Stability AI model on Bedrock.' };

interface V2Model {
  baseId: string;
  label: string;
  imageToImage: boolean;
  /** SD3.5 Large switches with `mode`; Ultra infers image-to-image from `image`. */
  usesMode: boolean;
  strengthDefault: number;
}

const MODELS: readonly V2Model[] = [
  {
    baseId: 'stability.sd3-5-large-v1:0',
    label: 'SD3.5 Large',
    imageToImage: true,
    usesMode: true,
    strengthDefault: 0.65,
  },
  {
    baseId: 'stability.stable-image-core-v1:1',
    label: 'Stable Image Core',
    imageToImage: false,
    usesMode: false,
    strengthDefault: 0.65,
  },
  {
    baseId: 'stability.stable-image-ultra-v1:1',
    label: 'Stable Image Ultra',
    imageToImage: true,
    usesMode: false,
    strengthDefault: 0.35,
  },
];

function toSpec(model: V2Model, known: boolean): ModelSpec {
  return {
    id: model.baseId,
    baseId: model.baseId,
    label: model.label,
    provider: 'Stability AI',
    family: 'stability-v2',
    lifecycle: known
      ? ACTIVE
      : { status: 'active', note: "Not in Easel's catalog; treated as a Stability v2 model by its id." },
    tasks: model.imageToImage ? ['text-to-image', 'image-to-image'] : ['text-to-image'],
    limits: model.imageToImage
      ? { ...BASE_LIMITS, strength: { min: 0, max: 1, default: model.strengthDefault } }
      : BASE_LIMITS,
    known,
  };
}

function modelOf(spec: ModelSpec): V2Model {
  return (
    MODELS.find((m) => m.baseId === spec.baseId) ?? {
      baseId: spec.baseId,
      label: spec.label,
      imageToImage: spec.tasks.includes('image-to-image'),
      usesMode: /^stability\.sd\d/.test(spec.baseId),
      strengthDefault: 0.65,
    }
  );
}

function validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!checkTask(issues, spec, params)) return issues;
  checkPrompt(issues, spec, params, true);
  checkNegative(issues, spec, params);
  if (params.weightedPrompts?.length)
    issues.push({ field: 'weightedPrompts', message: `${spec.label} takes one prompt, not weighted prompt lines` });
  if (params.task === 'text-to-image') {
    checkChoice(issues, 'aspectRatio', 'aspect ratio', params.aspectRatio, spec.limits.aspectRatios, spec.label);
    if ((params.width === undefined) !== (params.height === undefined))
      issues.push({ field: 'width', message: 'Set both width and height, or neither' });
  } else if (params.aspectRatio !== undefined) {
    issues.push({
      field: 'aspectRatio',
      message: `${spec.label} keeps the source image's aspect ratio in image-to-image`,
    });
  }
  checkRange(issues, 'steps', 'Steps', params.steps, undefined, spec.label);
  checkRange(issues, 'cfgScale', 'CFG scale', params.cfgScale, undefined, spec.label);
  checkChoice(issues, 'sampler', 'sampler', params.sampler, undefined, spec.label);
  checkChoice(issues, 'stylePreset', 'style preset', params.stylePreset, undefined, spec.label);
  if (params.quality !== undefined) issues.push({ field: 'quality', message: `${spec.label} has no quality setting` });
  checkSeed(issues, spec, params.seed);
  checkInitImage(issues, spec, params, initImageSize);
  if (params.task === 'image-to-image')
    checkRange(issues, 'strength', 'Strength', params.strength, spec.limits.strength, spec.label);
  return issues;
}

function aspectRatio(spec: ModelSpec, params: GenerationParams): string {
  const ratios = spec.limits.aspectRatios ?? STABILITY_ASPECT_RATIOS;
  if (params.aspectRatio !== undefined && isValidAspectRatio(params.aspectRatio)) return params.aspectRatio;
  if (params.width !== undefined && params.height !== undefined) {
    return nearestAspectRatio(ratios, { width: params.width, height: params.height }) ?? '1:1';
  }
  return spec.limits.defaultAspectRatio ?? '1:1';
}

function build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  throwIfIssues(validate(spec, params, ctx.initImageSize));
  checkSeedForBuild(spec, ctx);
  const model = modelOf(spec);
  const body: Record<string, unknown> = { prompt: params.prompt };
  if (params.negativePrompt) body['negative_prompt'] = params.negativePrompt;
  if (params.task === 'image-to-image') {
    if (model.usesMode) body['mode'] = 'image-to-image';
    body['image'] = requireImage(spec, params, ctx);
    body['strength'] = params.strength ?? spec.limits.strength?.default ?? model.strengthDefault;
  } else {
    body['aspect_ratio'] = aspectRatio(spec, params);
  }
  body['seed'] = ctx.seed;
  body['output_format'] = params.outputFormat ?? 'png';
  return body;
}

const ResponseSchema = z.object({
  seeds: z.array(z.number().int().nonnegative()).optional(),
  finish_reasons: z.array(z.string().nullable()).optional(),
  images: z.array(z.string().nullable()),
});

/** Parses `{seeds, finish_reasons, images}`, the response of Stability v2 and the Image Services. */
export function parseStabilityImages(spec: ModelSpec, body: unknown): ParsedResult {
  const parsed = ResponseSchema.safeParse(body);
  if (!parsed.success) throw malformed(spec, 'expected {"images":[...],"seeds":[...],"finish_reasons":[...]}');
  const { images, seeds = [], finish_reasons: reasons = [] } = parsed.data;
  const count = Math.max(images.length, reasons.length);
  if (count === 0) throw malformed(spec, 'no image came back');
  const result: ParsedImage[] = [];
  for (let index = 0; index < count; index += 1) {
    const reason = reasons[index] ?? null;
    const seed = seeds[index];
    const seedPart = seed === undefined ? {} : { seed };
    if (reason === null) {
      result.push({ base64: checkImageBase64(spec, images[index]), ...seedPart, outcome: 'ok' });
    } else if (reason.startsWith('Filter reason')) {
      result.push({
        base64: '',
        ...seedPart,
        outcome: 'filtered',
        reason: `Blocked by the content filter (${reason.replace(/^Filter reason:\s*/, '')})`,
      });
    } else {
      result.push({ base64: '', ...seedPart, outcome: 'error', reason });
    }
  }
  return { images: result };
}

export const stabilityV2: FamilyModule = {
  id: 'stability-v2',
  models: MODELS.map((model) => toSpec(model, true)),
  template(baseId) {
    if (!/^stability\.(sd\d|stable-image-core|stable-image-ultra)/.test(baseId)) return undefined;
    const imageToImage = !baseId.startsWith('stability.stable-image-core');
    return toSpec(
      {
        baseId,
        label: `Stability (${baseId})`,
        imageToImage,
        usesMode: /^stability\.sd\d/.test(baseId),
        strengthDefault: 0.65,
      },
      false,
    );
  },
  validate,
  build,
  parse: parseStabilityImages,
};
