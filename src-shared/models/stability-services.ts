// Family stability-services: the thirteen Stability Image Services on Bedrock (service-table.ts),
// one edit per model, called through `us.stability.<name>-v1:0`. Same response shape as stability-v2.
import { EaselError } from '../errors.ts';
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
  checkTask,
  extraNumber,
  extraString,
  requireImage,
  requireMask,
  taskLabel,
  throwIfIssues,
} from './common.ts';
import { guessService, SERVICES, serviceByBaseId } from './service-table.ts';
import type { ServiceModel } from './service-table.ts';
import { SDXL_STYLE_PRESETS } from './stability-v1.ts';
import {
  parseStabilityImages,
  STABILITY_ASPECT_RATIOS,
  STABILITY_OUTPUT_FORMATS,
  STABILITY_SEED_MAX,
} from './stability-v2.ts';
import type { BuildContext, FamilyModule, FieldIssue, ImageSize, ModelSpec } from './types.ts';

export { SERVICES } from './service-table.ts';
export type { NumberOption, ServiceModel, TextOption } from './service-table.ts';

/** The style presets the services that take `style_preset` accept (Stability's list). */
export const SERVICE_STYLE_PRESETS = SDXL_STYLE_PRESETS;

const OUTPAINT_MAX = 2000;
const TEXT_MAX = 10_000;

function idFor(name: string): string {
  return `stability.${name}-v1:0`;
}

function toSpec(service: ServiceModel, baseId: string, known: boolean): ModelSpec {
  return {
    // Easel names services by their base id; the invocation (invocation.ts) uses the `us.` profile.
    id: baseId,
    baseId,
    label: service.label,
    provider: 'Stability AI',
    family: 'stability-services',
    lifecycle: known
      ? { status: 'active', note: 'Stability Image Service on Bedrock.' }
      : { status: 'active', note: "Not in Easel's catalog; treated as a Stability Image Service by its id." },
    tasks: [service.task],
    limits: {
      seed: { min: 0, max: STABILITY_SEED_MAX },
      promptMinChars: service.prompt === 'none' ? 0 : 1,
      promptMaxChars: service.prompt === 'none' ? 0 : TEXT_MAX,
      promptRequired: service.prompt === 'required',
      negativePrompt: service.negativePrompt,
      ...(service.negativePrompt ? { negativePromptMaxChars: TEXT_MAX } : {}),
      ...(service.stylePreset ? { stylePresets: SERVICE_STYLE_PRESETS } : {}),
      ...(service.aspectRatio ? { aspectRatios: STABILITY_ASPECT_RATIOS, defaultAspectRatio: '1:1' } : {}),
      outputFormats: STABILITY_OUTPUT_FORMATS,
      inputImage: service.input,
      ...(service.outpaint ? { outpaintMax: OUTPAINT_MAX } : {}),
      ...(service.mask === 'none' ? {} : { maskChanges: 'white' as const }),
      ...(service.upscaleFactor === undefined ? {} : { upscaleFactor: service.upscaleFactor }),
    },
    known,
  };
}

/** The service behind a spec (known, or guessed from an unknown id's name). */
export function serviceOf(spec: ModelSpec): ServiceModel | undefined {
  return serviceByBaseId(spec.baseId) ?? guessService(spec.baseId);
}

function checkPrompts(issues: FieldIssue[], spec: ModelSpec, service: ServiceModel, params: GenerationParams): void {
  if (service.prompt === 'none') {
    if (params.prompt !== '') issues.push({ field: 'prompt', message: `${spec.label} takes no prompt` });
  } else {
    checkPrompt(issues, spec, params, service.prompt === 'required');
  }
  checkNegative(issues, spec, params);
  if (params.weightedPrompts?.length)
    issues.push({ field: 'weightedPrompts', message: `${spec.label} takes no weighted prompt lines` });
  for (const text of service.texts) {
    const value = extraString(params, text.key);
    const field = `extra.${text.key}`;
    if (value === undefined || value.trim() === '')
      issues.push({ field, message: `${spec.label} needs ${text.key} (${text.label.toLowerCase()})` });
    else if (value.length > TEXT_MAX)
      issues.push({ field, message: `${text.key} must be at most ${TEXT_MAX} characters for ${spec.label}` });
  }
}

function checkNumbers(issues: FieldIssue[], spec: ModelSpec, service: ServiceModel, params: GenerationParams): void {
  const allowed = new Set([...service.numbers.map((n) => n.key), ...service.texts.map((t) => t.key)]);
  for (const [key, value] of Object.entries(params.extra ?? {})) {
    const option = service.numbers.find((n) => n.key === key);
    if (option) {
      if (typeof value !== 'number') {
        issues.push({ field: `extra.${key}`, message: `${key} must be a number for ${spec.label}` });
      } else if (option.integer && !Number.isInteger(value)) {
        issues.push({ field: `extra.${key}`, message: `${key} must be a whole number for ${spec.label}` });
      }
      checkRange(issues, `extra.${key}`, option.label, extraNumber(params, key), option.range, spec.label);
    } else if (!allowed.has(key)) {
      const known = [...allowed].join(', ') || 'none';
      issues.push({ field: `extra.${key}`, message: `${spec.label} takes no option ${key} (its options: ${known})` });
    }
  }
}

