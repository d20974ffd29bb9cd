// Helpers shared by the family files: validation messages, sizes, base64 checks.
import { EaselError } from '../errors.ts';
import { TASKS } from '../domain.ts';
import type { GenerationParams, Task } from '../domain.ts';
import type { BuildContext, FieldIssue, ImageSize, ModelSpec, Range, SizeRange } from './types.ts';

/** Tasks that need a source image: every task but text-to-image. */
export const TASKS_NEEDING_IMAGE: ReadonlySet<Task> = new Set<Task>(TASKS.filter((task) => task !== 'text-to-image'));

const TASK_LABEL: Record<Task, string> = {
  'text-to-image': 'text-to-image',
  'image-to-image': 'image-to-image',
  inpaint: 'inpainting',
  outpaint: 'outpainting',
  'erase-object': 'object erasing',
  'remove-background': 'background removal',
  upscale: 'upscaling',
  variation: 'image variation',
  'search-replace': 'search and replace',
  'search-recolor': 'search and recolor',
  'control-sketch': 'sketch to image',
  'control-structure': 'structure-guided generation',
  'style-guide': 'style-guided generation',
  'style-transfer': 'style transfer',
};

export function taskLabel(task: Task): string {
  return TASK_LABEL[task];
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

export function checkRange(
  issues: FieldIssue[],
  field: string,
  name: string,
  value: number | undefined,
  range: Range | undefined,
  label: string,
): void {
  if (value === undefined) return;
  if (!range) {
    issues.push({ field, message: `${label} does not take a ${name.toLowerCase()} setting` });
    return;
  }
  if (!(value >= range.min && value <= range.max)) {
    issues.push({
      field,
      message: `${name} must be between ${trimNumber(range.min)} and ${trimNumber(range.max)} for ${label}`,
    });
  }
}

export function checkTask(issues: FieldIssue[], spec: ModelSpec, params: GenerationParams): boolean {
  if (spec.tasks.includes(params.task)) return true;
  const supported = spec.tasks.map(taskLabel).join(', ') || 'nothing Easel can build yet';
  issues.push({
    field: 'task',
    message: `${spec.label} does not do ${taskLabel(params.task)}; it supports ${supported}`,
  });
  return false;
}

export function checkPrompt(issues: FieldIssue[], spec: ModelSpec, params: GenerationParams, required: boolean): void {
  const { promptMinChars, promptMaxChars } = spec.limits;
  const length = params.prompt.length;
  if (required && length === 0) {
    issues.push({ field: 'prompt', message: `${spec.label} needs a prompt` });
    return;
  }
  if (length === 0) return;
  if (length < promptMinChars || length > promptMaxChars) {
    issues.push({
      field: 'prompt',
      message: `The prompt must be ${promptMinChars}–${promptMaxChars} characters for ${spec.label} (it has ${length})`,
    });
  }
}

export function checkNegative(issues: FieldIssue[], spec: ModelSpec, params: GenerationParams): void {
  const negative = params.negativePrompt;
  if (negative === undefined || negative === '') return;
  if (!spec.limits.negativePrompt) {
    issues.push({ field: 'negativePrompt', message: `${spec.label} does not take a negative prompt` });
    return;
  }
  const max = spec.limits.negativePromptMaxChars ?? spec.limits.promptMaxChars;
  if (negative.length > max) {
    issues.push({
      field: 'negativePrompt',
      message: `The negative prompt must be at most ${max} characters for ${spec.label} (it has ${negative.length})`,
    });
  }
}

export function checkSeed(issues: FieldIssue[], spec: ModelSpec, seed: number | undefined): void {
  if (seed === undefined) return;
  const { max } = spec.limits.seed;
  // A locked seed of 0 is allowed where 0 means random (SDXL): the model reports the seed it used.
  if (!Number.isInteger(seed) || seed < 0 || seed > max) {
    issues.push({ field: 'seed', message: `The seed must be a whole number between 0 and ${max} for ${spec.label}` });
  }
}

export function checkChoice(
  issues: FieldIssue[],
  field: string,
  name: string,
  value: string | undefined,
  choices: readonly string[] | undefined,
  label: string,
): void {
  if (value === undefined) return;
  if (!choices) {
    issues.push({ field, message: `${label} does not take a ${name}` });
    return;
  }
  if (!choices.includes(value))
    issues.push({ field, message: `${label} has no ${name} "${value}"; choose one of ${choices.join(', ')}` });
}

export function checkInitImage(
  issues: FieldIssue[],
  spec: ModelSpec,
  params: GenerationParams,
  size: ImageSize | undefined,
): void {
  if (!TASKS_NEEDING_IMAGE.has(params.task)) {
    if (params.initImageId !== undefined && params.task === 'text-to-image') {
      issues.push({
        field: 'initImageId',
        message: 'A source image is set but the task is text-to-image; choose image-to-image or clear the image',
      });
    }
    return;
  }
  if (params.initImageId === undefined) {
    issues.push({ field: 'initImageId', message: `${taskLabel(params.task)} with ${spec.label} needs a source image` });
    return;
  }
  const limits = spec.limits.inputImage;
  if (!limits || !size) return;
  const long = Math.max(size.width, size.height);
  const short = Math.min(size.width, size.height);
  const desc = `${size.width}×${size.height}`;
  if (short < limits.minSide)
    issues.push({
      field: 'initImageId',
      message: `The source image (${desc}) must be at least ${limits.minSide} px on each side for ${spec.label}`,
    });
  if (limits.maxSide !== undefined && long > limits.maxSide)
    issues.push({
      field: 'initImageId',
      message: `The source image (${desc}) must be at most ${limits.maxSide} px on each side for ${spec.label}`,
    });
  if (limits.minPixels !== undefined && size.width * size.height < limits.minPixels)
    issues.push({
      field: 'initImageId',
      message: `The source image (${desc}) must have at least ${limits.minPixels.toLocaleString('en-US')} pixels for ${spec.label}`,
    });
  if (limits.maxPixels !== undefined && size.width * size.height > limits.maxPixels)
    issues.push({
      field: 'initImageId',
      message: `The source image (${desc}) must have at most ${limits.maxPixels.toLocaleString('en-US')} pixels for ${spec.label}`,
    });
  if (limits.maxAspect !== undefined && short > 0 && long / short > limits.maxAspect)
    issues.push({
      field: 'initImageId',
      message: `The source image (${desc}) must have an aspect ratio between 1:${limits.maxAspect} and ${limits.maxAspect}:1 for ${spec.label}`,
    });
}

export function checkMask(issues: FieldIssue[], spec: ModelSpec, params: GenerationParams, required: boolean): void {
  if (required && params.maskImageId === undefined) {
    issues.push({
      field: 'maskImageId',
      message: `${taskLabel(params.task)} with ${spec.label} needs a mask (white marks what to change)`,
    });
  }
}

export function sizeLabel(size: ImageSize): string {
  return `${size.width}x${size.height}`;
}

export function checkSize(issues: FieldIssue[], spec: ModelSpec, params: GenerationParams): void {
  const sizes = spec.limits.sizes;
  if (params.width === undefined && params.height === undefined) return;
  if (params.width === undefined || params.height === undefined) {
    issues.push({
      field: params.width === undefined ? 'width' : 'height',
      message: 'Set both width and height, or neither',
    });
    return;
  }
  if (!sizes) {
    issues.push({
      field: 'width',
      message: `${spec.label} does not take a size${spec.limits.aspectRatios ? '; choose an aspect ratio' : ''}`,
    });
    return;
  }
  const size = { width: params.width, height: params.height };
  if (sizes.kind === 'list') {
    if (!sizes.sizes.some((s) => s.width === size.width && s.height === size.height)) {
      issues.push({
        field: 'width',
        message: `${spec.label} takes only these sizes: ${sizes.sizes.map(sizeLabel).join(', ')} (not ${sizeLabel(size)})`,
      });
    }
    return;
  }
  checkSizeRange(issues, spec.label, sizes, size);
}

function checkSizeRange(issues: FieldIssue[], label: string, range: SizeRange, size: ImageSize): void {
  for (const field of ['width', 'height'] as const) {
    const value = size[field];
    if (value < range.min || value > range.max || value % range.multipleOf !== 0) {
      issues.push({
        field,
        message: `The ${field} must be between ${range.min} and ${range.max} px and divisible by ${range.multipleOf} for ${label} (not ${value})`,
      });
    }
  }
  if (size.width * size.height >= range.maxPixels) {
    issues.push({
      field: 'width',
      message: `The image must have fewer than ${range.maxPixels.toLocaleString('en-US')} pixels for ${label} (${sizeLabel(size)} has ${(size.width * size.height).toLocaleString('en-US')})`,
    });
  }
  const long = Math.max(size.width, size.height);
  const short = Math.min(size.width, size.height);
  if (long / short > range.maxAspect) {
    issues.push({
      field: 'width',
      message: `The aspect ratio must be between 1:${range.maxAspect} and ${range.maxAspect}:1 for ${label}`,
    });
  }
}

function parseRatio(ratio: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(ratio);
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  return w > 0 && h > 0 ? w / h : undefined;
}

/** The size from a list whose shape is nearest to an aspect ratio (ties: the first listed). */
export function nearestSize(sizes: readonly ImageSize[], ratio: string): ImageSize | undefined {
  const target = parseRatio(ratio);
  if (target === undefined) return undefined;
  let best: ImageSize | undefined;
  let bestDistance = Infinity;
  for (const size of sizes) {
    const distance = Math.abs(Math.log(size.width / size.height) - Math.log(target));
    if (distance < bestDistance - 1e-9) {
      best = size;
      bestDistance = distance;
    }
  }
  return best;
}

/** The aspect ratio from a list nearest to a width × height (ties: the first listed). */
export function nearestAspectRatio(ratios: readonly string[], size: ImageSize): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const ratio of ratios) {
    const value = parseRatio(ratio);
    if (value === undefined) continue;
    const distance = Math.abs(Math.log(value) - Math.log(size.width / size.height));
    if (distance < bestDistance - 1e-9) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

export function isValidAspectRatio(ratio: string): boolean {
  return parseRatio(ratio) !== undefined;
}

/** Builders refuse to build what the validator rejects: the first issue becomes the error. */
export function throwIfIssues(issues: FieldIssue[]): void {
  const first = issues[0];
  if (first) throw new EaselError('validation', first.message, { field: String(first.field) });
}

export function checkSeedForBuild(spec: ModelSpec, ctx: BuildContext): void {
  const { max } = spec.limits.seed;
  if (!Number.isInteger(ctx.seed) || ctx.seed < 0 || ctx.seed > max) {
    throw new EaselError('validation', `The seed must be a whole number between 0 and ${max} for ${spec.label}`, {
      field: 'seed',
    });
  }
}

export function requireImage(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): string {
  if (ctx.initImageBase64 === undefined || ctx.initImageBase64 === '') {
    throw new EaselError('validation', `${taskLabel(params.task)} with ${spec.label} needs a source image`, {
      field: 'initImageId',
    });
  }
  return ctx.initImageBase64;
}

export function requireMask(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): string {
  if (ctx.maskBase64 === undefined || ctx.maskBase64 === '') {
    throw new EaselError('validation', `${taskLabel(params.task)} with ${spec.label} needs a mask`, {
      field: 'maskImageId',
    });
  }
  return ctx.maskBase64;
}

/** Reads an `extra` option as a number. */
export function extraNumber(params: GenerationParams, key: string): number | undefined {
  const value = params.extra?.[key];
  return typeof value === 'number' ? value : undefined;
}

export function extraString(params: GenerationParams, key: string): string | undefined {
  const value = params.extra?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function malformed(spec: ModelSpec, detail: string): EaselError {
  return new EaselError(
    'malformed-response',
    `Bedrock sent a response Easel cannot read for ${spec.label}: ${detail}. Try again; if it persists, report it.`,
    { retryable: true },
  );
}

/**
 * Decodes strict base64 (the standard alphabet, padded to a multiple of 4), or null if it is not.
 * atob rejects any other character and a misplaced '='; it skips ASCII whitespace, which the
 * length check catches (fewer bytes than the string's length promises). atob decodes in native
 * code: ~10× faster than a /^[A-Za-z0-9+/]*={0,2}$/ test, which took ~13 ms on a 1024² image.
 */
function decodeStrictBase64(base64: string): string | null {
  if (base64.length % 4 !== 0) return null;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  let bytes: string;
  try {
    bytes = atob(base64);
  } catch {
    return null;
  }
  return bytes.length === (base64.length / 4) * 3 - padding ? bytes : null;
}

/**
 * Checks that a string is base64 of a PNG, JPEG or WebP image: catches truncated or garbled
 * payloads at the parser, with a clear message, instead of as a decoder crash later.
 */
export function checkImageBase64(spec: ModelSpec, base64: unknown): string {
  if (typeof base64 !== 'string' || base64.length === 0) throw malformed(spec, 'an image is missing');
  const bytes = decodeStrictBase64(base64);
  if (bytes === null) throw malformed(spec, 'an image is not valid base64');
  const head = bytes.slice(0, 12);
  const codes = Array.from(head, (ch) => ch.charCodeAt(0));
  const isPng = codes[0] === 0x89 && head.slice(1, 4) === 'PNG';
  const isJpeg = codes[0] === 0xff && codes[1] === 0xd8 && codes[2] === 0xff;
  const isWebp = head.slice(0, 4) === 'RIFF' && head.slice(8, 12) === 'WEBP';
  if (!isPng && !isJpeg && !isWebp) throw malformed(spec, 'the returned data is not a PNG, JPEG or WebP image');
  return base64;
}
