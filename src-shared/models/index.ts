// The model catalog: what each Bedrock image model takes, how to build its request body, how to read
// its response, what it costs. Pure: imports only zod and src-shared.
import { EaselError } from '../errors.ts';
import type { GenerationParams } from '../domain.ts';
import type { MicroUsd } from '../money.ts';
import { nearestSize } from './common.ts';
import { findPriceEntry, PRICE_TABLE } from './prices.ts';
import type { PriceOverrides } from './prices.ts';
import { familyModule, findModel } from './registry.ts';
import type { BuildContext, FieldIssue, ImageSize, ModelSpec, ParsedResult } from './types.ts';

export { baseModelId, findModel, isInferenceProfileId, listKnownModels, withoutArn } from './registry.ts';
export { correctAcross, correctAvailability, mergeDiscovered, mergeRegions } from './discovery.ts';
export type { CatalogEntry, DiscoveredProfile, DiscoveredSummary, RegionDiscovery } from './discovery.ts';
export {
  defaultAllowedRegions,
  invokeIdIn,
  PREFERRED_IMAGE_REGION,
  regionsOf,
  resolveInvocation,
  runSummary,
} from './invocation.ts';
export type { Invocation } from './invocation.ts';
export {
  CATALOG_AS_OF,
  IMAGE_SERVICE_IDS,
  LIFECYCLES,
  TEXT_TO_IMAGE_REGIONS,
  US_PROFILE_SOURCE_REGIONS,
} from './today.ts';
export { SERVICES, SERVICE_STYLE_PRESETS, serviceOf } from './stability-services.ts';
export type { NumberOption, ServiceModel, TextOption } from './stability-services.ts';
export { findPriceEntry, PRICE_NOTICE, PRICE_TABLE, TOKEN_PRICE_TABLE, TOKEN_PRICES_AS_OF } from './prices.ts';
export type { PriceEntry, PriceOverrides, PriceQuery, PriceTable, TokenPriceEntry } from './prices.ts';
export * from './converse.ts';
export { nearestAspectRatio, nearestSize } from './common.ts';
export type {
  Availability,
  BuildContext,
  InferenceProfile,
  FamilyId,
  FieldIssue,
  ImageSize,
  InputImageLimits,
  Lifecycle,
  LifecycleStatus,
  ModelLimits,
  ModelSpec,
  ParsedImage,
  ParsedResult,
  Range,
  SizeList,
  SizeRange,
} from './types.ts';

function requireModel(modelId: string): ModelSpec {
  const spec = findModel(modelId);
  if (!spec) {
    throw new EaselError('validation', `Easel does not know the model "${modelId}" and cannot build its request`, {
      field: 'modelId',
    });
  }
  return spec;
}

/**
 * Every problem with `params` for its model, each with the field and a message naming the limit.
 * Pass the source image's size to check the model's input limits too.
 */
export function validateParams(params: GenerationParams, options: { initImageSize?: ImageSize } = {}): FieldIssue[] {
  const spec = findModel(params.modelId);
  if (!spec) return [{ field: 'modelId', message: `Easel does not know the model "${params.modelId}"` }];
  return familyModule(spec.family).validate(spec, params, options.initImageSize);
}

/**
 * The model's native JSON body for ONE image. Deterministic: the same params and seed give an
 * identical body, key order included. Throws EaselError 'validation' (with the field) when the
 * params break the model's limits, or when the task's image or mask is missing from `ctx`.
 */
export function buildRequestBody(params: GenerationParams, ctx: BuildContext): Record<string, unknown> {
  const spec = requireModel(params.modelId);
  return familyModule(spec.family).build(spec, params, ctx);
}

/**
 * Reads the model's response body (already JSON-parsed). Filtered and failed images come back with
 * their outcome; a body of the wrong shape, bad base64 or bytes that are not an image throw
 * EaselError 'malformed-response'.
 */
export function parseResponseBody(modelId: string, body: unknown): ParsedResult {
  const spec = requireModel(modelId);
  return familyModule(spec.family).parse(spec, body);
}

/** A random seed within the model's range (never 0 for SDXL, where 0 means "random"). */
export function randomSeed(modelId: string, random: () => number): number {
  const spec = findModel(modelId);
  const { min, max } = spec?.limits.seed ?? { min: 1, max: 2_147_483_646 };
  const value = min + Math.floor(random() * (max - min + 1));
  return Math.min(max, Math.max(min, value));
}

/**
 * The seed of image `index` (0-based) of a run given one seed: seed + index, wrapping to the start
 * of the model's seed range past its end, so a locked seed with Images = 3 gives three different
 * images (42, 43, 44) that are all reproducible. The app's queue and the CLI's variants use this.
 */