function checkShape(issues: FieldIssue[], spec: ModelSpec, service: ServiceModel, params: GenerationParams): void {
  if (service.aspectRatio) {
    checkChoice(issues, 'aspectRatio', 'aspect ratio', params.aspectRatio, STABILITY_ASPECT_RATIOS, spec.label);
  } else if (params.aspectRatio !== undefined) {
    issues.push({ field: 'aspectRatio', message: `${spec.label} takes its size from the source image` });
  }
  if (params.width !== undefined || params.height !== undefined)
    issues.push({ field: 'width', message: `${spec.label} takes its size from the source image` });
  if (!service.outpaint) {
    if (params.outpaint !== undefined)
      issues.push({ field: 'outpaint', message: `${spec.label} does not extend images` });
    return;
  }
  const sides = params.outpaint;
  if (!sides || sides.left + sides.right + sides.up + sides.down === 0) {
    issues.push({
      field: 'outpaint',
      message: `${taskLabel('outpaint')} needs at least one side to extend (left, right, up or down)`,
    });
    return;
  }
  for (const side of ['left', 'right', 'up', 'down'] as const) {
    if (sides[side] > OUTPAINT_MAX)
      issues.push({
        field: 'outpaint',
        message: `Each side can extend by at most ${OUTPAINT_MAX} px for ${spec.label} (${side} is ${sides[side]})`,
      });
  }
}

function checkUnused(issues: FieldIssue[], spec: ModelSpec, service: ServiceModel, params: GenerationParams): void {
  checkRange(issues, 'steps', 'Steps', params.steps, undefined, spec.label);
  checkRange(issues, 'cfgScale', 'CFG scale', params.cfgScale, undefined, spec.label);
  checkChoice(issues, 'sampler', 'sampler', params.sampler, undefined, spec.label);
  checkChoice(issues, 'stylePreset', 'style preset', params.stylePreset, spec.limits.stylePresets, spec.label);
  if (params.quality !== undefined) issues.push({ field: 'quality', message: `${spec.label} has no quality setting` });
  if (params.strength !== undefined) {
    const instead = service.numbers.map((n) => n.key).join(' or ');
    issues.push({
      field: 'strength',
      message: `${spec.label} has no strength setting${instead ? `; use ${instead}` : ''}`,
    });
  }
}

function checkImages(
  issues: FieldIssue[],
  spec: ModelSpec,
  service: ServiceModel,
  params: GenerationParams,
  size?: ImageSize,
): void {
  checkInitImage(issues, spec, params, size);
  if (service.mask === 'none' && params.maskImageId !== undefined)
    issues.push({ field: 'maskImageId', message: `${spec.label} takes no mask` });
  checkMask(issues, spec, params, service.mask === 'required');
  if (service.styleImage && params.styleImageId === undefined)
    issues.push({ field: 'styleImageId', message: `${spec.label} needs a style image (style_image)` });
  if (!service.styleImage && params.styleImageId !== undefined)
    issues.push({ field: 'styleImageId', message: `${spec.label} takes no style image` });
}

function validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const service = serviceOf(spec);
  if (!service) return [{ field: 'modelId', message: `Easel does not know how to call ${spec.id} yet` }];
  if (!checkTask(issues, spec, params)) return issues;
  checkPrompts(issues, spec, service, params);
  checkShape(issues, spec, service, params);
  checkUnused(issues, spec, service, params);
  if (service.seeded) checkSeed(issues, spec, params.seed);
  checkImages(issues, spec, service, params, initImageSize);
  checkNumbers(issues, spec, service, params);
  return issues;
}

function requireStyleImage(spec: ModelSpec, ctx: BuildContext): string {
  if (ctx.styleImageBase64 === undefined || ctx.styleImageBase64 === '')
    throw new EaselError('validation', `${spec.label} needs a style image`, { field: 'styleImageId' });
  return ctx.styleImageBase64;
}

/** The exact body: prompts, images, mask, extents, options in table order, preset, seed, format. */
function build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  throwIfIssues(validate(spec, params, ctx.initImageSize));
  const service = serviceOf(spec)!;
  const body: Record<string, unknown> = {};
  if (service.prompt !== 'none' && params.prompt !== '') body['prompt'] = params.prompt;
  if (service.negativePrompt && params.negativePrompt) body['negative_prompt'] = params.negativePrompt;
  for (const text of service.texts) body[text.key] = extraString(params, text.key);
  body[service.imageField] = requireImage(spec, params, ctx);
  if (service.styleImage) body['style_image'] = requireStyleImage(spec, ctx);
  if (service.mask === 'required') body['mask'] = requireMask(spec, params, ctx);
  else if (service.mask === 'optional' && ctx.maskBase64) body['mask'] = ctx.maskBase64;
  if (service.outpaint && params.outpaint) {
    body['left'] = params.outpaint.left;
    body['right'] = params.outpaint.right;
    body['up'] = params.outpaint.up;
    body['down'] = params.outpaint.down;
  }
  for (const option of service.numbers) {
    const value = extraNumber(params, option.key);
    if (value !== undefined) body[option.key] = value;
  }
  if (service.aspectRatio && params.aspectRatio !== undefined) body['aspect_ratio'] = params.aspectRatio;
  if (service.stylePreset && params.stylePreset !== undefined) body['style_preset'] = params.stylePreset;
  if (service.seeded) {
    checkSeedForBuild(spec, ctx);
    body['seed'] = ctx.seed;
  }
  body['output_format'] = params.outputFormat ?? 'png';
  return body;
}

export const stabilityServices: FamilyModule = {
  id: 'stability-services',
  models: SERVICES.map((service) => toSpec(service, idFor(service.name), true)),
  template(baseId) {
    if (!baseId.startsWith('stability.stable-')) return undefined;
    const service = guessService(baseId);
    if (service) return { ...toSpec(service, baseId, false), label: `Stability service (${baseId})` };
    const unknown = toSpec({ ...SERVICES[0]!, name: baseId }, baseId, false);
    return { ...unknown, label: `Stability service (${baseId})`, tasks: [] };
  },
  validate,
  build,
  parse: parseStabilityImages,
};
