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
  'search-replace',
  'search-recolor',
  'control-sketch',
  'control-structure',
  'style-guide',
  'style-transfer',
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
  /** Style transfer: the library image whose style is applied to the source image. */
  styleImageId: id.optional(),
  /** Family-specific options the neutral fields do not cover (e.g. grow_mask, creativity). */
  extra: z.record(z.string().max(60), z.union([z.string().max(2000), finite, z.boolean()])).optional(),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;
export type GenerationParamsInput = z.input<typeof GenerationParamsSchema>;

// ---------------------------------------------------------------------------------------------
// Library, jobs and ledger records (written by src-main/core/library; ids are decimal strings of
// SQLite integer keys, times are UTC ISO-8601 strings, money is integer micro-dollars).

const recordId = z.string().regex(/^[1-9]\d{0,15}$/, 'not a record id');
const isoTime = z.string().min(1).max(40);
const microUsd = z.number().int();

/** A job's life: queued → sending → waiting (for the model) → saving → one terminal state. */
export const JOB_STATUSES = [
  'queued',
  'sending',
  'waiting',
  'saving',
  'succeeded',
  'failed',
  'filtered',
  'cancelled',
  'interrupted',
] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'filtered',
  'cancelled',
  'interrupted',
];
/** Statuses in which a request may be in flight at Bedrock (a crash here leaves spend uncertain). */
export const RUNNING_JOB_STATUSES: readonly JobStatus[] = ['sending', 'waiting', 'saving'];