export function imageSeed(modelId: string, seed: number, index: number): number {
  const { min, max } = findModel(modelId)?.limits.seed ?? { min: 0, max: 4_294_967_295 };
  const span = max - min + 1;
  const offset = (((seed - min + index) % span) + span) % span;
  return min + offset;
}

/** Every image's seed of a run of `count` images given one seed (`imageSeed` for each). */
export function runSeeds(modelId: string, seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => imageSeed(modelId, seed, index));
}

/** The output size a request will produce, when the params determine it. */
export function outputSize(params: GenerationParams): ImageSize | undefined {
  if (params.width !== undefined && params.height !== undefined) return { width: params.width, height: params.height };
  const spec = findModel(params.modelId);
  const sizes = spec?.limits.sizes;
  if (!sizes || params.task !== 'text-to-image') return undefined;
  if (params.aspectRatio !== undefined && sizes.kind === 'list')
    return nearestSize(sizes.sizes, params.aspectRatio) ?? sizes.default;
  return sizes.default;
}

interface QuoteBase {
  /** Where the figure comes from, for the ledger and the UI (never internal provenance). */
  source: string;
  /** The price table entry applied (or overridden), when there is one. */
  entryKey?: string;
}

/** A known price, or `null` with `known: false` (unknown model, or no price in table or settings). */
export type PriceQuote =
  (QuoteBase & { known: true; perImageMicroUsd: MicroUsd }) | (QuoteBase & { known: false; perImageMicroUsd: null });

/**
 * The on-demand price of one image. Overrides are keyed by price entry key, or by base model id
 * (for models the table does not price). When the output size is unknown (edits), the largest
 * size tier applies: estimates err on the expensive side. An unknown price is null, never 0.
 */
export function priceMicroUsd(params: GenerationParams, overrides: PriceOverrides = {}): PriceQuote {
  const spec = findModel(params.modelId);
  if (!spec) return { perImageMicroUsd: null, known: false, source: `price unknown (${params.modelId})` };
  const size = outputSize(params);
  const entry = findPriceEntry({
    modelId: spec.baseId,
    pixels: size ? size.width * size.height : Number.POSITIVE_INFINITY,
    steps: params.steps ?? spec.limits.steps?.default,
    quality: params.quality ?? 'standard',
  });
  const entryKey = entry ? { entryKey: entry.key } : {};
  const override = (entry && overrides[entry.key]) ?? overrides[spec.baseId];
  if (override !== undefined && Number.isSafeInteger(override) && override >= 0) {
    return { perImageMicroUsd: override, known: true, source: 'your price (Spend)', ...entryKey };
  }
  if (!entry || entry.microUsd === null) {
    return {
      perImageMicroUsd: null,
      known: false,
      source: `price unknown for ${spec.label}: set it in Spend`,
      ...entryKey,
    };
  }
  return {
    perImageMicroUsd: entry.microUsd,
    known: true,
    source: `price table of ${PRICE_TABLE.asOf} (${entry.label})`,
    entryKey: entry.key,
  };
}

/** The price of a whole request (one image per job, `count` jobs); totals are null when unknown. */
export type Estimate =
  | { known: true; perImageMicroUsd: MicroUsd; count: number; totalMicroUsd: MicroUsd }
  | { known: false; perImageMicroUsd: null; count: number; totalMicroUsd: null };

export function estimate(params: GenerationParams, overrides?: PriceOverrides): Estimate {
  const quote = priceMicroUsd(params, overrides);
  const count = params.count;
  if (!quote.known) return { perImageMicroUsd: null, count, totalMicroUsd: null, known: false };
  return {
    perImageMicroUsd: quote.perImageMicroUsd,
    count,
    totalMicroUsd: quote.perImageMicroUsd * count,
    known: true,
  };
}
export {
  buildLumaModelInput,
  CAMERA_MOVES,
  durationSeconds,
  isCameraMove,
  LUMA_ASPECT_RATIOS,
  LUMA_DURATIONS,
  LUMA_PROMPT_MAX,
  LUMA_RAY2,
  LUMA_RAY2_REGION,
  LUMA_RESOLUTIONS,
  lumaFrameSize,
  MAX_PATH_IMAGES,
  pathPriceMicroUsd,
  segmentCount,
  segmentPrompt,
} from './luma.ts';
export type {
  CameraMove,
  LumaAspectRatio,
  LumaDuration,
  LumaModelInput,
  LumaResolution,
  SegmentInput,
} from './luma.ts';
export { VIDEO_PRICE_SOURCE, VIDEO_PRICE_TABLE, VIDEO_PRICES_AS_OF, videoPricePerSecond } from './video-prices.ts';
export type { VideoPriceEntry } from './video-prices.ts';
