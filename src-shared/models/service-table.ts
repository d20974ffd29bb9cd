// The thirteen Stability Image Services on Bedrock: each one's fields and limits, as data.
// Fields follow AWS's "Stability AI Image Services" page; builders in stability-services.ts.
import type { Task } from '../domain.ts';
import type { InputImageLimits, Range } from './types.ts';

export type Need = 'required' | 'optional' | 'none';

/** A numeric option, set through `params.extra[key]` (key = the Bedrock field). */
export interface NumberOption {
  key: string;
  label: string;
  range: Range;
  integer?: boolean;
}

/** A text option other than the prompt (`search_prompt`, `select_prompt`), in `params.extra[key]`. */
export interface TextOption {
  key: string;
  /** What the field holds, as the catalog's messages name it ("what to replace"). */
  label: string;
  /** What the UI asks ("What to find"). */
  question: string;
}

export interface ServiceModel {
  name: string;
  label: string;
  task: Task;
  prompt: Need;
  mask: Need;
  negativePrompt: boolean;
  seeded: boolean;
  /** The field carrying the source image: `image`, or `init_image` for style transfer. */
  imageField: 'image' | 'init_image';
  /** Style transfer: a second image, `style_image`. */
  styleImage?: boolean;
  texts: readonly TextOption[];
  numbers: readonly NumberOption[];
  stylePreset: boolean;
  /** Style guide: `aspect_ratio` of the output. */
  aspectRatio?: boolean;
  outpaint?: boolean;
  input: InputImageLimits;
  upscaleFactor?: number;
}

// Common input limits: ≥64 px a side, ≤9,437,184 px, aspect 1:2.5 to 2.5:1.
const COMMON_INPUT: InputImageLimits = { minSide: 64, maxPixels: 9_437_184, maxAspect: 2.5 };

export const GROW_MASK = (defaultValue: number): NumberOption => ({
  key: 'grow_mask',
  label: 'Grow mask',
  range: { min: 0, max: 20, default: defaultValue },
  integer: true,
});
const CONTROL_STRENGTH: NumberOption = {
  key: 'control_strength',
  label: 'Control strength',
  range: { min: 0, max: 1, default: 0.7 },
};
const creativity = (min: number, max: number, defaultValue: number): NumberOption => ({
  key: 'creativity',
  label: 'Creativity',
  range: { min, max, default: defaultValue },
});

const EDIT = { negativePrompt: true, seeded: true, imageField: 'image', texts: [], input: COMMON_INPUT } as const;