/** One job = one image requested from one model (a generation). */
export const JobSchema = z.object({
  id: recordId,
  createdAt: isoTime,
  status: JobStatusSchema,
  modelId: z.string(),
  profile: z.string().nullable(),
  /** The region called (where the model runs; not necessarily the profile's). */
  region: z.string().nullable(),
  /** The model id or inference profile id sent to InvokeModel (null: jobs queued before Easel recorded it). */
  invokeId: z.string().nullable(),
  params: GenerationParamsSchema,
  /** The native request body sent to Bedrock, without secrets or image payloads. */
  request: z.unknown().nullable(),
  seed: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  estimateMicroUsd: microUsd,
  /** Queued with no known price: its estimate (0) means "unknown", and so does its charge. */
  unpriced: z.boolean(),
  priceMicroUsd: microUsd.nullable(),
  attempts: z.number().int(),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  /** Resumable CLI batches: a stable key per (manifest asset, variant). */
  batchKey: z.string().nullable(),
  sourceImageId: recordId.nullable(),
  /** The image this job produced (may be an earlier identical image: same bytes, same file). */
  imageId: recordId.nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const IMAGE_SOURCES = ['generated', 'imported', 'edited'] as const;
export const ImageSourceSchema = z.enum(IMAGE_SOURCES);
export type ImageSource = z.infer<typeof ImageSourceSchema>;

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export const ImageFormatSchema = z.enum(IMAGE_FORMATS);
export type ImageFormat = z.infer<typeof ImageFormatSchema>;

export const ImageRecordSchema = z.object({
  id: recordId,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Relative to the data folder, always with forward slashes: library/ab/<sha>.png */
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  format: ImageFormatSchema,
  createdAt: isoTime,
  generationId: recordId.nullable(),
  source: ImageSourceSchema,
  parentImageId: recordId.nullable(),
  favorite: z.boolean(),
  rating: z.number().int().min(0).max(5),
  deletedAt: isoTime.nullable(),
  prompt: z.string().nullable(),
  negativePrompt: z.string().nullable(),
  seed: z.number().int().nullable(),
  modelId: z.string().nullable(),
  /** Metadata read from an imported file (tool, prompt, sampler...), as the importer produced it. */
  metadata: z.record(z.string(), z.unknown()).nullable(),
  /** 'video': this item is a video's poster; the MP4 is `video.asset` (absent on older records: an image). */
  media: z.enum(['image', 'video']).optional(),
  /** Indexed in place: the absolute path of the user's file (then `path` is where a copy would go); null: in library/. */
  externalPath: z.string().nullable().optional(),
  /** An in-place file found moved or deleted (the row stays, shown as missing). */
  missing: z.boolean().optional(),
});
export type ImageRecord = z.infer<typeof ImageRecordSchema>;

export const IMAGE_SORTS = ['newest', 'oldest', 'rating'] as const;
export const ImageSortSchema = z.enum(IMAGE_SORTS);
export type ImageSort = z.infer<typeof ImageSortSchema>;

/** What the library grid asks for. All filters combine with AND. */
export const ImageQuerySchema = z.object({
  /** Free text searched in prompts (any text is safe: it becomes quoted prefix terms). */
  text: z.string().max(1000).optional(),
  /** Tag names; an image must carry all of them. */
  tags: z.array(z.string().min(1).max(100)).max(20).optional(),
  collectionId: recordId.optional(),
  modelId: z.string().max(200).optional(),
  seed: z.number().int().min(0).optional(),
  /** created_at >= from (inclusive), < to (exclusive); ISO strings. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  favorite: z.boolean().optional(),
  source: ImageSourceSchema.optional(),
  minRating: z.number().int().min(0).max(5).optional(),
  /** Only images, or only videos (a video's library item is its poster); absent: both. */
  media: z.enum(['image', 'video']).optional(),
  /** false (default): live images only; true: only the trash. */
  trashed: z.boolean().optional(),
  sort: ImageSortSchema.default('newest'),
  limit: z.number().int().min(1).max(1000).default(100),
  /** Keyset paging: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type ImageQuery = z.infer<typeof ImageQuerySchema>;
export type ImageQueryInput = z.input<typeof ImageQuerySchema>;

export const PromptEntrySchema = z.object({
  id: recordId,
  prompt: z.string(),
  /** '' when there was no negative prompt. */
  negativePrompt: z.string(),
  firstUsedAt: isoTime,
  lastUsedAt: isoTime,
  useCount: z.number().int(),
  favorite: z.boolean(),
});
export type PromptEntry = z.infer<typeof PromptEntrySchema>;

/**
 * Ledger entry kinds. reservation: a hold for a queued job (+estimate); release: ends a hold or an
 * uncertain entry (−its amount, refId points at it); charge: what was billed; uncertain: a job that
 * may have been billed (crash, abort in flight) until the user resolves it; adjustment: a user
 * correction (± amount).
 */
export const SPEND_KINDS = ['charge', 'reservation', 'release', 'uncertain', 'adjustment'] as const;
export const SpendKindSchema = z.enum(SPEND_KINDS);
export type SpendKind = z.infer<typeof SpendKindSchema>;

export const SpendEntrySchema = z.object({
  id: recordId,
  generationId: recordId.nullable(),
  modelId: z.string().nullable(),
  profile: z.string().nullable(),
  kind: SpendKindSchema,
  amountMicroUsd: microUsd,
  /** Where the price came from, e.g. "catalog:2025-06-01", "override", "user". */
  priceSource: z.string().nullable(),
  at: isoTime,
  refId: recordId.nullable(),
  note: z.string().nullable(),
  /** A charge whose price was unknown: its amount (0) is "not priced", never $0. */
  unpriced: z.boolean(),
});
export type SpendEntry = z.infer<typeof SpendEntrySchema>;

export const BUDGET_PERIODS = ['day', 'month'] as const;
export const BudgetPeriodSchema = z.enum(BUDGET_PERIODS);
export type BudgetPeriod = z.infer<typeof BudgetPeriodSchema>;

export const BudgetSchema = z.object({
  period: BudgetPeriodSchema,
  limitMicroUsd: z.number().int().min(0),
  /** Hard: a job that would pass it is refused. Soft: it runs, with a warning. */
  hard: z.boolean(),
});
export type Budget = z.infer<typeof BudgetSchema>;

export const TagSchema = z.object({ id: recordId, name: z.string(), imageCount: z.number().int() });
export type Tag = z.infer<typeof TagSchema>;

export const CollectionSchema = z.object({
  id: recordId,
  name: z.string(),
  createdAt: isoTime,
  imageCount: z.number().int(),
});
export type Collection = z.infer<typeof CollectionSchema>;

export const CanvasItemSchema = z.object({
  id: recordId,
  imageId: recordId,
  x: finite,
  y: finite,
  scale: finite,
  rotation: finite,
  z: z.number().int(),
});
export type CanvasItem = z.infer<typeof CanvasItemSchema>;

export const CanvasSchema = z.object({
  id: recordId,
  name: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  items: z.array(CanvasItemSchema),
});
export type Canvas = z.infer<typeof CanvasSchema>;
