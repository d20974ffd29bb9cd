// The Spend report's groupings over [from, to): the whole units inside the range (UTC days, or
// quarter hours for local days) come from the rollups of migration 010, kept by triggers with the
// rows they count; the partial units at its ends, or a range whose bounds are not canonical ISO
// times, from the ledger and the jobs themselves. Every figure is the same as grouping the rows.
import type { Db } from './db.ts';
import { BILLED } from './ledger.ts';

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TERMINAL = "('succeeded','failed','filtered','cancelled','interrupted')";

export interface OutcomeCount {
  modelId: string;
  status: string;
  jobs: number;
}

/** Spend ('spend' bucket) per model ('' for none) in [from, to). */
export function spendByModel(db: Db, from: string, to: string): Map<string, number> {
  const rows = pieces(
    from,
    to,
    DAY_MS,
    (a, b) =>
      db
        .prepare<[string, string], { key: string; total: number }>(
          'SELECT model_id AS key, SUM(amount_micro_usd) AS total FROM spend_model_days WHERE day >= ? AND day < ? GROUP BY model_id',
        )
        .all(a, b),
    (a, b) =>
      db
        .prepare<[string, string], { key: string; total: number }>(
          `SELECT coalesce(model_id, '') AS key, SUM(amount_micro_usd) AS total FROM spend
           WHERE at >= ? AND at < ? AND bucket = 'spend' AND ${BILLED} GROUP BY model_id`,
        )
        .all(a, b),
  );
  return sumBy(rows, (r) => r.key);
}

/** Spend per profile (null for none) in [from, to), largest first. */
export function spendByProfile(db: Db, from: string, to: string): { profile: string | null; microUsd: number }[] {
  type Row = { profile: string | null; total: number };
  const rows = pieces(
    from,
    to,
    DAY_MS,
    (a, b) =>
      db
        .prepare<[string, string], Row>(
          `SELECT CASE no_profile WHEN 1 THEN NULL ELSE profile END AS profile, SUM(amount_micro_usd) AS total
           FROM spend_model_days WHERE day >= ? AND day < ? GROUP BY profile, no_profile`,
        )
        .all(a, b),
    (a, b) =>
      db
        .prepare<[string, string], Row>(
          `SELECT profile, SUM(amount_micro_usd) AS total FROM spend
           WHERE at >= ? AND at < ? AND bucket = 'spend' AND ${BILLED} GROUP BY profile`,
        )
        .all(a, b),
  );
  const totals = sumBy(rows, (r) => (r.profile === null ? null : `=${r.profile}`));
  return [...totals]
    .map(([key, microUsd]) => ({ profile: key === null ? null : key.slice(1), microUsd }))
    .sort((a, b) => b.microUsd - a.microUsd || (a.profile ?? '').localeCompare(b.profile ?? ''));
}

/** Spend per local calendar day (YYYY-MM-DD) in [from, to), oldest first. */
export function spendByLocalDay(db: Db, from: string, to: string): { day: string; microUsd: number }[] {
  type Row = { day: string; total: number };
  const rows = pieces(
    from,
    to,
    QUARTER_MS,
    (a, b) =>
      db
        .prepare<[string, string], Row>(
          `SELECT date(quarter, 'localtime') AS day, SUM(amount_micro_usd) AS total FROM spend_quarters
           WHERE quarter >= ? AND quarter < ? GROUP BY day`,
        )
        .all(a, b),
    (a, b) =>
      db
        .prepare<[string, string], Row>(
          `SELECT date(at, 'localtime') AS day, SUM(amount_micro_usd) AS total FROM spend
           WHERE at >= ? AND at < ? AND bucket = 'spend' AND ${BILLED} GROUP BY day`,
        )
        .all(a, b),
  );
  return [...sumBy(rows, (r) => r.day)]
    .map(([day, microUsd]) => ({ day, microUsd }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Jobs that finished in [from, to), per model and terminal status (keys with no job left out). */
export function outcomeCounts(db: Db, from: string, to: string): OutcomeCount[] {
  const rows = pieces(
    from,
    to,
    DAY_MS,
    (a, b) =>
      db
        .prepare<[string, string], OutcomeCount>(
          `SELECT model_id AS modelId, status, SUM(jobs) AS jobs FROM generation_outcomes
           WHERE day >= ? AND day < ? GROUP BY model_id, status`,
        )
        .all(a, b),
    (a, b) =>
      db
        .prepare<[string, string], OutcomeCount>(
          `SELECT model_id AS modelId, status, count(*) AS jobs FROM generations
           WHERE finished_at >= ? AND finished_at < ? AND status IN ${TERMINAL} GROUP BY model_id, status`,
        )
        .all(a, b),
  );
  return [...sumBy(rows, (r) => JSON.stringify([r.modelId, r.status]), 'jobs')]
    .filter(([, jobs]) => jobs > 0)
    .map(([key, jobs]) => {
      const [modelId, status] = JSON.parse(key) as [string, string];
      return { modelId, status, jobs };
    });
}

/**
 * The rows of [from, to): `rollup` over the keys of its whole units, `source` over the partial units
 * at its ends; `source` alone when a bound is not a canonical ISO time or no whole unit fits.
 */
function pieces<R>(
  from: string,
  to: string,
  unitMs: number,
  rollup: (firstKey: string, endKey: string) => R[],
  source: (from: string, to: string) => R[],
): R[] {
  const first = from === '' ? '' : unitStart(from, unitMs, 'up');
  const end = unitStart(to, unitMs, 'down');
  if (first === null || end === null || first >= end) return source(from, to);
  const keyLength = unitMs === DAY_MS ? 10 : 16;
  return [
    ...(from < first ? source(from, first) : []),
    ...rollup(first.slice(0, keyLength), end.slice(0, keyLength)),
    ...(end < to ? source(end, to) : []),
  ];
}

/** The unit boundary at or after ('up') or at or before ('down') a canonical ISO time, else null. */
function unitStart(time: string, unitMs: number, direction: 'up' | 'down'): string | null {
  const ms = ISO_TIME.test(time) ? Date.parse(time) : Number.NaN;
  if (Number.isNaN(ms)) return null;
  const units = direction === 'up' ? Math.ceil(ms / unitMs) : Math.floor(ms / unitMs);
  const start = new Date(units * unitMs);
  return start.getUTCFullYear() > 9999 ? null : start.toISOString();
}

function sumBy<R, K>(rows: R[], key: (row: R) => K, field: keyof R = 'total' as keyof R): Map<K, number> {
  const totals = new Map<K, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + (row[field] as number));
  return totals;
}
