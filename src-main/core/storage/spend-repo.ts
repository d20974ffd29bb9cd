// Reading the spend ledger: totals by period, model and profile (from rollups: spend-rollups.ts); job outcome rates per model;
// a month-end forecast; CSV export; and user adjustments (the only write besides the job flow).
import type { SpendEntry } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { MICRO_PER_USD } from '../../../src-shared/money.ts';
import { localDayStart, localMonthStart, localNextMonthStart, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { appendLedger, bucketTotal, END_OF_TIME, heldTotal, spentBetween } from './ledger.ts';
import { parseId, spendFromRow, type DbSpend } from './rows.ts';
import { outcomeCounts, spendByLocalDay, spendByModel, spendByProfile } from './spend-rollups.ts';

export interface SpendRange {
  /** Inclusive UTC ISO start; absent = the beginning. */
  from?: string;
  /** Exclusive UTC ISO end; absent = now and later. */
  to?: string;
}

export interface SpendSummary {
  /** All-time charges and adjustments (what was billed, as far as Easel knows). */
  totalMicroUsd: number;
  todayMicroUsd: number;
  monthMicroUsd: number;
  /** Possibly billed, not resolved yet (interrupted jobs). */
  uncertainMicroUsd: number;
  /** Reserved by queued and running jobs. */
  heldMicroUsd: number;
  /** Charges whose price was unknown (all time): counted apart, never added as $0.00; the user prices them. */
  unpricedCount: number;
}

export interface ModelSpend {
  modelId: string;
  /** Jobs of this model that succeeded in the range. */
  images: number;
  microUsd: number;
}

export interface ProfileSpend {
  profile: string | null;
  microUsd: number;
}

export interface DaySpend {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  microUsd: number;
}

export interface ModelOutcomes {
  modelId: string;
  finished: number;
  succeeded: number;
  failed: number;
  filtered: number;
  cancelled: number;
  interrupted: number;
  /** failed / finished (0 when nothing finished). */
  failedRate: number;
  filteredRate: number;
}

export interface MonthForecast {
  monthToDateMicroUsd: number;
  /**
   * Month-to-date spend extended to the month's end at the pace so far; until `enoughData`, only
   * what is spent (a pace taken from a day or two says nothing: $0.80 on day 1 is not $24 a month).
   */
  projectedMicroUsd: number;
  /** Whether FORECAST_MIN_DAYS of the month are behind us: only then is there a forecast to show. */
  enoughData: boolean;
  elapsedFraction: number;
  monthStart: string;
  monthEnd: string;
}

export class SpendRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  summary(now: Date = this.#clock()): SpendSummary {
    return {
      totalMicroUsd: bucketTotal(this.#db, 'spend'),
      todayMicroUsd: spentBetween(this.#db, localDayStart(now), null, ['spend']),
      monthMicroUsd: spentBetween(this.#db, localMonthStart(now), null, ['spend']),
      uncertainMicroUsd: bucketTotal(this.#db, 'uncertain'),
      heldMicroUsd: heldTotal(this.#db),
      unpricedCount: this.#db
        .prepare<[], { n: number }>("SELECT count(*) AS n FROM spend WHERE unpriced = 1 AND kind = 'charge'")
        .get()!.n,
    };
  }

  total(range: SpendRange = {}): number {
    return spentBetween(this.#db, range.from ?? '', range.to ?? null, ['spend']);
  }

  byModel(range: SpendRange = {}): ModelSpend[] {
    const [from, to] = bounds(range);
    const byModel = new Map<string, ModelSpend>();
    for (const [modelId, microUsd] of spendByModel(this.#db, from, to))
      byModel.set(modelId, { modelId, images: 0, microUsd });
    for (const row of outcomeCounts(this.#db, from, to)) {
      if (row.status !== 'succeeded') continue;
      const entry = byModel.get(row.modelId) ?? { modelId: row.modelId, images: 0, microUsd: 0 };
      entry.images = row.jobs;
      byModel.set(row.modelId, entry);
    }
    return [...byModel.values()].sort((a, b) => b.microUsd - a.microUsd || a.modelId.localeCompare(b.modelId));
  }

  byProfile(range: SpendRange = {}): ProfileSpend[] {
    return spendByProfile(this.#db, ...bounds(range));
  }

  /** Spend per local calendar day, oldest first. */
  byDay(range: SpendRange = {}): DaySpend[] {
    return spendByLocalDay(this.#db, ...bounds(range));
  }

  /** How jobs ended, per model (by finish time). */
  outcomesByModel(range: SpendRange = {}): ModelOutcomes[] {
    const map = new Map<string, ModelOutcomes>();
    for (const row of outcomeCounts(this.#db, ...bounds(range))) {
      const m = map.get(row.modelId) ?? {
        modelId: row.modelId,
        finished: 0,
        succeeded: 0,
        failed: 0,
        filtered: 0,
        cancelled: 0,
        interrupted: 0,
        failedRate: 0,
        filteredRate: 0,
      };
      m.finished += row.jobs;
      if (
        row.status === 'succeeded' ||
        row.status === 'failed' ||
        row.status === 'filtered' ||
        row.status === 'cancelled' ||
        row.status === 'interrupted'
      )
        m[row.status] += row.jobs;
      map.set(row.modelId, m);
    }
    return [...map.values()]
      .map((m) => ({
        ...m,
        failedRate: m.finished ? m.failed / m.finished : 0,
        filteredRate: m.finished ? m.filtered / m.finished : 0,
      }))
      .sort((a, b) => a.modelId.localeCompare(b.modelId));
  }

  forecast(now: Date = this.#clock()): MonthForecast {
    return forecastMonthEnd(spentBetween(this.#db, localMonthStart(now), null, ['spend']), now);
  }

  entries(options: SpendRange & { generationId?: string; limit?: number } = {}): SpendEntry[] {
    const [from, to] = bounds(options);
    const generation = options.generationId === undefined ? null : parseId(options.generationId, 'job');
    // Entries in [from, to) lie within the id bounds of the UTC days they touch (spend_day_ids,
    // migration 013): the ledger is read in id order over that window alone.
    const ids = this.#db
      .prepare<[string, string], { first: number | null; last: number | null }>(
        'SELECT min(min_id) AS first, max(max_id) AS last FROM spend_day_ids WHERE day >= substr(?, 1, 10) AND day <= substr(?, 1, 10)',
      )
      .get(from, to);
    if (!ids || ids.first === null || ids.last === null) return [];
    return this.#db
      .prepare<[number, number, string, string, number | null, number | null, number], DbSpend>(
        `SELECT * FROM spend WHERE id >= ? AND id <= ? AND at >= ? AND at < ? AND (? IS NULL OR generation_id = ?)
         ORDER BY id LIMIT ?`,
      )
      .all(ids.first, ids.last, from, to, generation, generation, options.limit ?? 1_000_000)
      .map(spendFromRow);
  }

  /** The ledger as CSV (RFC 4180), one row per entry, oldest first. */
  toCsv(range: SpendRange = {}): string {
    const header = [
      'id',
      'at',
      'kind',
      'amount_usd',
      'amount_micro_usd',
      'model_id',
      'profile',
      'generation_id',
      'price_source',
      'ref_id',
      'note',
    ];
    const lines = [header.join(',')];
    for (const e of this.entries(range)) {
      lines.push(
        [
          e.id,
          e.at,
          e.kind,
          microToDecimal(e.amountMicroUsd),
          String(e.amountMicroUsd),
          e.modelId,
          e.profile,
          e.generationId,
          e.priceSource,
          e.refId,
          e.note,
        ]
          .map(csvField)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /**
   * A user correction: records an `adjustment` (± micro-dollars), e.g. to apply a price override to
   * a past charge or to match an AWS bill. The original entries stay as they were.
   */
  adjust(input: {
    amountMicroUsd: number;
    note: string;
    generationId?: string;
    refId?: string;
    modelId?: string;
    profile?: string;
  }): SpendEntry {
    if (!Number.isSafeInteger(input.amountMicroUsd) || input.amountMicroUsd === 0) {
      throw new EaselError('validation', 'An adjustment is a non-zero whole number of micro-dollars.', {
        field: 'amountMicroUsd',
      });
    }
    const generationId = input.generationId === undefined ? null : parseId(input.generationId, 'job');
    const job =
      generationId === null
        ? undefined
        : this.#db
            .prepare<[number], { model_id: string; profile: string | null }>(
              'SELECT model_id, profile FROM generations WHERE id = ?',
            )
            .get(generationId);
    if (generationId !== null && !job)
      throw new EaselError('not-found', `There is no job with id ${input.generationId}.`);
    const id = appendLedger(this.#db, {
      generationId,
      modelId: input.modelId ?? job?.model_id ?? null,
      profile: input.profile ?? job?.profile ?? null,
      kind: 'adjustment',
      amountMicroUsd: input.amountMicroUsd,
      priceSource: 'user',
      at: this.#clock().toISOString(),
      refId: input.refId === undefined ? null : parseId(input.refId, 'ledger entry'),
      bucket: 'spend',
      note: input.note,
    });
    const row = this.#db.prepare<[number], DbSpend>('SELECT * FROM spend WHERE id = ?').get(id);
    if (!row) throw new Error('adjustment vanished');
    return spendFromRow(row);
  }
}

/** Days of the month that must be behind us before the month-end forecast extrapolates. */
export const FORECAST_MIN_DAYS = 3;

/** Month-end projection at the current pace (pure; `now` is the clock). */
export function forecastMonthEnd(monthToDateMicroUsd: number, now: Date): MonthForecast {
  const start = new Date(now.getFullYear(), now.getMonth(), 1);
  const end = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const length = end.getTime() - start.getTime();
  const elapsed = Math.min(Math.max(now.getTime() - start.getTime(), 0), length);
  const elapsedFraction = elapsed / length;
  const enoughData = elapsed >= FORECAST_MIN_DAYS * 86_400_000;
  const projected = enoughData ? Math.round((monthToDateMicroUsd * length) / elapsed) : monthToDateMicroUsd;
  return {
    monthToDateMicroUsd,
    projectedMicroUsd: projected,
    enoughData,
    elapsedFraction,
    monthStart: start.toISOString(),
    monthEnd: localNextMonthStart(now),
  };
}

function bounds(range: SpendRange): [string, string] {
  return [range.from ?? '', range.to ?? END_OF_TIME];
}

function microToDecimal(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  return `${sign}${Math.floor(abs / MICRO_PER_USD)}.${String(abs % MICRO_PER_USD).padStart(6, '0')}`;
}

function csvField(value: string | null): string {
  if (value === null) return '';
  // Neutralise spreadsheet formulas in free text, then quote when needed.
  const text = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
