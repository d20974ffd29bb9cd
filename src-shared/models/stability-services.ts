// Family stability-services: Stability Image Services on Bedrock (`us.stability.<name>-v1:0`),
// one edit per model. Same response shape as stability-v2.
import type { GenerationParams, Task } from '../domain.ts';
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
  requireImage,
  requireMask,
  taskLabel,
  throwIfIssues,
} from './common.ts';
import { parseStabilityImages, STABILITY_OUTPUT_FORMATS, STABILITY_SEED_MAX } from './stability-v2.ts';
import type { BuildContext, FamilyModule, FieldIssue, ImageSize, InputImageLimits, ModelSpec, Range } from './types.ts';

type Need = 'required' | 'optional' | 'none';

interface ServiceModel {
  name: string;
  label: string;
  task: Task;
  prompt: Need;
  mask: Need;
  negativePrompt: boolean;
  seeded: boolean;
  growMask?: Range;
  creativity?: Range;
  outpaint?: boolean;
  input: InputImageLimits;
  upscaleFactor?: number;
}

// Common input limits: ≥64 px a side, ≤9,437,184 px, aspect 1:2.5 to 2.5:1.
const COMMON_INPUT: InputImageLimits = { minSide: 64, maxPixels: 9_437_184, maxAspect: 2.5 };
const GROW_MASK: Range = { min: 0, max: 20, default: 5 };

// Creativity ranges of the upscalers follow Stability's own API (UNCONFIRMED on Bedrock).
const SERVICES: readonly ServiceModel[] = [
  {
    name: 'stable-image-inpaint',
    label: 'Stable Image Inpaint',
    task: 'inpaint',
    prompt: 'required',
    mask: 'optional',
    negativePrompt: true,
    seeded: true,
    growMask: GROW_MASK,
    input: COMMON_INPUT,
  },
  {
    name: 'stable-outpaint',
    label: 'Stable Outpaint',
    task: 'outpaint',
    prompt: 'optional',
    mask: 'none',
    negativePrompt: false,
    seeded: true,
    creativity: { min: 0.1, max: 1, default: 0.5 },
    outpaint: true,
    input: COMMON_INPUT,
  },
  {
    name: 'stable-image-erase-object',
    label: 'Stable Image Erase Object',
    task: 'erase-object',
    prompt: 'none',
    mask: 'required',
    negativePrompt: false,
    seeded: true,
    growMask: GROW_MASK,
    input: COMMON_INPUT,
  },
  {
    name: 'stable-image-remove-background',
    label: 'Stable Image Remove Background',
    task: 'remove-background',
    prompt: 'none',
    mask: 'none',
    negativePrompt: false,
    seeded: false,
    input: COMMON_INPUT,
  },
  {
    name: 'stable-fast-upscale',
    label: 'Stable Fast Upscale (4×)',
    task: 'upscale',
    prompt: 'none',
    mask: 'none',
    negativePrompt: false,
    seeded: false,
    input: { minSide: 32, maxSide: 1536, maxAspect: 2.5 },
    upscaleFactor: 4,
  },
  {
    name: 'stable-conservative-upscale',
    label: 'Stable Conservative Upscale',
    task: 'upscale',
    prompt: 'required',
    mask: 'none',
    negativePrompt: true,
    seeded: true,
    creativity: { min: 0.2, max: 0.5, default: 0.35 },
    input: COMMON_INPUT,
  },
  {
    name: 'stable-creative-upscale',
    label: 'Stable Creative Upscale',
    task: 'upscale',
    prompt: 'required',
    mask: 'none',
    negativePrompt: true,
    seeded: true,
    creativity: { min: 0.1, max: 0.5, default: 0.3 },
    input: { minSide: 64, maxPixels: 1_048_576, maxAspect: 2.5 },
  },
];

const OUTPAINT_MAX = 2000;

function idFor(name: string): string {
  return `stability.${name}-v1:0`;
}

function toSpec(service: ServiceModel, baseId: string, known: boolean): ModelSpec {
  return {
    // Image Services are called through the US cross-region inference profile.
    id: `us.${baseId}`,
    baseId,
    label: service.label,
    provider: 'Stability AI',
    family: 'stability-services',
    lifecycle: known
      ? {
          status: 'active',
          note: "Stability Image Service on Bedrock. Its price is not published in Easel's table: set it in settings.",
        }
      : { status: 'active', note: "Not in Easel's catalog; treated as a Stability Image Service by its id." },
    tasks: [service.task],
    limits: {
      seed: { min: 0, max: STABILITY_SEED_MAX },
      promptMinChars: service.prompt === 'none' ? 0 : 1,
      promptMaxChars: service.prompt === 'none' ? 0 : 10_000,
      promptRequired: service.prompt === 'required',
      negativePrompt: service.negativePrompt,
      ...(service.negativePrompt ? { negativePromptMaxChars: 10_000 } : {}),
      outputFormats: STABILITY_OUTPUT_FORMATS,
      inputImage: service.input,
      ...(service.outpaint ? { outpaintMax: OUTPAINT_MAX } : {}),
      ...(service.mask === 'none' ? {} : { maskChanges: 'white' as const }),
      ...(service.upscaleFactor === undefined ? {} : { upscaleFactor: service.upscaleFactor }),
    },
    known,
  };
}