export const SERVICES: readonly ServiceModel[] = [
  {
    ...EDIT,
    name: 'stable-image-inpaint',
    label: 'Stable Image Inpaint',
    task: 'inpaint',
    prompt: 'required',
    mask: 'optional',
    numbers: [GROW_MASK(5)],
    stylePreset: true,
  },
  {
    ...EDIT,
    name: 'stable-outpaint',
    label: 'Stable Outpaint',
    task: 'outpaint',
    prompt: 'optional',
    mask: 'none',
    numbers: [creativity(0.1, 1, 0.5)],
    stylePreset: true,
    outpaint: true,
  },
  {
    ...EDIT,
    name: 'stable-image-erase-object',
    label: 'Stable Image Erase Object',
    task: 'erase-object',
    prompt: 'none',
    mask: 'required',
    negativePrompt: false,
    numbers: [GROW_MASK(5)],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-image-remove-background',
    label: 'Stable Image Remove Background',
    task: 'remove-background',
    prompt: 'none',
    mask: 'none',
    negativePrompt: false,
    seeded: false,
    numbers: [],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-image-search-replace',
    label: 'Stable Image Search and Replace',
    task: 'search-replace',
    prompt: 'required',
    mask: 'none',
    texts: [{ key: 'search_prompt', label: 'What to replace', question: 'What to find' }],
    numbers: [GROW_MASK(3)],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-image-search-recolor',
    label: 'Stable Image Search and Recolor',
    task: 'search-recolor',
    prompt: 'required',
    mask: 'none',
    texts: [{ key: 'select_prompt', label: 'What to recolor', question: 'What to recolor' }],
    numbers: [GROW_MASK(3)],
    stylePreset: true,
  },
  {
    ...EDIT,
    name: 'stable-image-control-sketch',
    label: 'Stable Image Control Sketch',
    task: 'control-sketch',
    prompt: 'required',
    mask: 'none',
    numbers: [CONTROL_STRENGTH],
    stylePreset: true,
  },
  {
    ...EDIT,
    name: 'stable-image-control-structure',
    label: 'Stable Image Control Structure',
    task: 'control-structure',
    prompt: 'required',
    mask: 'none',
    numbers: [CONTROL_STRENGTH],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-image-style-guide',
    label: 'Stable Image Style Guide',
    task: 'style-guide',
    prompt: 'required',
    mask: 'none',
    numbers: [{ key: 'fidelity', label: 'Fidelity', range: { min: 0, max: 1, default: 0.5 } }],
    stylePreset: false,
    aspectRatio: true,
  },
  {
    ...EDIT,
    name: 'stable-style-transfer',
    label: 'Stable Style Transfer',
    task: 'style-transfer',
    prompt: 'optional',
    mask: 'none',
    imageField: 'init_image',
    styleImage: true,
    numbers: [
      { key: 'style_strength', label: 'Style strength', range: { min: 0, max: 1, default: 1 } },
      { key: 'composition_fidelity', label: 'Composition fidelity', range: { min: 0, max: 1, default: 0.9 } },
      { key: 'change_strength', label: 'Change strength', range: { min: 0.1, max: 1, default: 0.9 } },
    ],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-fast-upscale',
    label: 'Stable Fast Upscale (4×)',
    task: 'upscale',
    prompt: 'none',
    mask: 'none',
    negativePrompt: false,
    seeded: false,
    numbers: [],
    stylePreset: false,
    // Each side 32–1,536 px, 1,024–1,048,576 px in total.
    input: { minSide: 32, maxSide: 1536, minPixels: 1024, maxPixels: 1_048_576, maxAspect: 2.5 },
    upscaleFactor: 4,
  },
  {
    ...EDIT,
    name: 'stable-conservative-upscale',
    label: 'Stable Conservative Upscale',
    task: 'upscale',
    prompt: 'required',
    mask: 'none',
    numbers: [creativity(0.1, 0.5, 0.35)],
    stylePreset: false,
  },
  {
    ...EDIT,
    name: 'stable-creative-upscale',
    label: 'Stable Creative Upscale',
    task: 'upscale',
    prompt: 'required',
    mask: 'none',
    numbers: [creativity(0.1, 0.5, 0.3)],
    stylePreset: true,
    input: { minSide: 64, minPixels: 4096, maxPixels: 1_048_576, maxAspect: 2.5 },
  },
];

/** The service of a base id such as `stability.stable-image-inpaint-v1:0`. */
export function serviceByBaseId(baseId: string): ServiceModel | undefined {
  return SERVICES.find((s) => `stability.${s.name}-v1:0` === baseId);
}

/** An unknown service id: its task guessed from its name, with the closest known service's fields. */
export function guessService(baseId: string): ServiceModel | undefined {
  const name = baseId.replace(/^stability\./, '').replace(/-v\d+(:\d+)?$/, '');
  const like = (known: string) => SERVICES.find((s) => s.name === known);
  const guesses: readonly [string, string][] = [
    ['inpaint', 'stable-image-inpaint'],
    ['outpaint', 'stable-outpaint'],
    ['erase', 'stable-image-erase-object'],
    ['remove-background', 'stable-image-remove-background'],
    ['search-replace', 'stable-image-search-replace'],
    ['recolor', 'stable-image-search-recolor'],
    ['sketch', 'stable-image-control-sketch'],
    ['structure', 'stable-image-control-structure'],
    ['style-guide', 'stable-image-style-guide'],
    ['style-transfer', 'stable-style-transfer'],
    ['fast-upscale', 'stable-fast-upscale'],
    ['creative-upscale', 'stable-creative-upscale'],
    ['upscale', 'stable-conservative-upscale'],
  ];
  for (const [part, known] of guesses) {
    const service = like(known);
    if (name.includes(part) && service) return { ...service, name };
  }
  return undefined;
}
