// Pure logic of canvas edits: which models can do each edit on this image (or why none can), and
// the GenerationParams of an edit. Everything the catalog says about a model decides it here.
import type { GenerationParams, Task } from '../../../src-shared/domain.ts';
import { findModel, serviceOf, validateParams } from '../../../src-shared/models/index.ts';
import type { ImageSize, ModelSpec, NumberOption, ServiceModel } from '../../../src-shared/models/index.ts';

export const EDIT_TASKS = [
  'image-to-image',
  'inpaint',
  'erase-object',
  'outpaint',
  'remove-background',
  'upscale',
  'search-replace',
  'search-recolor',
  'control-sketch',
  'control-structure',
  'style-guide',
  'style-transfer',
] as const;
export type EditTask = (typeof EDIT_TASKS)[number];

/** Button names (also accessible names tests rely on). */
export const EDIT_LABELS: Record<EditTask, string> = {
  'image-to-image': 'Image to image',
  inpaint: 'Inpaint',
  'erase-object': 'Erase object',
  outpaint: 'Outpaint',
  'remove-background': 'Remove background',
  upscale: 'Upscale',
  'search-replace': 'Search and replace',
  'search-recolor': 'Search and recolor',
  'control-sketch': 'Control sketch',
  'control-structure': 'Control structure',
  'style-guide': 'Style guide',
  'style-transfer': 'Style transfer',
};

/**
 * Shorter button text where the full name would crowd the bar; the full name (EDIT_LABELS) stays
 * the button's accessible name and its tooltip, and contains this text.
 */
export const EDIT_SHORT_LABELS: Partial<Record<EditTask, string>> = {
  'search-replace': 'Replace',
  'search-recolor': 'Recolor',
  'control-sketch': 'Sketch',
  'control-structure': 'Structure',
};

export const MASK_TASKS: readonly EditTask[] = ['inpaint', 'erase-object'];

export function needsMask(task: EditTask): boolean {
  return MASK_TASKS.includes(task);
}

/** The edits whose control image may be a sketch drawn over the selected image. */
export const SKETCH_TASKS: readonly EditTask[] = ['control-sketch', 'control-structure'];

export function canSketch(task: EditTask): boolean {
  return SKETCH_TASKS.includes(task);
}

export interface Sides {
  left: number;
  right: number;
  up: number;
  down: number;
}

export interface EditChoice {
  modelId: string;
  label: string;
  /** Why this model cannot make this edit of this image; null when it can. */
  disabledReason: string | null;
}

/** What the model needs from the user for this task. */
export function promptNeed(spec: ModelSpec | undefined, task: EditTask): 'required' | 'optional' | 'none' {
  if (!spec) return 'none';
  // Try the model's own rule: an empty prompt that validates means the prompt is optional or refused.
  const probe = (prompt: string) =>
    validateParams({
      modelId: spec.id,
      task,
      prompt,
      count: 1,
      initImageId: 'probe',
      ...(needsMask(task) ? { maskImageId: 'probe' } : {}),
      ...(task === 'outpaint' ? { outpaint: { left: 64, right: 0, up: 0, down: 0 } } : {}),
      ...(task === 'style-transfer' ? { styleImageId: 'probe' } : {}),
    }).filter((i) => i.field === 'prompt');
  const empty = probe('');
  const given = probe('a test');
  if (empty.length > 0) return 'required';
  if (given.length > 0) return 'none';
  return 'optional';
}

/** Fits the source's size in the model's input limits? A reason when not. */
export function inputProblem(spec: ModelSpec, size: ImageSize): string | null {
  const l = spec.limits.inputImage;
  if (!l) return null;
  const { width, height } = size;
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  if (l.minSide !== undefined && short < l.minSide)
    return `${spec.label} needs at least ${l.minSide} px per side (this image is ${width}×${height}).`;
  if (l.maxSide !== undefined && long > l.maxSide)
    return `${spec.label} takes at most ${l.maxSide} px per side (this image is ${width}×${height}).`;
  if (l.maxPixels !== undefined && width * height > l.maxPixels)
    return `${spec.label} takes at most ${(l.maxPixels / 1e6).toFixed(1)} megapixels (this image has ${((width * height) / 1e6).toFixed(1)}).`;
  if (l.maxAspect !== undefined && long / short > l.maxAspect)
    return `${spec.label} takes at most a ${l.maxAspect}:1 aspect ratio.`;
  return null;
}

/**
 * The models (of those available) that can make `task`, each with a reason when it cannot take
 * this image. Active models first, end-of-life last.
 */
export function editChoices(
  task: EditTask,
  available: readonly { id: string; label: string; tasks: readonly Task[] }[],
  size: ImageSize | null,
): EditChoice[] {
  const rank = (id: string) =>
    ({ active: 0, legacy: 1, 'end-of-life': 2 })[findModel(id)?.lifecycle.status ?? 'active'];
  return available
    .filter((m) => m.tasks.includes(task))
    .map((m) => {
      const spec = findModel(m.id);
      let reason: string | null = null;
      if (!spec) reason = `Easel does not know how to call ${m.label}.`;
      else if (spec.lifecycle.status === 'end-of-life')
        reason = `${spec.label} has reached its end of life on Bedrock.`;
      else if (task === 'outpaint' && spec.limits.maskChanges === 'black')
        reason = `${spec.label} outpaints inside a mask, not by extending the frame.`;
      else if (size) reason = inputProblem(spec, size);
      return { modelId: m.id, label: spec?.label ?? m.label, disabledReason: reason };
    })
    .sort((a, b) => rank(a.modelId) - rank(b.modelId));
}

