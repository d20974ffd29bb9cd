// Types of the model catalog. Every family file fills these in; index.ts dispatches on them.
import type { GenerationParams, Task } from '../domain.ts';

export type FamilyId = 'stability-v1' | 'stability-v2' | 'stability-services' | 'amazon-image';

export type LifecycleStatus = 'active' | 'legacy' | 'end-of-life';

export interface Lifecycle {
  status: LifecycleStatus;
  /** ISO date the status started (end-of-life: the retirement date). */
  since?: string;
  /** ISO date the model became legacy, when it did. */
  legacySince?: string;
  /** ISO date of its end of life, past or announced. */
  endOfLife?: string;
  /** A current model to suggest instead. */
  replacementId?: string;
  note: string;
}

/** A cross-region inference profile of a model and the regions it may be called from. */
export interface InferenceProfile {
  id: string;
  sourceRegions: readonly string[];
}

/** Where a model runs: the regions that invoke its base id, and its inference profile, if any. */
export interface Availability {
  onDemandRegions: readonly string[];
  profile?: InferenceProfile;
}

export interface Range {
  min: number;
  max: number;
  default: number;
}

export interface ImageSize {
  width: number;
  height: number;
}

/** A model that takes only these exact sizes (SDXL, Titan). */
export interface SizeList {
  kind: 'list';
  sizes: readonly ImageSize[];
  default: ImageSize;
}

/** A model that takes any size within bounds (Nova Canvas). */
export interface SizeRange {
  kind: 'range';
  min: number;
  max: number;
  multipleOf: number;
  /** Width × height must stay below this. */
  maxPixels: number;
  /** Long side ÷ short side at most this (4 = 1:4 … 4:1). */
  maxAspect: number;
  default: ImageSize;
}

/** Limits on the source image of an edit, checked when the caller knows its size. */
export interface InputImageLimits {
  minSide: number;
  maxSide?: number;
  minPixels?: number;
  maxPixels?: number;
  /** Long side ÷ short side at most this (2.5 = 1:2.5 … 2.5:1). */
  maxAspect?: number;
}

export interface ModelLimits {
  /** Absent when the model takes an aspect ratio, or the output follows the input image. */
  sizes?: SizeList | SizeRange;
  /** Models that take `aspect_ratio` (Stability v2). */
  aspectRatios?: readonly string[];
  defaultAspectRatio?: string;
  steps?: Range;
  cfgScale?: Range;
  samplers?: readonly string[];
  stylePresets?: readonly string[];
  /** Seeds the model accepts; `min` is 1 where 0 means "random" (SDXL). */
  seed: { min: number; max: number };
  promptMinChars: number;
  promptMaxChars: number;
  /** Whether a prompt is required for text-to-image (services differ per task). */
  promptRequired: boolean;
  negativePrompt: boolean;
  negativePromptMaxChars?: number;
  qualities?: readonly ('standard' | 'premium')[];
  /** 0–1 "how far to move from the source" as Easel defines it (see GenerationParams.strength). */
  strength?: Range;
  outputFormats?: readonly ('png' | 'jpeg' | 'webp')[];
  inputImage?: InputImageLimits;
  /** Outpaint extents per side (Stability outpaint). */
  outpaintMax?: number;
  /** Which mask pixels mark the area to change; callers invert Easel's white-changes masks when 'black'. */
  maskChanges?: 'white' | 'black';
  /** Output side multiplier for upscalers (fast upscale: 4). */
  upscaleFactor?: number;
}

export interface ModelSpec {
  /** The id sent to InvokeModel (may carry a cross-region prefix such as `us.`). */
  id: string;
  /** The id without a cross-region prefix, as ListFoundationModels names it. */
  baseId: string;
  label: string;
  provider: 'Stability AI' | 'Amazon';
  family: FamilyId;
  lifecycle: Lifecycle;
  /** Where it runs (built-in table of CATALOG_AS_OF, corrected by discovery); absent for unknown ids. */
  availability?: Availability;
  tasks: readonly Task[];
  limits: ModelLimits;
  /** False for ids Easel does not know but whose prefix matches a family (limits are the family's). */
  known: boolean;
}

export interface FieldIssue {
  field: keyof GenerationParams | string;
  message: string;
}

export interface BuildContext {
  seed: number;
  initImageBase64?: string;
  maskBase64?: string;
  /** Style transfer's style image. */
  styleImageBase64?: string;
  /** Size of the source image, when known: used to check input limits. */
  initImageSize?: ImageSize;
}

export interface ParsedImage {
  /** Base64 image bytes; empty when the model returned none (filtered, error). */
  base64: string;
  seed?: number;
  outcome: 'ok' | 'filtered' | 'error';
  reason?: string;
}

export interface ParsedResult {
  images: ParsedImage[];
}

/** What one family file provides to the catalog. */
export interface FamilyModule {
  id: FamilyId;
  models: readonly ModelSpec[];
  /** A spec for an unknown base id whose prefix this family owns, else undefined. */
  template(baseId: string): ModelSpec | undefined;
  validate(spec: ModelSpec, params: GenerationParams, initImageSize?: ImageSize): FieldIssue[];
  build(spec: ModelSpec, params: GenerationParams, ctx: BuildContext): Record<string, unknown>;
  parse(spec: ModelSpec, body: unknown): ParsedResult;
}
