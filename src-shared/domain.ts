// Model-neutral domain types shared by main and renderer. Schemas are zod so that main can
// validate whatever arrives over IPC with the same definitions the renderer builds with.
import { z } from 'zod';

export { EaselError, ERROR_CODES, isEaselError, toErrorData } from './errors.ts';
export type { ErrorCode, ErrorData } from './errors.ts';

/** Largest seed any Bedrock image model accepts (SDXL: 0–4294967295). Families narrow it. */
export const MAX_SEED = 4_294_967_295;

export const TASKS = [
  'text-to-image',
  'image-to-image',
  'inpaint',
  'outpaint',
  'erase-object',
  'remove-background',
  'upscale',
  'variation',
] as const;
export const TaskSchema = z.enum(TASKS);
export type Task = z.infer<typeof TaskSchema>;

const id = z.string().min(1).max(200);
const finite = z.number().finite();

export const WeightedPromptSchema = z.object({
  text: z.string().max(10_000),
  weight: finite.min(-10).max(10),
});
export type WeightedPrompt = z.infer<typeof WeightedPromptSchema>;

export const OutpaintSchema = z.object({
  left: z.number().int().min(0).max(4096).default(0),
  right: z.number().int().min(0).max(4096).default(0),
  up: z.number().int().min(0).max(4096).default(0),
  down: z.number().int().min(0).max(4096).default(0),
});

/**
 * One generation request, independent of the model. The catalog (src-shared/models) validates it
 * against the chosen model's limits and builds the native request body from it.
 */
export const GenerationParamsSchema = z.object({
  modelId: id,
  task: TaskSchema.default('text-to-image'),
  prompt: z.string().max(10_000).default(''),
  negativePrompt: z.string().max(10_000).optional(),
  /** SDXL only: extra weighted prompt lines (weight < 0 is negative). */
  weightedPrompts: z.array(WeightedPromptSchema).max(20).optional(),
  width: z.number().int().min(1).max(16_384).optional(),
  height: z.number().int().min(1).max(16_384).optional(),
  /** Stability v2 models take an aspect ratio instead of a size, e.g. "16:9". */
  aspectRatio: z.string().max(10).optional(),
  steps: z.number().int().min(1).max(500).optional(),
  cfgScale: finite.min(0).max(50).optional(),
  sampler: z.string().max(40).optional(),
  stylePreset: z.string().max(40).optional(),
  /** A fixed seed; absent means "pick a random one per image" (the used seed is recorded). */
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
  count: z.number().int().min(1).max(100).default(1),
  quality: z.enum(['standard', 'premium']).optional(),
  outputFormat: z.enum(['png', 'jpeg', 'webp']).optional(),
  /** Library image used as the source of an edit (image-to-image, inpaint, outpaint, ...). */
  initImageId: id.optional(),
  /** 0–1: how far the result may move away from the source image. */
  strength: finite.min(0).max(1).optional(),
  /** Mask for inpaint / erase: a library image id, white = change. */
  maskImageId: id.optional(),
  outpaint: OutpaintSchema.optional(),
  /** Family-specific options the neutral fields do not cover (e.g. grow_mask, creativity). */
  extra: z.record(z.string().max(60), z.union([z.string().max(2000), finite, z.boolean()])).optional(),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;
export type GenerationParamsInput = z.input<typeof GenerationParamsSchema>;
