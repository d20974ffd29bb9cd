// The emulator's own model list, as of 2026-12-01 (deliberately independent of the app's catalog in
// src-shared/models, so tests compare two implementations of docs/bedrock.md instead of one with itself).
// Each model says where it runs: on demand in some regions, and/or through cross-region inference
// profiles; `retired` models answer the end-of-life error unless the `bedrock2025` knob is on.

/** InvokeModel's request families, plus `converse`: a model called with the Converse API only. */
export type Family = 'stability-v1' | 'stability-v2' | 'stability-services' | 'amazon-image' | 'converse';
export type InvokeFamily = Exclude<Family, 'converse'>;
export type Lifecycle = 'ACTIVE' | 'LEGACY';

/** A system-defined cross-region inference profile: `<prefix>.<model id>`, callable from `regions`. */
export interface ProfileSpec {
  prefix: string;
  /** Human name prefix, e.g. "US" → "US Stable Image Inpaint". */
  label: string;
  regions: readonly string[];
}

export interface EmulatedModel {
  id: string;
  name: string;
  provider: 'Stability AI' | 'Amazon';
  /** The request family that serves InvokeModel; null: not callable with InvokeModel (video). */
  family: Family | null;
  inputModalities: Array<'TEXT' | 'IMAGE'>;
  outputModalities: Array<'TEXT' | 'IMAGE' | 'VIDEO'>;
  /** ListFoundationModels' inferenceTypesSupported. */
  inferenceTypes: Array<'ON_DEMAND' | 'INFERENCE_PROFILE'>;
  /** Regions where the plain id (or its foundation-model ARN) may be invoked on demand. */
  onDemandRegions: readonly string[];
  profiles: readonly ProfileSpec[];
  /** End of life as of 2026-12-01: ResourceNotFoundException, absent from ListFoundationModels. */
  retired: boolean;
  /** modelLifecycle.status of a model that is not retired (and of every model in 2025 mode). */
  lifecycle: Lifecycle;
  /** In the 2025 emulator (the `bedrock2025` knob): listed and callable. */
  in2025: boolean;
  /** A preview model: listed and callable only for an account with `previewAccess` (config.ts). */
  preview?: boolean;
}

export const US_PROFILE_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'] as const;
const US_PROFILE: ProfileSpec = { prefix: 'us', label: 'US', regions: US_PROFILE_REGIONS };

/** Regions where Bedrock runs (the one port answers for all of them; others fail the SigV4 scope). */
export const BEDROCK_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'us-gov-west-1',
] as const;

const stabilityService = (slug: string, name: string, text = false): EmulatedModel => ({
  id: `stability.${slug}-v1:0`,
  name,
  provider: 'Stability AI',
  family: 'stability-services',
  inputModalities: text ? ['TEXT', 'IMAGE'] : ['IMAGE'],
  outputModalities: ['IMAGE'],
  inferenceTypes: ['INFERENCE_PROFILE'],
  onDemandRegions: [],
  profiles: [US_PROFILE],
  retired: false,
  lifecycle: 'ACTIVE',
  in2025: true,
});

const model = (
  id: string,
  name: string,
  family: Family | null,
  extra: Partial<EmulatedModel> & Pick<EmulatedModel, 'retired' | 'in2025'>,
): EmulatedModel => ({
  id,
  name,
  provider: id.startsWith('amazon.') ? 'Amazon' : 'Stability AI',
  family,
  inputModalities: ['TEXT', 'IMAGE'],
  outputModalities: ['IMAGE'],
  inferenceTypes: ['ON_DEMAND'],
  onDemandRegions: ['us-west-2'],
  profiles: [],
  lifecycle: 'ACTIVE',
  ...extra,
});

export const MODELS: readonly EmulatedModel[] = [
  model('stability.stable-diffusion-xl-v1', 'SDXL 1.0', 'stability-v1', {
    retired: true,
    in2025: true,
    lifecycle: 'LEGACY',
    onDemandRegions: ['us-east-1', 'us-west-2'],
  }),
  model('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'stability-v2', { retired: false, in2025: true }),
  model('stability.stable-image-core-v1:1', 'Stable Image Core 1.0', 'stability-v2', {
    retired: false,
    in2025: true,
    inputModalities: ['TEXT'],
  }),
  model('stability.stable-image-ultra-v1:1', 'Stable Image Ultra 1.0', 'stability-v2', {
    retired: false,
    in2025: true,
  }),
  model('stability.sd3-large-v1:0', 'SD3 Large 1.0', 'stability-v2', { retired: true, in2025: false }),
  model('stability.stable-image-core-v1:0', 'Stable Image Core 1.0', 'stability-v2', {
    retired: true,
    in2025: false,
    inputModalities: ['TEXT'],
  }),
  model('stability.stable-image-ultra-v1:0', 'Stable Image Ultra 1.0', 'stability-v2', {
    retired: true,
    in2025: false,
  }),
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
  model('amazon.titan-image-generator-v1', 'Titan Image Generator G1', 'amazon-image', {
    retired: true,
    in2025: false,
    lifecycle: 'LEGACY',
    onDemandRegions: ['us-east-1', 'us-west-2'],
  }),
  model('amazon.titan-image-generator-v2:0', 'Titan Image Generator G1 v2', 'amazon-image', {
    retired: true,
    in2025: true,
    lifecycle: 'LEGACY',
    onDemandRegions: ['us-east-1', 'us-west-2'],
  }),
  model('amazon.nova-canvas-v1:0', 'Nova Canvas', 'amazon-image', {
    retired: true,
    in2025: true,
    lifecycle: 'LEGACY',
    onDemandRegions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
  }),
  // Preview (docs/bedrock.md): called with Converse through the US profile only; replies carry images.
  model('amazon.nova-2-omni-v1:0', 'Nova 2 Omni', 'converse', {
    retired: false,
    in2025: false,
    preview: true,
    outputModalities: ['TEXT', 'IMAGE'],
    inferenceTypes: ['INFERENCE_PROFILE'],
    onDemandRegions: [],
    profiles: [US_PROFILE],
  }),
  model('amazon.nova-reel-v1:0', 'Nova Reel', null, {
    retired: true,
    in2025: false,
    outputModalities: ['VIDEO'],
    onDemandRegions: ['us-east-1'],
  }),
  model('amazon.nova-reel-v1:1', 'Nova Reel', null, {
    retired: true,
    in2025: false,
    outputModalities: ['VIDEO'],
    onDemandRegions: ['us-east-1'],
  }),
];

export function findModel(id: string): EmulatedModel | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Cross-region inference profile prefixes the 2025 emulator mapped onto any model id. */
export const PROFILE_PREFIXES = ['us.', 'eu.', 'apac.'] as const;

/** The model an invoked id names: the id itself, or a cross-region profile of it (no region rules). */
export function resolveModel(invokedId: string): EmulatedModel | undefined {
  const direct = findModel(invokedId);
  if (direct) return direct;
  for (const prefix of PROFILE_PREFIXES) {
    if (invokedId.startsWith(prefix)) return findModel(invokedId.slice(prefix.length));
  }
  return undefined;
}

/** The base id for config lookups: `us.stability.x`, an ARN of it and `stability.x` are the same model. */
export function baseModelId(id: string): string {
  const arn = /^arn:aws:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(id);
  const plain = arn?.[1] ?? id;
  return resolveModel(plain)?.id ?? plain;
}
