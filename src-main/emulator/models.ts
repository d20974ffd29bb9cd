// The emulator's own model list (deliberately independent of the app's catalog in src-shared/models,
// so tests compare two implementations of BEDROCK.md instead of one with itself).

export type Family = 'stability-v1' | 'stability-v2' | 'stability-services' | 'amazon-image';

export interface EmulatedModel {
  id: string;
  name: string;
  provider: 'Stability AI' | 'Amazon';
  family: Family;
  /** ListFoundationModels' modelLifecycle.status. */
  lifecycle: 'ACTIVE' | 'LEGACY';
  inputModalities: Array<'TEXT' | 'IMAGE'>;
  inferenceTypes: Array<'ON_DEMAND' | 'INFERENCE_PROFILE'>;
}

const stabilityService = (slug: string, name: string, text = false): EmulatedModel => ({
  id: `stability.${slug}-v1:0`,
  name,
  provider: 'Stability AI',
  family: 'stability-services',
  lifecycle: 'ACTIVE',
  inputModalities: text ? ['TEXT', 'IMAGE'] : ['IMAGE'],
  inferenceTypes: ['INFERENCE_PROFILE'],
});

export const MODELS: readonly EmulatedModel[] = [
  {
    id: 'stability.stable-diffusion-xl-v1',
    name: 'SDXL 1.0',
    provider: 'Stability AI',
    family: 'stability-v1',
    lifecycle: 'LEGACY',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['ON_DEMAND'],
  },
  {
    id: 'stability.sd3-5-large-v1:0',
    name: 'Stable Diffusion 3.5 Large',
    provider: 'Stability AI',
    family: 'stability-v2',
    lifecycle: 'ACTIVE',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['ON_DEMAND'],
  },
  {
    id: 'stability.stable-image-core-v1:1',
    name: 'Stable Image Core 1.0',
    provider: 'Stability AI',
    family: 'stability-v2',
    lifecycle: 'ACTIVE',
    inputModalities: ['TEXT'],
    inferenceTypes: ['ON_DEMAND'],
  },
  {
    id: 'stability.stable-image-ultra-v1:1',
    name: 'Stable Image Ultra 1.0',
    provider: 'Stability AI',
    family: 'stability-v2',
    lifecycle: 'ACTIVE',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['ON_DEMAND'],
  },
  stabilityService('stable-image-inpaint', 'Stable Image Inpaint', true),
  stabilityService('stable-outpaint', 'Stable Outpaint', true),
  stabilityService('stable-image-erase-object', 'Stable Image Erase Object'),
  stabilityService('stable-image-remove-background', 'Stable Image Remove Background'),
  stabilityService('stable-fast-upscale', 'Stable Fast Upscale'),
  stabilityService('stable-conservative-upscale', 'Stable Conservative Upscale', true),
  stabilityService('stable-creative-upscale', 'Stable Creative Upscale', true),
  stabilityService('stable-image-search-replace', 'Stable Image Search and Replace', true),
  stabilityService('stable-image-search-recolor', 'Stable Image Search and Recolor', true),
  stabilityService('stable-image-control-sketch', 'Stable Image Control Sketch', true),
  stabilityService('stable-image-control-structure', 'Stable Image Control Structure', true),
  stabilityService('stable-image-style-guide', 'Stable Image Style Guide', true),
  stabilityService('stable-style-transfer', 'Stable Style Transfer', true),
  {
    id: 'amazon.titan-image-generator-v2:0',
    name: 'Titan Image Generator G1 v2',
    provider: 'Amazon',
    family: 'amazon-image',
    lifecycle: 'LEGACY',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['ON_DEMAND'],
  },
  {
    id: 'amazon.nova-canvas-v1:0',
    name: 'Nova Canvas',
    provider: 'Amazon',
    family: 'amazon-image',
    lifecycle: 'LEGACY',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['ON_DEMAND'],
  },
];

/** Cross-region inference profile prefixes that map onto a model id. */
export const PROFILE_PREFIXES = ['us.', 'eu.', 'apac.'] as const;

/** The model an invoked id names: the id itself, or a cross-region profile of it. */
export function resolveModel(invokedId: string): EmulatedModel | undefined {
  const direct = MODELS.find((m) => m.id === invokedId);
  if (direct) return direct;
  for (const prefix of PROFILE_PREFIXES) {
    if (invokedId.startsWith(prefix)) return MODELS.find((m) => m.id === invokedId.slice(prefix.length));
  }
  return undefined;
}

/** The base id for config lookups: `us.stability.x` and `stability.x` are the same model. */
export function baseModelId(id: string): string {
  return resolveModel(id)?.id ?? id;
}
