// Family stability-v1: SDXL 1.0 (`stability.stable-diffusion-xl-v1`), the text_prompts format.
import { z } from 'zod';
import { LIFECYCLES } from './today.ts';
import type { GenerationParams } from '../domain.ts';
import {
  checkChoice,
  checkInitImage,
  checkMask,
  checkNegative,
  checkPrompt,
  checkRange,
  checkSeed,
  checkSeedForBuild,
  checkSize,
  checkTask,
  checkImageBase64,
  extraString,
  malformed,
  nearestSize,
  requireImage,
  requireMask,
  throwIfIssues,
} from './common.ts';
import type {
  BuildContext,
  FamilyModule,
  FieldIssue,
  ImageSize,
  ModelLimits,
  ModelSpec,
  ParsedResult,
} from './types.ts';

export const SDXL_SIZES: readonly ImageSize[] = [
  { width: 1024, height: 1024 },
  { width: 1152, height: 896 },
  { width: 1216, height: 832 },
  { width: 1344, height: 768 },
  { width: 1536, height: 640 },
  { width: 640, height: 1536 },
  { width: 768, height: 1344 },
  { width: 832, height: 1216 },
  { width: 896, height: 1152 },
];

export const SDXL_SAMPLERS = [
  'DDIM',
  'DDPM',
  'K_DPMPP_2M',
  'K_DPMPP_2S_ANCESTRAL',
  'K_DPM_2',
  'K_DPM_2_ANCESTRAL',
  'K_EULER',
  'K_EULER_ANCESTRAL',
  'K_HEUN',
  'K_LMS',
] as const;

export const SDXL_STYLE_PRESETS = [
  '3d-model',
  'analog-film',
  'anime',
  'cinematic',
  'comic-book',
  'digital-art',
  'enhance',
  'fantasy-art',
  'isometric',
  'line-art',
  'low-poly',
  'modeling-compound',
  'neon-punk',
  'origami',
  'photographic',
  'pixel-art',
  'tile-texture',
] as const;

export const SDXL_CLIP_GUIDANCE_PRESETS = [
  'FAST_BLUE',
  'FAST_GREEN',
  'NONE',
  'SIMPLE',
  'SLOW',
  'SLOWER',
  'SLOWEST',
] as const;

const LIMITS: ModelLimits = {
  sizes: { kind: 'list', sizes: SDXL_SIZES, default: { width: 1024, height: 1024 } },
  // Maximum UNCONFIRMED (docs say 10–50, SDXL 0.8 said 10–150; a >50-step price tier exists).
  steps: { min: 10, max: 150, default: 30 },
  cfgScale: { min: 0, max: 35, default: 7 },
  samplers: SDXL_SAMPLERS,
  stylePresets: SDXL_STYLE_PRESETS,
  // 0 means "random" in SDXL, so random seeds are drawn from 1.
  seed: { min: 1, max: 4_294_967_295 },
  promptMinChars: 1,
  promptMaxChars: 2000,
  promptRequired: true,
  negativePrompt: true,
  negativePromptMaxChars: 2000,
  // image_strength near 1 keeps the source; Easel's strength is the opposite (1 - image_strength).
  strength: { min: 0, max: 1, default: 0.65 },
  maskChanges: 'white',
};

const SDXL_ID = 'stability.stable-diffusion-xl-v1';

function sdxlSpec(id: string, baseId: string, known: boolean): ModelSpec {
  return {
    id,
    baseId,
    label: known ? 'SDXL 1.0' : `SDXL (${baseId})`,
    provider: 'Stability AI',
    family: 'stability-v1',
    lifecycle: known
      ? LIFECYCLES[SDXL_ID]!
      : { status: 'active', note: "Not in Easel's catalog; treated as SDXL by its id." },
    tasks: ['text-to-image', 'image-to-image', 'inpaint'],
    limits: LIMITS,
    known,
  };
}

function validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!checkTask(issues, spec, params)) return issues;
  const weighted = params.weightedPrompts ?? [];
  checkPrompt(
    issues,
    spec,
    params,
    weighted.every((line) => line.weight <= 0),
  );
  checkNegative(issues, spec, params);
  for (const [index, line] of weighted.entries()) {
    if (line.text.length > spec.limits.promptMaxChars) {
      issues.push({
        field: 'weightedPrompts',
        message: `Prompt line ${index + 1} must be at most ${spec.limits.promptMaxChars} characters for ${spec.label}`,
      });
    }
  }
  if (params.task === 'text-to-image') checkSize(issues, spec, params);
  else if (params.width !== undefined || params.height !== undefined || params.aspectRatio !== undefined) {
    issues.push({
      field: params.width === undefined && params.height === undefined ? 'aspectRatio' : 'width',
      message: `${spec.label} takes the size of the source image for ${params.task}`,
    });
  }
  if (
    params.aspectRatio !== undefined &&
    params.width === undefined &&
    nearestSize(SDXL_SIZES, params.aspectRatio) === undefined
  ) {
    issues.push({ field: 'aspectRatio', message: `"${params.aspectRatio}" is not an aspect ratio like 16:9` });
  }
  checkRange(issues, 'steps', 'Steps', params.steps, spec.limits.steps, spec.label);
  checkRange(issues, 'cfgScale', 'CFG scale', params.cfgScale, spec.limits.cfgScale, spec.label);
  checkChoice(issues, 'sampler', 'sampler', params.sampler, spec.limits.samplers, spec.label);
  checkChoice(issues, 'stylePreset', 'style preset', params.stylePreset, spec.limits.stylePresets, spec.label);
  checkChoice(
    issues,
    'extra.clip_guidance_preset',
    'CLIP guidance preset',
    extraString(params, 'clip_guidance_preset'),
    SDXL_CLIP_GUIDANCE_PRESETS,
    spec.label,
  );
  checkSeed(issues, spec, params.seed);
  if (params.quality !== undefined) issues.push({ field: 'quality', message: `${spec.label} has no quality setting` });
  if (params.outputFormat !== undefined && params.outputFormat !== 'png')
    issues.push({ field: 'outputFormat', message: `${spec.label} returns PNG only` });
  checkInitImage(issues, spec, params, initImageSize);
  if (
    initImageSize &&
    params.task !== 'text-to-image' &&
    !SDXL_SIZES.some((s) => s.width === initImageSize.width && s.height === initImageSize.height)
  ) {
    issues.push({
      field: 'initImageId',
      message: `The source image (${initImageSize.width}×${initImageSize.height}) must have one of the SDXL sizes for ${spec.label}: ${SDXL_SIZES.map((s) => `${s.width}x${s.height}`).join(', ')}`,
    });
  }
  if (params.task === 'image-to-image')
    checkRange(issues, 'strength', 'Strength', params.strength, spec.limits.strength, spec.label);
  checkMask(issues, spec, params, params.task === 'inpaint');
  return issues;
}

function size(params: GenerationParams): ImageSize {
  if (params.width !== undefined && params.height !== undefined) return { width: params.width, height: params.height };
  if (params.aspectRatio !== undefined)
    return nearestSize(SDXL_SIZES, params.aspectRatio) ?? { width: 1024, height: 1024 };
  return { width: 1024, height: 1024 };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  throwIfIssues(validate(spec, params, ctx.initImageSize));
  checkSeedForBuild(spec, ctx);
  const limits = spec.limits;
  const textPrompts: { text: string; weight: number }[] = [];
  if (params.prompt !== '') textPrompts.push({ text: params.prompt, weight: 1 });
  for (const line of params.weightedPrompts ?? []) textPrompts.push({ text: line.text, weight: line.weight });
  if (params.negativePrompt) textPrompts.push({ text: params.negativePrompt, weight: -1 });
  const body: Record<string, unknown> = {
    text_prompts: textPrompts,
    cfg_scale: params.cfgScale ?? limits.cfgScale?.default,
  };
  // Edits take the size of init_image; only text-to-image sets one.
  if (params.task === 'text-to-image') {
    const { width, height } = size(params);
    body['height'] = height;
    body['width'] = width;
  }
  Object.assign(body, {
    samples: 1,
    seed: ctx.seed,
    steps: params.steps ?? limits.steps?.default,
  });
  if (params.sampler !== undefined) body['sampler'] = params.sampler;
  if (params.stylePreset !== undefined) body['style_preset'] = params.stylePreset;
  const clip = extraString(params, 'clip_guidance_preset');
  if (clip !== undefined) body['clip_guidance_preset'] = clip;
  if (params.task === 'image-to-image') {
    body['init_image'] = requireImage(spec, params, ctx);
    body['init_image_mode'] = 'IMAGE_STRENGTH';
    body['image_strength'] = round(1 - (params.strength ?? limits.strength?.default ?? 0.65));
  } else if (params.task === 'inpaint') {
    body['init_image'] = requireImage(spec, params, ctx);
    body['mask_source'] = 'MASK_IMAGE_WHITE';
    body['mask_image'] = requireMask(spec, params, ctx);
  }
  return body;
}

const ResponseSchema = z.object({
  result: z.string().optional(),
  artifacts: z
    .array(
      z.object({
        seed: z.number().int().nonnegative().optional(),
        base64: z.string().nullable().optional(),
        finishReason: z.string(),
      }),
    )
    .min(1),
});

function parse(spec: ModelSpec, body: unknown): ParsedResult {
  const parsed = ResponseSchema.safeParse(body);
  if (!parsed.success) throw malformed(spec, 'expected {"artifacts":[{"base64","seed","finishReason"}]}');
  return {
    images: parsed.data.artifacts.map((artifact) => {
      const seed = artifact.seed;
      if (artifact.finishReason === 'SUCCESS') {
        return {
          base64: checkImageBase64(spec, artifact.base64),
          ...(seed === undefined ? {} : { seed }),
          outcome: 'ok' as const,
        };
      }
      const filtered = artifact.finishReason === 'CONTENT_FILTERED';
      return {
        base64: '',
        ...(seed === undefined ? {} : { seed }),
        outcome: filtered ? ('filtered' as const) : ('error' as const),
        reason: filtered
          ? 'The image was blocked by the content filter'
          : `The model reported ${artifact.finishReason}`,
      };
    }),
  };
}

export const stabilityV1: FamilyModule = {
  id: 'stability-v1',
  models: [sdxlSpec(SDXL_ID, SDXL_ID, true)],
  template(baseId) {
    return baseId.startsWith('stability.stable-diffusion-xl') ? sdxlSpec(baseId, baseId, false) : undefined;
  },
  validate,
  build,
  parse,
};
