// From the prompt panel's fields to GenerationParams: only what the chosen model supports, with
// the seed rule (locked: that seed every run, image i of a run seed + i; unlocked: none, main
// picks one per image).
import type { GenerationParams } from '../../../src-shared/domain.ts';
import { findModel, randomSeed, runSeeds } from '../../../src-shared/models/index.ts';
import type { ModelSpec } from '../../../src-shared/models/index.ts';

export interface PromptFields {
  prompt: string;
  negativePrompt: string;
  modelId: string;
  /** "1024x1024" for models with sizes, '' for the default. */
  size: string;
  aspectRatio: string;
  steps: number | null;
  cfgScale: number | null;
  sampler: string;
  stylePreset: string;
  count: number;
  /** What the seed field shows (may be '' or invalid while typing). */
  seedText: string;
  seedLocked: boolean;
}

/** The model-specific fields at "the model's default": what a newly chosen model starts from. */
export const MODEL_DEFAULT_FIELDS = {
  size: '',
  aspectRatio: '',
  steps: null,
  cfgScale: null,
  sampler: '',
  stylePreset: '',
} satisfies Partial<PromptFields>;

export const DEFAULT_FIELDS: PromptFields = {
  prompt: '',
  negativePrompt: '',
  modelId: '',
  ...MODEL_DEFAULT_FIELDS,
  count: 1,
  seedText: '',
  seedLocked: false,
};

export const MAX_COUNT = 8;

export function sizeKey(size: { width: number; height: number }): string {
  return `${size.width}x${size.height}`;
}

export function parseSize(text: string): { width: number; height: number } | null {
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(text);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

/** The seed field as a number, or null when empty or not a whole number in the model's range. */
export function parseSeed(text: string, spec: ModelSpec | undefined): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const seed = Number(trimmed);
  const { min, max } = spec?.limits.seed ?? { min: 0, max: 4_294_967_295 };
  return seed >= min && seed <= max ? seed : null;
}

/**
 * The seed a run uses. Locked with a valid seed: that seed. Locked with an empty or invalid field:
 * a fresh random seed, which the field then shows and keeps (so the next run repeats it).
 * Unlocked: undefined (a new random seed per image, chosen in main and shown on each result).
 */
export function seedForRun(
  fields: Pick<PromptFields, 'seedText' | 'seedLocked' | 'modelId'>,
  random: () => number = Math.random,
): { seed: number | undefined; seedText: string } {
  if (!fields.seedLocked) return { seed: undefined, seedText: fields.seedText };
  const spec = findModel(fields.modelId);
  const parsed = parseSeed(fields.seedText, spec);
  if (parsed !== null) return { seed: parsed, seedText: fields.seedText.trim() };
  const seed = randomSeed(fields.modelId, random);
  return { seed, seedText: String(seed) };
}

/** The seeds the next run's images will use (locked to a valid seed), else undefined. */
export function runSeedsFor(
  fields: Pick<PromptFields, 'seedText' | 'seedLocked' | 'modelId' | 'count'>,
): number[] | undefined {
  if (!fields.seedLocked) return undefined;
  const seed = parseSeed(fields.seedText, findModel(fields.modelId));
  return seed === null ? undefined : runSeeds(fields.modelId, seed, Math.max(1, fields.count));
}

/** What the seed rule will do on the next run, in words shown before running ("Seeds 42, 43, 44"). */
export function seedPlan(fields: Pick<PromptFields, 'seedText' | 'seedLocked' | 'modelId' | 'count'>): string {
  if (!fields.seedLocked) return 'New random seed per image';
  const seeds = runSeedsFor(fields);
  if (seeds === undefined)
    return fields.count > 1
      ? 'A random seed is picked at the next run and kept; image i uses seed + i'
      : 'A random seed is picked at the next run and kept';
  return seeds.length > 1 ? `Seeds ${seeds.join(', ')}` : `Seed ${seeds[0]} on every run`;
}

/** GenerationParams for text-to-image from the fields, dropping what the model does not take. */
export function buildParams(fields: PromptFields, seed: number | undefined): GenerationParams {
  const spec = findModel(fields.modelId);
  const limits = spec?.limits;
  const params: GenerationParams = {
    modelId: fields.modelId,
    task: 'text-to-image',
    prompt: fields.prompt,
    count: Math.min(MAX_COUNT, Math.max(1, Math.round(fields.count))),
  };
  if (limits?.negativePrompt && fields.negativePrompt.trim() !== '') params.negativePrompt = fields.negativePrompt;
  const size = parseSize(fields.size);
  if (limits?.sizes && size) {
    params.width = size.width;
    params.height = size.height;
  }
  if (limits?.aspectRatios && fields.aspectRatio !== '' && limits.aspectRatios.includes(fields.aspectRatio))
    params.aspectRatio = fields.aspectRatio;
  if (limits?.steps && fields.steps !== null) params.steps = fields.steps;
  if (limits?.cfgScale && fields.cfgScale !== null) params.cfgScale = fields.cfgScale;
  if (limits?.samplers && fields.sampler !== '' && limits.samplers.includes(fields.sampler))
    params.sampler = fields.sampler;
  if (limits?.stylePresets && fields.stylePreset !== '' && limits.stylePresets.includes(fields.stylePreset))
    params.stylePreset = fields.stylePreset;
  if (seed !== undefined) params.seed = seed;
  return params;
}

/** Fields that restore a past run (history, "Reuse all settings"); the seed is locked to the run's seed. */
export function fieldsFromParams(
  params: Partial<GenerationParams> & { modelId: string },
  usedSeed: number | null | undefined,
): Partial<PromptFields> {
  const seed = params.seed ?? usedSeed ?? undefined;
  return {
    prompt: params.prompt ?? '',
    negativePrompt: params.negativePrompt ?? '',
    modelId: params.modelId,
    size:
      params.width !== undefined && params.height !== undefined
        ? sizeKey({ width: params.width, height: params.height })
        : '',
    aspectRatio: params.aspectRatio ?? '',
    steps: params.steps ?? null,
    cfgScale: params.cfgScale ?? null,
    sampler: params.sampler ?? '',
    stylePreset: params.stylePreset ?? '',
    count: params.count ?? 1,
    ...(seed === undefined ? {} : { seedText: String(seed), seedLocked: true }),
  };
}
