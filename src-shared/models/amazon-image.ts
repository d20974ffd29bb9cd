// Family amazon-image: Titan Image Generator v2 and Nova Canvas ({taskType, <task>Params, imageGenerationConfig}).
import { z } from 'zod';
import { LIFECYCLES } from './today.ts';
import type { GenerationParams, Task } from '../domain.ts';
import {
  checkChoice,
  checkImageBase64,
  checkInitImage,
  checkNegative,
  checkPrompt,
  checkRange,
  checkSeed,
  checkSeedForBuild,
  checkSize,
  checkTask,
  extraString,
  malformed,
  nearestSize,
  requireImage,
  throwIfIssues,
} from './common.ts';
import type {
  BuildContext,
  FamilyModule,
  FieldIssue,
  ImageSize,
  Lifecycle,
  ModelLimits,
  ModelSpec,
  ParsedResult,
  SizeRange,
} from './types.ts';

export const TITAN_SIZES: readonly ImageSize[] = [
  [1024, 1024],
  [768, 768],
  [512, 512],
  [768, 1152],
  [384, 576],
  [1152, 768],
  [576, 384],
  [768, 1280],
  [384, 640],
  [1280, 768],
  [640, 384],
  [896, 1152],
  [448, 576],
  [1152, 896],
  [576, 448],
  [768, 1408],
  [384, 704],
  [1408, 768],
  [704, 384],
  [640, 1408],
  [320, 704],
  [1408, 640],
  [704, 320],
  [1152, 640],
  [1173, 640],
].map(([width, height]) => ({ width: width!, height: height! }));

const NOVA_SIZES: SizeRange = {
  kind: 'range',
  min: 320,
  max: 4096,
  multipleOf: 16,
  maxPixels: 4_194_304,
  maxAspect: 4,
  default: { width: 1024, height: 1024 },
};

const TASK_TYPES: Partial<Record<Task, string>> = {
  'text-to-image': 'TEXT_IMAGE',
  inpaint: 'INPAINTING',
  outpaint: 'OUTPAINTING',
  variation: 'IMAGE_VARIATION',
  'remove-background': 'BACKGROUND_REMOVAL',
};

const AMAZON_TASKS: readonly Task[] = ['text-to-image', 'inpaint', 'outpaint', 'variation', 'remove-background'];
const OUTPAINTING_MODES = ['DEFAULT', 'PRECISE'] as const;

// Easel's strength is "how far from the source"; IMAGE_VARIATION's similarityStrength (0.2–1) is
// the opposite, so strength = 1 - similarityStrength, 0–0.8.
const VARIATION_STRENGTH = { min: 0, max: 0.8, default: 0.3 };

const COMMON: Omit<ModelLimits, 'seed' | 'promptMaxChars' | 'cfgScale'> = {
  promptMinChars: 1,
  promptRequired: true,
  negativePrompt: true,
  qualities: ['standard', 'premium'],
  strength: VARIATION_STRENGTH,
  outputFormats: ['png'],
  // Amazon masks are black where the image changes.
  maskChanges: 'black',
};

const TITAN_LIMITS: ModelLimits = {
  ...COMMON,
  sizes: { kind: 'list', sizes: TITAN_SIZES, default: { width: 1024, height: 1024 } },
  cfgScale: { min: 1.1, max: 10, default: 8 },
  // Range UNCONFIRMED.
  seed: { min: 0, max: 2_147_483_646 },
  promptMaxChars: 512,
  negativePromptMaxChars: 512,
};

const NOVA_LIMITS: ModelLimits = {
  ...COMMON,
  sizes: NOVA_SIZES,
  cfgScale: { min: 1.1, max: 10, default: 6.5 },
  seed: { min: 0, max: 858_993_459 },
  promptMaxChars: 1024,
  negativePromptMaxChars: 1024,
  inputImage: { minSide: 320, maxSide: 4096, maxPixels: 4_194_304, maxAspect: 4 },
};

/** What tells the two Amazon models apart; everything else of their spec is the family's. */
interface AmazonModel {
  /** The catalog label of the known model. */
  label: string;
  /** Names an unknown id of the same line: "<name> (<id>)". */
  name: string;
  lifecycle: Lifecycle;
  limits: ModelLimits;
}

