// SQLite row shapes (snake_case, 0/1, JSON as text) and their one conversion to domain records.
// Nothing outside core/library sees a Db* type.
import {
  GenerationParamsSchema,
  type Budget,
  type BudgetPeriod,
  type CanvasItem,
  type Collection,
  type GenerationParams,
  type ImageFormat,
  type ImageRecord,
  type ImageSource,
  type Job,
  type JobStatus,
  type PromptEntry,
  type SpendEntry,
  type SpendKind,
  type Tag,
} from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { libraryModelId, libraryPrompt, librarySeed } from '../../../src-shared/library-values.ts';

export interface DbGeneration {
  id: number;
  created_at: string;
  status: JobStatus;
  model_id: string;
  profile: string | null;
  region: string | null;
  invoke_id: string | null;
  params: string;
  request: string | null;
  seed: number | null;
  error_code: string | null;
  error_message: string | null;
  estimate_micro_usd: number;
  /** 1: queued with no known price (its estimate 0 means "unknown"). */
  unpriced: number;
  price_micro_usd: number | null;
  reserved_micro_usd: number;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  batch_key: string | null;
  source_image_id: number | null;
  image_id: number | null;
}

export interface DbImage {
  id: number;
  sha256: string;
  path: string;
  width: number;
  height: number;
  bytes: number;
  format: ImageFormat;
  created_at: string;
  generation_id: number | null;
  source: ImageSource;
  parent_image_id: number | null;
  favorite: 0 | 1;
  rating: number;
  deleted_at: string | null;
  prompt: string | null;
  negative_prompt: string | null;
  seed: number | null;
  model_id: string | null;
  metadata: string | null;
  /** Migration 006; absent in rows read before it. */
  media?: 'image' | 'video';
  /** Migration 010 (in place); absent in rows read before it. */
  external_path?: string | null;
  external_mtime_ms?: number | null;
  missing_since?: string | null;
}

export interface DbPrompt {
  id: number;
  prompt: string;
  negative_prompt: string;
  first_used_at: string;
  last_used_at: string;
  use_count: number;
  favorite: 0 | 1;
  /** Migration 013: the pair's lookup key (prompt-key.ts). */
  text_key: number;
}

export interface DbTagWithCount {
  id: number;
  name: string;
  image_count: number;
}

export interface DbCollectionWithCount {
  id: number;
  name: string;
  created_at: string;
  image_count: number;
}

export interface DbCanvas {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface DbCanvasItem {
  id: number;
  canvas_id: number;
  image_id: number;
  x: number;
  y: number;
  scale: number;
  rotation: number;
  z: number;
}

export type SpendBucket = 'hold' | 'uncertain' | 'spend';

export interface DbSpend {
  id: number;
  generation_id: number | null;
  model_id: string | null;
  profile: string | null;
  kind: SpendKind;
  amount_micro_usd: number;
  price_source: string | null;
  at: string;
  ref_id: number | null;
  bucket: SpendBucket;
  note: string | null;
  /** 1: a charge whose price was unknown (amount 0 means "not priced", never $0). */
  unpriced: number;
}

export interface DbBudget {
  period: BudgetPeriod;
  limit_micro_usd: number;
  hard: 0 | 1;
  updated_at: string;
}

// ---- ids -------------------------------------------------------------------------------------

export function toId(n: number | bigint): string {
  return String(n);
}

export function toIdOrNull(n: number | bigint | null): string | null {
  return n === null ? null : String(n);
}

/** Parses a record id from the outside; a malformed one is a not-found for the named thing. */
export function parseId(id: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(id))
    throw new EaselError('not-found', `There is no ${what} with id "${id.slice(0, 40)}".`);
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new EaselError('not-found', `There is no ${what} with id "${id.slice(0, 40)}".`);
  return n;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- conversions -----------------------------------------------------------------------------

function paramsFromRow(row: DbGeneration): GenerationParams {
  const parsed = GenerationParamsSchema.safeParse(parseJson(row.params));
  if (parsed.success) return parsed.data;
  // Written by an older or newer catalog: keep what the row itself knows rather than failing the list.
  return GenerationParamsSchema.parse({ modelId: row.model_id, ...(row.seed === null ? {} : { seed: row.seed }) });
}

export function jobFromRow(row: DbGeneration): Job {
  return {
    id: toId(row.id),
    createdAt: row.created_at,
    status: row.status,
    modelId: row.model_id,
    profile: row.profile,
    region: row.region,
    invokeId: row.invoke_id,
    params: paramsFromRow(row),
    request: parseJson(row.request),
    seed: row.seed,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    estimateMicroUsd: row.estimate_micro_usd,
    unpriced: row.unpriced === 1,
    priceMicroUsd: row.price_micro_usd,
    attempts: row.attempts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    batchKey: row.batch_key,
    sourceImageId: toIdOrNull(row.source_image_id),
    imageId: toIdOrNull(row.image_id),
  };
}

export function imageFromRow(row: DbImage): ImageRecord {
  const metadata = parseJson(row.metadata);
  return {
    id: toId(row.id),
    sha256: row.sha256,
    path: row.path,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    format: row.format,
    createdAt: row.created_at,
    generationId: toIdOrNull(row.generation_id),
    source: row.source,
    parentImageId: toIdOrNull(row.parent_image_id),
    favorite: row.favorite === 1,
    rating: row.rating,
    deletedAt: row.deleted_at,
    // Rows written before import normalised its values may hold what the contract refuses.
    prompt: libraryPrompt(row.prompt),
    negativePrompt: libraryPrompt(row.negative_prompt),
    seed: librarySeed(row.seed),
    modelId: libraryModelId(row.model_id),
    metadata: isRecord(metadata) ? metadata : null,
    ...(row.media === 'video' ? { media: 'video' as const } : {}),
    externalPath: row.external_path ?? null,
    missing: (row.missing_since ?? null) !== null,
  };
}

export function promptFromRow(row: DbPrompt): PromptEntry {
  return {
    id: toId(row.id),
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    firstUsedAt: row.first_used_at,
    lastUsedAt: row.last_used_at,
    useCount: row.use_count,
    favorite: row.favorite === 1,
  };
}

export function tagFromRow(row: DbTagWithCount): Tag {
  return { id: toId(row.id), name: row.name, imageCount: row.image_count };
}

export function collectionFromRow(row: DbCollectionWithCount): Collection {
  return { id: toId(row.id), name: row.name, createdAt: row.created_at, imageCount: row.image_count };
}

export function canvasItemFromRow(row: DbCanvasItem): CanvasItem {
  return {
    id: toId(row.id),
    imageId: toId(row.image_id),
    x: row.x,
    y: row.y,
    scale: row.scale,
    rotation: row.rotation,
    z: row.z,
  };
}

export function spendFromRow(row: DbSpend): SpendEntry {
  return {
    id: toId(row.id),
    generationId: toIdOrNull(row.generation_id),
    modelId: row.model_id,
    profile: row.profile,
    kind: row.kind,
    amountMicroUsd: row.amount_micro_usd,
    priceSource: row.price_source,
    at: row.at,
    refId: toIdOrNull(row.ref_id),
    note: row.note,
    unpriced: row.unpriced === 1,
  };
}

export function budgetFromRow(row: DbBudget): Budget {
  return { period: row.period, limitMicroUsd: row.limit_micro_usd, hard: row.hard === 1 };
}
