// Low-level spend-ledger writes and sums shared by the budget, spend and generation repositories.
// Call these inside a transaction: a hold and its release, a release and its charge, always move
// together with the job row they belong to.
import type { SpendKind } from '../../../src-shared/domain.ts';
import type { Db } from './db.ts';
import { cachedStatement } from './statements.ts';
import type { SpendBucket } from './rows.ts';

export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/**
 * The condition of the partial index spend_billed_at (at, bucket, amount; migration 013), word for
 * word: SQLite uses a partial index only for a query that names its condition.
 */
export const BILLED = "bucket <> 'hold'";

export interface LedgerRow {
  generationId: number | null;
  modelId: string | null;
  profile: string | null;
  kind: SpendKind;
  amountMicroUsd: number;
  priceSource: string | null;
  at: string;
  refId?: number | null;
  bucket: SpendBucket;
  note?: string | null;
  /** A charge whose price is unknown (amount 0). */
  unpriced?: boolean;
  /** The video segment (one async invocation) the entry belongs to; generationId is then null. */
  videoSegmentId?: number | null;
  /** The chat turn the entry belongs to (migration 011, chat), instead of a job. */
  chatTurnId?: number | null;
}

export function appendLedger(db: Db, row: LedgerRow): number {
  if (!Number.isSafeInteger(row.amountMicroUsd))
    throw new RangeError(`ledger amounts are integer micro-dollars, got ${row.amountMicroUsd}`);
  const result = cachedStatement(
    db,
    `INSERT INTO spend (generation_id, model_id, profile, kind, amount_micro_usd, price_source, at, ref_id, bucket, note, unpriced, video_segment_id, chat_turn_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.generationId,
    row.modelId,
    row.profile,
    row.kind,
    row.amountMicroUsd,
    row.priceSource,
    row.at,
    row.refId ?? null,
    row.bucket,
    row.note ?? null,
    row.unpriced ? 1 : 0,
    row.videoSegmentId ?? null,
    row.chatTurnId ?? null,
  );
  return Number(result.lastInsertRowid);
}

interface OpenEntry {
  id: number;
  amount_micro_usd: number;
  model_id: string | null;
  profile: string | null;
}

/** Entries of `kind` for a job that no release points at yet. */
export function openEntries(db: Db, generationId: number, kind: 'reservation' | 'uncertain'): OpenEntry[] {
  return openEntriesOf(db, { generationId }, kind);
}

/** Releases whatever of `kind` is still open for a job; returns the amount released. */
export function releaseOpen(
  db: Db,
  generationId: number,
  kind: 'reservation' | 'uncertain',
  at: string,
  note: string | null = null,
): number {
  const released = releaseOpenOf(db, { generationId }, kind, at, note);
  if (kind === 'reservation')
    cachedStatement(db, 'UPDATE generations SET reserved_micro_usd = 0 WHERE id = ?').run(generationId);
  return released;
}

/** What a ledger entry belongs to: an image job, a chat turn or a video segment. */
export type LedgerOwner = { generationId: number } | { chatTurnId: number } | { videoSegmentId: number };

function ownerColumn(owner: LedgerOwner): { column: string; id: number; fields: Partial<LedgerRow> } {
  if ('generationId' in owner) return { column: 'generation_id', id: owner.generationId, fields: owner };
  if ('chatTurnId' in owner) return { column: 'chat_turn_id', id: owner.chatTurnId, fields: owner };
  return { column: 'video_segment_id', id: owner.videoSegmentId, fields: owner };
}

/** Entries of `kind` belonging to an owner that no release points at yet. */
export function openEntriesOf(db: Db, owner: LedgerOwner, kind: 'reservation' | 'uncertain'): OpenEntry[] {
  const { column, id } = ownerColumn(owner);
  return cachedStatement<[number, string], OpenEntry>(
    db,
    `SELECT id, amount_micro_usd, model_id, profile FROM spend s WHERE s.${column} = ? AND s.kind = ?
       AND NOT EXISTS (SELECT 1 FROM spend r WHERE r.ref_id = s.id AND r.kind = 'release') ORDER BY id`,
  ).all(id, kind);
}

/** Releases an owner's open entries of `kind`; returns the amount released. */
export function releaseOpenOf(
  db: Db,
  owner: LedgerOwner,
  kind: 'reservation' | 'uncertain',
  at: string,
  note: string | null = null,
): number {
  const { fields } = ownerColumn(owner);
  let released = 0;
  for (const entry of openEntriesOf(db, owner, kind)) {
    appendLedger(db, {
      generationId: null,
      ...fields,
      modelId: entry.model_id,
      profile: entry.profile,
      kind: 'release',
      amountMicroUsd: -entry.amount_micro_usd,
      priceSource: null,
      at,
      refId: entry.id,
      bucket: kind === 'reservation' ? 'hold' : 'uncertain',
      note,
    });
    released += entry.amount_micro_usd;
  }
  return released;
}

/** When an owner's uncertain spend was last settled (its newest release of an uncertain entry), or null. */
export function lastSettledAt(db: Db, owner: LedgerOwner): string | null {
  const { column, id } = ownerColumn(owner);
  const row = db
    .prepare<[number], { at: string | null }>(
      `SELECT max(r.at) AS at FROM spend s JOIN spend r ON r.ref_id = s.id AND r.kind = 'release'
       WHERE s.${column} = ? AND s.kind = 'uncertain'`,
    )
    .get(id);
  return row?.at ?? null;
}

/**
 * Charges, adjustments and open uncertain amounts recorded in [from, to). The whole UTC days inside
 * the range come from the spend_days rollup (migration 002), the partial days at its ends from the
 * ledger's spend_billed_at index (at, bucket, amount; no 'hold' rows); a range within two days, or
 * bounds that are not canonical ISO times, read the ledger alone.
 */
export function spentBetween(
  db: Db,
  from: string,
  to: string | null,
  buckets: readonly SpendBucket[] = ['spend', 'uncertain'],
): number {
  const end = to ?? END_OF_TIME;
  const firstWhole = from === '' ? '' : nextDayStart(from);
  const lastWhole = isIsoTime(end) ? `${end.slice(0, 10)}T00:00:00.000Z` : null;
  if (firstWhole === null || lastWhole === null || firstWhole >= lastWhole) return ledgerSum(db, from, end, buckets);
  const marks = buckets.map(() => '?').join(', ');
  const days = db
    .prepare<string[], { total: number | null }>(
      `SELECT SUM(amount_micro_usd) AS total FROM spend_days WHERE bucket IN (${marks}) AND day >= ? AND day < ?`,
    )
    .get(...buckets, firstWhole.slice(0, 10), lastWhole.slice(0, 10));
  return ledgerSum(db, from, firstWhole, buckets) + (days?.total ?? 0) + ledgerSum(db, lastWhole, end, buckets);
}

function ledgerSum(db: Db, from: string, to: string, buckets: readonly SpendBucket[]): number {
  if (from >= to) return 0;
  const marks = buckets.map(() => '?').join(', ');
  const billed = buckets.includes('hold') ? '' : `AND ${BILLED}`;
  const row = db
    .prepare<string[], { total: number | null }>(
      `SELECT SUM(amount_micro_usd) AS total FROM spend WHERE at >= ? AND at < ? AND bucket IN (${marks}) ${billed}`,
    )
    .get(from, to, ...buckets);
  return row?.total ?? 0;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isIsoTime(value: string): boolean {
  return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** The first UTC midnight at or after `time` (a canonical ISO time), or null when it is not one. */
function nextDayStart(time: string): string | null {
  if (!isIsoTime(time)) return null;
  const midnight = `${time.slice(0, 10)}T00:00:00.000Z`;
  if (time === midnight) return midnight;
  const next = new Date(Date.parse(midnight) + 86_400_000);
  return next.getUTCFullYear() > 9999 ? null : next.toISOString();
}

/** The sum of every open reservation (queued and running jobs). */
export function heldTotal(db: Db): number {
  const row = db
    .prepare<[], { total: number | null }>(
      `SELECT (SELECT coalesce(SUM(reserved_micro_usd), 0) FROM generations WHERE reserved_micro_usd <> 0)
            + (SELECT coalesce(SUM(reserved_micro_usd), 0) FROM video_segments WHERE reserved_micro_usd <> 0)
            + (SELECT coalesce(SUM(reserved_micro_usd), 0) FROM chat_turns WHERE reserved_micro_usd <> 0) AS total`,
    )
    .get();
  return row?.total ?? 0;
}

/** All-time sum of one bucket ('uncertain': what is still unresolved), from the spend_days rollup. */
export function bucketTotal(db: Db, bucket: SpendBucket): number {
  const row = db
    .prepare<[string], { total: number | null }>(
      'SELECT SUM(amount_micro_usd) AS total FROM spend_days WHERE bucket = ?',
    )
    .get(bucket);
  return row?.total ?? 0;
}