const TITAN: AmazonModel = {
  label: 'Titan Image Generator v2',
  name: 'Titan Image',
  lifecycle: LIFECYCLES['amazon.titan-image-generator-v2:0']!,
  limits: TITAN_LIMITS,
};

const NOVA: AmazonModel = {
  label: 'Nova Canvas',
  name: 'Nova Canvas',
  lifecycle: LIFECYCLES['amazon.nova-canvas-v1:0']!,
  limits: NOVA_LIMITS,
};

function amazonSpec(model: AmazonModel, baseId: string, known: boolean): ModelSpec {
  return {
    id: baseId,
    baseId,
    label: known ? model.label : `${model.name} (${baseId})`,
    provider: 'Amazon',
    family: 'amazon-image',
    lifecycle: known
      ? model.lifecycle
      : { status: 'active', note: `Not in Easel's catalog; treated as a ${model.name} model by its id.` },
    tasks: AMAZON_TASKS,
    limits: model.limits,
    known,
  };
}

function hasMaskPrompt(params: GenerationParams): boolean {
  const prompt = extraString(params, 'maskPrompt');
  return prompt !== undefined && prompt !== '';
}

function validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!checkTask(issues, spec, params)) return issues;
  const task = params.task;
  if (task === 'remove-background') {
    if (params.prompt !== '')
      issues.push({ field: 'prompt', message: `Background removal with ${spec.label} takes no prompt` });
  } else {
    checkPrompt(issues, spec, params, task === 'text-to-image');
  }
  checkNegative(issues, spec, params);
  if (params.weightedPrompts?.length)
    issues.push({ field: 'weightedPrompts', message: `${spec.label} takes one prompt, not weighted prompt lines` });
  if (task === 'text-to-image') {
    checkSize(issues, spec, params);
    if (
      params.aspectRatio !== undefined &&
      params.width === undefined &&
      spec.limits.sizes?.kind === 'list' &&
      nearestSize(spec.limits.sizes.sizes, params.aspectRatio) === undefined
    ) {
      issues.push({ field: 'aspectRatio', message: `"${params.aspectRatio}" is not an aspect ratio like 16:9` });
    }
  } else if (params.width !== undefined || params.height !== undefined) {
    issues.push({ field: 'width', message: `${spec.label} takes the size of the source image for this task` });
  }
  checkRange(issues, 'steps', 'Steps', params.steps, undefined, spec.label);
  checkChoice(issues, 'sampler', 'sampler', params.sampler, undefined, spec.label);
  checkChoice(issues, 'stylePreset', 'style preset', params.stylePreset, undefined, spec.label);
  if (task !== 'remove-background')
    checkRange(issues, 'cfgScale', 'CFG scale', params.cfgScale, spec.limits.cfgScale, spec.label);
  checkSeed(issues, spec, params.seed);
  if (params.outputFormat !== undefined && params.outputFormat !== 'png')
    issues.push({ field: 'outputFormat', message: `${spec.label} returns PNG only` });
  checkInitImage(issues, spec, params, initImageSize);
  if (task === 'variation')
    checkRange(issues, 'strength', 'Strength', params.strength, spec.limits.strength, spec.label);
  else if (params.strength !== undefined && task !== 'text-to-image')
    issues.push({ field: 'strength', message: `${spec.label} has a strength setting only for image variation` });
  if ((task === 'inpaint' || task === 'outpaint') && params.maskImageId === undefined && !hasMaskPrompt(params)) {
    issues.push({
      field: 'maskImageId',
      message: `${task === 'inpaint' ? 'Inpainting' : 'Outpainting'} with ${spec.label} needs a mask image or a mask prompt (extra.maskPrompt)`,
    });
  }
  if (params.outpaint !== undefined) {
    issues.push({
      field: 'outpaint',
      message: `${spec.label} outpaints into the area its mask leaves free; it does not take side extents`,
    });
  }
  checkChoice(
    issues,
    'extra.outPaintingMode',
    'outpainting mode',
    extraString(params, 'outPaintingMode'),
    OUTPAINTING_MODES,
    spec.label,
  );
  return issues;
}

