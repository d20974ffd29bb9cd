// How a finished job is written down, inside GenerationsRepo.recordGenerationOutcome's one
// transaction: its image row (an identical earlier image is reused) and its ledger entry (a charge,
// possibly unpriced, or uncertain spend). The money rule that chose the outcome is core/jobs' settle().
import type { ImageRecord, JobStatus } from '../../../src-shared/domain.ts';
import type { Db } from './db.ts';
import type { ImagesRepo, NewImage } from './images-repo.ts';
import { appendLedger } from './ledger.ts';
import { jobFromRow, toId, type DbGeneration } from './rows.ts';

export type TerminalStatus = Exclude<JobStatus, 'queued' | 'sending' | 'waiting' | 'saving'>;
export type RunningStatus = 'sending' | 'waiting' | 'saving';

/** What the ledger should say about a finished job. */
export type OutcomeCharge =
  /** `unpriced`: the price is unknown; the charge is recorded (amount 0, flagged), the job's price stays null. */
  | { kind: 'charge'; amountMicroUsd: number; priceSource: string; unpriced?: boolean }
  /** Possibly billed (abort in flight, crash): held as uncertain until the user resolves it. Default amount: the estimate. */
  | { kind: 'uncertain'; amountMicroUsd?: number }
  | { kind: 'none' };

export interface GenerationOutcome {
  jobId: string;
  status: TerminalStatus;
  charge: OutcomeCharge;
  /** The stored file (ImageStore.put) and its searchable fields, for succeeded jobs. */
  image?: Omit<NewImage, 'generationId' | 'source' | 'modelId' | 'prompt' | 'negativePrompt' | 'seed'> &
    Partial<Pick<NewImage, 'source' | 'prompt' | 'negativePrompt' | 'seed'>>;
  /** code: an ErrorCode from src-shared/errors.ts when there is one. */
  error?: { code: string | null; message: string };
  seed?: number | null;
  request?: unknown;
  attempts?: number;
}

/** Inserts (or finds) the job's image, filling what the job knows: source, lineage, model, prompt, seed. */
export function insertOutcomeImage(
  images: ImagesRepo,
  job: DbGeneration,
  image: NonNullable<GenerationOutcome['image']>,
  seed: number | null,
  at: string,
): ImageRecord {
  const params = jobFromRow(job).params;
  return images.insertOrGet({
    ...image,
    source: image.source ?? (job.source_image_id === null ? 'generated' : 'edited'),
    generationId: toId(job.id),
    parentImageId: image.parentImageId ?? (job.source_image_id === null ? null : toId(job.source_image_id)),
    modelId: job.model_id,
    prompt: image.prompt ?? (params.prompt || null),
    negativePrompt: image.negativePrompt ?? params.negativePrompt ?? null,
    seed: image.seed ?? seed,
    createdAt: image.createdAt ?? at,
  }).image;
}

/**
 * Appends the outcome's ledger entry; answers the job's price: the charge, null when unpriced or
 * uncertain, 0 when nothing is charged. `reserved` is what the released reservation held (the
 * default amount of uncertain spend).
 */
export function appendOutcomeCharge(
  db: Db,
  job: DbGeneration,
  charge: OutcomeCharge,
  reserved: number,
  at: string,
): number | null {
  const entry = { generationId: job.id, modelId: job.model_id, profile: job.profile, at };
  if (charge.kind === 'charge') {
    if (!Number.isSafeInteger(charge.amountMicroUsd) || charge.amountMicroUsd < 0)
      throw new RangeError('a charge is a non-negative integer');
    const unpriced = charge.unpriced === true;
    if (unpriced && charge.amountMicroUsd !== 0) throw new RangeError('an unpriced charge has no amount');
    appendLedger(db, {
      ...entry,
      kind: 'charge',
      amountMicroUsd: charge.amountMicroUsd,
      priceSource: charge.priceSource,
      bucket: 'spend',
      unpriced,
    });
    return unpriced ? null : charge.amountMicroUsd;
  }
  if (charge.kind === 'uncertain') {
    appendLedger(db, {
      ...entry,
      kind: 'uncertain',
      amountMicroUsd: charge.amountMicroUsd ?? (reserved || job.estimate_micro_usd),
      priceSource: 'estimate',
      bucket: 'uncertain',
    });
    return null;
  }
  return 0;
}
