// The batch-item claim (migration 003): a batch key is worked by one job at a time, across
// processes. Called only inside GenerationsRepo.queue's IMMEDIATE transaction: SQLite's write lock
// is taken before the claim is read, so two processes running the same manifest serialise here and
// the second finds the first's job instead of queueing (and paying for) the item again.
import type { GenerationParams } from '../../../src-shared/domain.ts';
import type { Db } from './db.ts';
import type { QueueJobInput } from './generations-repo.ts';
import { parseId, type DbGeneration } from './rows.ts';

/** A job in one of these states keeps its batch item: it is running, will run, or is done. */
const HOLDING = new Set(['queued', 'sending', 'waiting', 'saving', 'succeeded']);

/** The job that holds `batchKey` now, or null when the item is free (never run, or its job failed). */
export function claimHolder(db: Db, batchKey: string): DbGeneration | null {
  const row = db
    .prepare<[string], DbGeneration>(
      'SELECT g.* FROM batch_claims c JOIN generations g ON g.id = c.generation_id WHERE c.batch_key = ?',
    )
    .get(batchKey);
  return row && HOLDING.has(row.status) ? row : null;
}

/** Makes `generationId` the holder of `batchKey` (the caller checked it was free). */
export function takeClaim(db: Db, batchKey: string, generationId: number): void {
  db.prepare(
    `INSERT INTO batch_claims (batch_key, generation_id) VALUES (?, ?)
     ON CONFLICT (batch_key) DO UPDATE SET generation_id = excluded.generation_id`,
  ).run(batchKey, generationId);
}

export interface QueuedEntry {
  input: QueueJobInput;
  params: GenerationParams;
}

/**
 * Inserts one queued job per entry, taking each batch item's claim; an entry whose item is held
 * gets no job (its holder is in `held`). Runs inside the caller's IMMEDIATE transaction.
 */
export function insertQueuedJobs(
  db: Db,
  entries: readonly QueuedEntry[],
  at: string,
): { rows: DbGeneration[]; queued: QueuedEntry[]; held: DbGeneration[] } {
  const insert = db.prepare<(string | number | null)[], DbGeneration>(
    `INSERT INTO generations (created_at, status, model_id, profile, region, invoke_id, params, request, seed, estimate_micro_usd, unpriced, batch_key, source_image_id)
     VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const rows: DbGeneration[] = [];
  const queued: QueuedEntry[] = [];
  const held: DbGeneration[] = [];
  for (const entry of entries) {
    const { input, params } = entry;
    const holder = input.batchKey ? claimHolder(db, input.batchKey) : null;
    if (holder) {
      held.push(holder);
      continue;
    }
    const row = insert.get(
      at,
      params.modelId,
      input.profile ?? null,
      input.region ?? null,
      input.invokeId ?? null,
      JSON.stringify(params),
      input.request === undefined ? null : JSON.stringify(input.request),
      input.seed ?? params.seed ?? null,
      input.estimateMicroUsd,
      input.unpriced ? 1 : 0,
      input.batchKey ?? null,
      input.sourceImageId ? parseId(input.sourceImageId, 'image') : null,
    );
    if (!row) throw new Error('job insert returned nothing');
    if (input.batchKey) takeClaim(db, input.batchKey, row.id);
    rows.push(row);
    queued.push(entry);
  }
  return { rows, queued, held };
}