function outputSize(spec: ModelSpec, params: GenerationParams): ImageSize {
  const sizes = spec.limits.sizes;
  const fallback = sizes?.default ?? { width: 1024, height: 1024 };
  if (params.width !== undefined && params.height !== undefined) return { width: params.width, height: params.height };
  if (params.aspectRatio !== undefined && sizes?.kind === 'list')
    return nearestSize(sizes.sizes, params.aspectRatio) ?? fallback;
  return fallback;
}

function withMask(params: GenerationParams, ctx: BuildContext, target: Record<string, unknown>): void {
  if (ctx.maskBase64) target['maskImage'] = ctx.maskBase64;
  else target['maskPrompt'] = extraString(params, 'maskPrompt');
}

function build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  throwIfIssues(validate(spec, params, ctx.initImageSize));
  const task = params.task;
  const taskType = TASK_TYPES[task]!;
  const text: Record<string, unknown> = {};
  if (params.prompt !== '') text['text'] = params.prompt;
  if (params.negativePrompt) text['negativeText'] = params.negativePrompt;
  if (task === 'remove-background') {
    return { taskType, backgroundRemovalParams: { image: requireImage(spec, params, ctx) } };
  }
  checkSeedForBuild(spec, ctx);
  const config: Record<string, unknown> = { numberOfImages: 1 };
  if (task === 'text-to-image') {
    const { width, height } = outputSize(spec, params);
    config['width'] = width;
    config['height'] = height;
  }
  config['cfgScale'] = params.cfgScale ?? spec.limits.cfgScale?.default;
  config['seed'] = ctx.seed;
  config['quality'] = params.quality ?? 'standard';
  if (task === 'text-to-image') return { taskType, textToImageParams: text, imageGenerationConfig: config };
  const image = requireImage(spec, params, ctx);
  if (task === 'variation') {
    const strength = params.strength ?? VARIATION_STRENGTH.default;
    const similarity = Math.round((1 - strength) * 1e6) / 1e6;
    return {
      taskType,
      imageVariationParams: { ...text, images: [image], similarityStrength: similarity },
      imageGenerationConfig: config,
    };
  }
  const editParams: Record<string, unknown> = { image, ...text };
  withMask(params, ctx, editParams);
  if (task === 'inpaint') return { taskType, inPaintingParams: editParams, imageGenerationConfig: config };
  editParams['outPaintingMode'] = extraString(params, 'outPaintingMode') ?? 'DEFAULT';
  return { taskType, outPaintingParams: editParams, imageGenerationConfig: config };
}

const ResponseSchema = z.object({
  images: z.array(z.string()).nullable().optional(),
  error: z.string().nullable().optional(),
});

const MODERATION = /content|filter|moderat|blocked|policy|responsible ai/i;

function parse(spec: ModelSpec, body: unknown): ParsedResult {
  const parsed = ResponseSchema.safeParse(body);
  if (!parsed.success) throw malformed(spec, 'expected {"images":[...]} or {"error":"..."}');
  const images = parsed.data.images ?? [];
  const error = parsed.data.error;
  if (error) {
    const outcome = MODERATION.test(error) ? ('filtered' as const) : ('error' as const);
    return { images: [{ base64: '', outcome, reason: error }] };
  }
  if (images.length === 0) throw malformed(spec, 'no image came back');
  return { images: images.map((base64) => ({ base64: checkImageBase64(spec, base64), outcome: 'ok' as const })) };
}

export const amazonImage: FamilyModule = {
  id: 'amazon-image',
  models: [
    amazonSpec(TITAN, 'amazon.titan-image-generator-v2:0', true),
    amazonSpec(NOVA, 'amazon.nova-canvas-v1:0', true),
  ],
  template(baseId) {
    if (baseId.startsWith('amazon.titan-image-generator')) return amazonSpec(TITAN, baseId, false);
    if (baseId.startsWith('amazon.nova-canvas')) return amazonSpec(NOVA, baseId, false);
    return undefined;
  },
  validate,
  build,
  parse,
};