function serviceOf(spec: ModelSpec): ServiceModel | undefined {
  return SERVICES.find((s) => idFor(s.name) === spec.baseId) ?? guessService(spec.baseId);
}

/** An unknown service id: guess its task from its name, with the most cautious options. */
function guessService(baseId: string): ServiceModel | undefined {
  const name = baseId.replace(/^stability\./, '').replace(/-v\d+(:\d+)?$/, '');
  const byTask = (task: Task) => SERVICES.find((s) => s.task === task);
  if (name.includes('inpaint')) return { ...byTask('inpaint')!, name };
  if (name.includes('outpaint')) return { ...byTask('outpaint')!, name };
  if (name.includes('erase')) return { ...byTask('erase-object')!, name };
  if (name.includes('remove-background')) return { ...byTask('remove-background')!, name };
  if (name.includes('upscale'))
    return { ...SERVICES.find((s) => s.name === 'stable-conservative-upscale')!, name, label: `Upscale (${baseId})` };
  return undefined;
}

function validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const service = serviceOf(spec);
  if (!service) {
    issues.push({ field: 'modelId', message: `Easel does not know how to call ${spec.id} yet` });
    return issues;
  }
  if (!checkTask(issues, spec, params)) return issues;
  if (service.prompt === 'none') {
    if (params.prompt !== '') issues.push({ field: 'prompt', message: `${spec.label} takes no prompt` });
  } else {
    checkPrompt(issues, spec, params, service.prompt === 'required');
  }
  checkNegative(issues, spec, params);
  if (params.weightedPrompts?.length)
    issues.push({ field: 'weightedPrompts', message: `${spec.label} takes no weighted prompt lines` });
  if (params.width !== undefined || params.height !== undefined || params.aspectRatio !== undefined) {
    issues.push({
      field: params.aspectRatio !== undefined ? 'aspectRatio' : 'width',
      message: `${spec.label} takes its size from the source image`,
    });
  }
  checkRange(issues, 'steps', 'Steps', params.steps, undefined, spec.label);
  checkRange(issues, 'cfgScale', 'CFG scale', params.cfgScale, undefined, spec.label);
  checkChoice(issues, 'sampler', 'sampler', params.sampler, undefined, spec.label);
  checkChoice(issues, 'stylePreset', 'style preset', params.stylePreset, undefined, spec.label);
  if (params.quality !== undefined) issues.push({ field: 'quality', message: `${spec.label} has no quality setting` });
  if (params.strength !== undefined)
    issues.push({
      field: 'strength',
      message: `${spec.label} has no strength setting${service.creativity ? '; use creativity' : ''}`,
    });
  if (service.seeded) checkSeed(issues, spec, params.seed);
  checkInitImage(issues, spec, params, initImageSize);
  if (service.mask === 'none' && params.maskImageId !== undefined)
    issues.push({ field: 'maskImageId', message: `${spec.label} takes no mask` });
  checkMask(issues, spec, params, service.mask === 'required');
  checkRange(issues, 'extra.grow_mask', 'Grow mask', extraNumber(params, 'grow_mask'), service.growMask, spec.label);
  checkRange(
    issues,
    'extra.creativity',
    'Creativity',
    extraNumber(params, 'creativity'),
    service.creativity,
    spec.label,
  );
  if (service.outpaint) {
    const sides = params.outpaint;
    if (!sides || sides.left + sides.right + sides.up + sides.down === 0) {
      issues.push({
        field: 'outpaint',
        message: `${taskLabel('outpaint')} needs at least one side to extend (left, right, up or down)`,
      });
    } else {
      for (const side of ['left', 'right', 'up', 'down'] as const) {
        if (sides[side] > OUTPAINT_MAX)
          issues.push({
            field: 'outpaint',
            message: `Each side can extend by at most ${OUTPAINT_MAX} px for ${spec.label} (${side} is ${sides[side]})`,
          });
      }
    }
  } else if (params.outpaint !== undefined) {
    issues.push({ field: 'outpaint', message: `${spec.label} does not extend images` });
  }
  return issues;
}

function build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  throwIfIssues(validate(spec, params, ctx.initImageSize));
  const service = serviceOf(spec)!;
  const body: Record<string, unknown> = {};
  if (service.prompt !== 'none' && params.prompt !== '') body['prompt'] = params.prompt;
  if (service.negativePrompt && params.negativePrompt) body['negative_prompt'] = params.negativePrompt;
  body['image'] = requireImage(spec, params, ctx);
  if (service.mask === 'required') body['mask'] = requireMask(spec, params, ctx);
  else if (service.mask === 'optional' && ctx.maskBase64) body['mask'] = ctx.maskBase64;
  if (service.outpaint && params.outpaint) {
    body['left'] = params.outpaint.left;
    body['right'] = params.outpaint.right;
    body['up'] = params.outpaint.up;
    body['down'] = params.outpaint.down;
  }
  const growMask = extraNumber(params, 'grow_mask');
  if (service.growMask && growMask !== undefined) body['grow_mask'] = growMask;
  const creativity = extraNumber(params, 'creativity');
  if (service.creativity && creativity !== undefined) body['creativity'] = creativity;
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