/** Why the button for `task` is disabled (null: at least one model can do it). */
export function taskDisabledReason(task: EditTask, choices: readonly EditChoice[]): string | null {
  if (choices.length === 0)
    return `No model available with this profile and region can ${EDIT_LABELS[task].toLowerCase()}.`;
  if (choices.every((c) => c.disabledReason !== null)) return choices[0]?.disabledReason ?? null;
  return null;
}

/** An Image Service's own fields (service-table.ts), as the edit bar sets them. */
export interface ServiceChoices {
  /** Text and number fields by Bedrock key (search_prompt, control_strength, ...). */
  values: Readonly<Record<string, string | number>>;
  /** '' = none. */
  stylePreset: string;
  /** '' = the service's default. */
  aspectRatio: string;
  /** Style transfer: the library image whose style is applied. */
  styleImageId?: string;
}

export const NO_SERVICE_CHOICES: ServiceChoices = { values: {}, stylePreset: '', aspectRatio: '' };

/** The Image Service behind a model, or undefined for the other families. */
export function editService(spec: ModelSpec | undefined): ServiceModel | undefined {
  return spec?.family === 'stability-services' ? serviceOf(spec) : undefined;
}

/** A number option's value: the one chosen, held to the catalog's range, else the catalog's default. */
export function optionValue(option: NumberOption, chosen: string | number | undefined): number {
  const { min, max, default: fallback } = option.range;
  if (typeof chosen !== 'number' || !Number.isFinite(chosen)) return fallback;
  const held = Math.min(max, Math.max(min, chosen));
  return option.integer ? Math.round(held) : held;
}

/** The step of a number option's slider: whole numbers, else hundredths. */
export function optionStep(option: NumberOption): number {
  return option.integer ? 1 : 0.01;
}

export interface EditInput {
  task: EditTask;
  modelId: string;
  imageId: string;
  prompt: string;
  negativePrompt: string;
  strength: number;
  maskImageId?: string;
  outpaint: Sides;
  seed?: number;
  service?: ServiceChoices;
}

/** The service's own fields of an edit: options (extra), style preset, aspect ratio, style image. */
function serviceParams(spec: ModelSpec, service: ServiceModel, choices: ServiceChoices): Partial<GenerationParams> {
  const extra: Record<string, string | number> = {};
  for (const text of service.texts) {
    const value = choices.values[text.key];
    if (typeof value === 'string' && value.trim() !== '') extra[text.key] = value.trim();
  }
  for (const option of service.numbers) extra[option.key] = optionValue(option, choices.values[option.key]);
  const params: Partial<GenerationParams> = Object.keys(extra).length > 0 ? { extra } : {};
  if (service.stylePreset && spec.limits.stylePresets?.includes(choices.stylePreset))
    params.stylePreset = choices.stylePreset;
  if (service.aspectRatio && spec.limits.aspectRatios?.includes(choices.aspectRatio))
    params.aspectRatio = choices.aspectRatio;
  if (service.styleImage && choices.styleImageId !== undefined) params.styleImageId = choices.styleImageId;
  return params;
}

/** The GenerationParams of one edit, with only what the model takes. */
export function buildEditParams(input: EditInput): GenerationParams {
  const spec = findModel(input.modelId);
  const need = promptNeed(spec, input.task);
  const params: GenerationParams = {
    modelId: input.modelId,
    task: input.task,
    prompt: need === 'none' ? '' : input.prompt.trim(),
    count: 1,
    initImageId: input.imageId,
  };
  if (need !== 'none' && spec?.limits.negativePrompt && input.negativePrompt.trim() !== '')
    params.negativePrompt = input.negativePrompt.trim();
  if (input.task === 'image-to-image' && spec?.limits.strength)
    params.strength = Math.min(spec.limits.strength.max, Math.max(spec.limits.strength.min, input.strength));
  if (needsMask(input.task) && input.maskImageId !== undefined) params.maskImageId = input.maskImageId;
  if (input.task === 'outpaint') params.outpaint = { ...input.outpaint };
  const seedless =
    input.task === 'remove-background' || (input.task === 'upscale' && spec?.limits.upscaleFactor !== undefined);
  if (input.seed !== undefined && !seedless) params.seed = input.seed;
  const service = editService(spec);
  return spec && service ? { ...params, ...serviceParams(spec, service, input.service ?? NO_SERVICE_CHOICES) } : params;
}

/** The size of an edit's result, when the task decides it (outpaint, a fixed-factor upscale). */
export function resultSize(
  task: EditTask,
  spec: ModelSpec | undefined,
  size: ImageSize,
  sides: Sides,
): ImageSize | null {
  if (task === 'outpaint')
    return { width: size.width + sides.left + sides.right, height: size.height + sides.up + sides.down };
  if (task === 'upscale' && spec?.limits.upscaleFactor)
    return { width: size.width * spec.limits.upscaleFactor, height: size.height * spec.limits.upscaleFactor };
  if (task === 'upscale') return null;
  return size;
}

/** What a service still needs from the edit bar before it can run (null: nothing). */
export function serviceBlocker(service: ServiceModel | undefined, choices: ServiceChoices): string | null {
  if (!service) return null;
  if (service.styleImage && choices.styleImageId === undefined)
    return 'Choose the style image: another image on the canvas.';
  for (const text of service.texts) {
    const value = choices.values[text.key];
    if (typeof value !== 'string' || value.trim() === '') return `Fill in "${text.question}".`;
  }
  return null;
}
