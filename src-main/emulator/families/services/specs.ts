// The thirteen Stability Image Services' request bodies as Bedrock takes them in 2026 (fields,
// required keys, defaults, limits), and what the 2025 emulator accepted instead.
import type { Schema } from '../../schema.ts';
import { int, num, oneOf, str } from '../../schema.ts';
import { ASPECT_SIZES, OUTPUT_FORMATS, STYLE_PRESETS } from '../stability-v2.ts';

export interface ServiceSpec {
  /** The service's name in Stability's messages ("Available fields for control-sketch are: …"). */
  short: string;
  fields: Record<string, Schema>;
  required: string[];
  /** Values a body may leave out; spelling one out yields the same image. */
  defaults: Record<string, unknown>;
  /** The 2025 emulator's differences (fields added or replaced). */
  fields2025?: Record<string, Schema>;
}

const prompt = str({ minLength: 1, maxLength: 10000 });
const optionalPrompt = str({ maxLength: 10000 });
const negative_prompt = str({ maxLength: 10000 });
const image = str();
const seed = int(0, 4294967294);
const output_format = oneOf(OUTPUT_FORMATS);
const style_preset = oneOf(STYLE_PRESETS);
const side = int(0, 2000);
const strength = num(0, 1);
const base = { negative_prompt: '', output_format: 'png' };

export const SERVICE_SPECS: Record<string, ServiceSpec> = {
  'stable-image-inpaint': {
    short: 'inpaint',
    fields: { prompt, image, mask: image, negative_prompt, grow_mask: int(0, 20), seed, output_format, style_preset },
    required: ['prompt', 'image'],
    defaults: { ...base, grow_mask: 5 },
  },
  'stable-outpaint': {
    short: 'outpaint',
    fields: {
      image,
      prompt: optionalPrompt,
      negative_prompt,
      left: side,
      right: side,
      up: side,
      down: side,
      creativity: num(0.1, 1),
      seed,
      output_format,
      style_preset,
    },
    required: ['image'],
    defaults: { ...base, prompt: '', left: 0, right: 0, up: 0, down: 0, creativity: 0.5 },
  },
  'stable-image-erase-object': {
    short: 'erase-object',
    fields: { image, mask: image, grow_mask: int(0, 20), seed, output_format },
    required: ['image'],
    defaults: { output_format: 'png', grow_mask: 5 },
  },
  'stable-image-remove-background': {
    short: 'remove-background',
    fields: { image, output_format },
    required: ['image'],
    defaults: { output_format: 'png' },
    fields2025: { output_format: oneOf(['png', 'webp']) },
  },
  'stable-fast-upscale': {
    short: 'fast-upscale',
    fields: { image, output_format },
    required: ['image'],
    defaults: { output_format: 'png' },
    fields2025: { seed },
  },
  'stable-conservative-upscale': {
    short: 'conservative-upscale',
    fields: { prompt, image, negative_prompt, creativity: num(0.1, 0.5), seed, output_format },
    required: ['prompt', 'image'],
    defaults: { ...base, creativity: 0.35 },
    fields2025: { creativity: num(0.2, 0.5) },
  },
  'stable-creative-upscale': {
    short: 'creative-upscale',
    fields: { prompt, image, negative_prompt, creativity: num(0.1, 0.5), seed, output_format, style_preset },
    required: ['prompt', 'image'],
    defaults: { ...base, creativity: 0.3 },
  },
  'stable-image-search-replace': {
    short: 'search-replace',
    fields: { prompt, image, search_prompt: prompt, negative_prompt, grow_mask: int(0, 20), seed, output_format },
    required: ['prompt', 'search_prompt', 'image'],
    defaults: { ...base, grow_mask: 3 },
    fields2025: { style_preset },
  },
  'stable-image-search-recolor': {
    short: 'search-recolor',
    fields: {
      prompt,
      image,
      select_prompt: prompt,
      negative_prompt,
      grow_mask: int(0, 20),
      seed,
      output_format,
      style_preset,
    },
    required: ['prompt', 'select_prompt', 'image'],
    defaults: { ...base, grow_mask: 3 },
  },
  'stable-image-control-sketch': {
    short: 'control-sketch',
    fields: { prompt, image, control_strength: strength, negative_prompt, seed, output_format, style_preset },
    required: ['prompt', 'image'],
    defaults: { ...base, control_strength: 0.7 },
  },
  'stable-image-control-structure': {
    short: 'control-structure',
    fields: { prompt, image, control_strength: strength, negative_prompt, seed, output_format },
    required: ['prompt', 'image'],
    defaults: { ...base, control_strength: 0.7 },
    fields2025: { style_preset },
  },
  'stable-image-style-guide': {
    short: 'style-guide',
    fields: {
      prompt,
      image,
      negative_prompt,
      aspect_ratio: oneOf(Object.keys(ASPECT_SIZES)),
      fidelity: strength,
      seed,
      output_format,
    },
    required: ['prompt', 'image'],
    defaults: { ...base, aspect_ratio: '1:1', fidelity: 0.5 },
    fields2025: { style_preset },
  },
  'stable-style-transfer': {
    short: 'style-transfer',
    fields: {
      init_image: image,
      style_image: image,
      prompt: optionalPrompt,
      negative_prompt,
      style_strength: strength,
      composition_fidelity: strength,
      change_strength: num(0.1, 1),
      seed,
      output_format,
    },
    required: ['init_image', 'style_image'],
    defaults: { ...base, prompt: '', style_strength: 1, composition_fidelity: 0.9, change_strength: 0.9 },
  },
};

/** The JSON schema of a service's body; 2026 leaves unknown keys to `invalidFieldDetail`. */
export function serviceSchema(spec: ServiceSpec, bedrock2025: boolean): Schema {
  const fields = bedrock2025 ? { ...spec.fields, ...spec.fields2025 } : spec.fields;
  return { type: 'object', properties: fields, required: spec.required, additional: !bedrock2025 };
}

/** Stability's answer to a field the service does not take (docs/bedrock.md), or undefined. */
export function invalidFieldDetail(spec: ServiceSpec, body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const unknown = Object.keys(body).find((key) => !(key in spec.fields));
  if (unknown === undefined) return undefined;
  const available = Object.keys(spec.fields).join(', ');
  const detail = `Invalid field '${unknown}'. Available fields for ${spec.short} are: ${available}`;
  return `{"detail": ${JSON.stringify(detail)}}`;
}

/** The request as the model sees it: defaults filled in, so spelling one out changes nothing. */
export function effectiveBody<T extends object>(spec: ServiceSpec, body: T): T {
  const filled: Record<string, unknown> = { ...spec.defaults };
  for (const [key, value] of Object.entries(body)) if (value !== undefined) filled[key] = value;
  return filled as T;
}
