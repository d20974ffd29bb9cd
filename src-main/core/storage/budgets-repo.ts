// Daily and monthly budgets, hard or soft, and the reservation that enforces them.
//
// A budget's "used" amount = charges + adjustments + unresolved uncertain entries recorded in the
// period (local calendar day / month) + every open reservation (jobs queued or running, whenever
// they were queued: their charge will land now). Reservations are checked and written inside one
// IMMEDIATE transaction, which takes SQLite's write lock before reading the totals, so two
// processes (or connections) can never both see the same room left: a hard budget is never passed
// as long as a job's charge does not exceed its estimate.
import { BudgetSchema, type Budget, type BudgetPeriod } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { formatUsd } from '../../../src-shared/money.ts';
import {
  localDayStart,
  localMonthStart,
  localNextDayStart,
  localNextMonthStart,
  systemClock,
  type Clock,
} from './clock.ts';
import type { Db } from './db.ts';
import { parseInput } from './input.ts';
import { appendLedger, heldTotal, spentBetween } from './ledger.ts';
import { budgetFromRow, parseId, type DbBudget } from './rows.ts';

export interface BudgetUsage {
  budget: Budget;
  /** Charges, adjustments and unresolved uncertain spend in the current period. */
  spentMicroUsd: number;
  /** Open reservations of queued and running jobs. */
  heldMicroUsd: number;
  usedMicroUsd: number;
  /** May be negative when a soft budget (or an over-estimate charge) passed the limit. */
  remainingMicroUsd: number;
  periodStart: string;
  periodEnd: string;
}

export interface BudgetWarning {
  period: BudgetPeriod;
  limitMicroUsd: number;
  /** Used amount including this reservation. */
  usedMicroUsd: number;
  message: string;
}

export interface Reservation {
  generationId: string;
  estimateMicroUsd: number;
}

const PERIOD_WORD: Record<BudgetPeriod, { adjective: string; now: string }> = {
  day: { adjective: 'daily', now: 'today' },
  month: { adjective: 'monthly', now: 'this month' },
};

export class BudgetsRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  list(): Budget[] {
    return this.#db
      .prepare<[], DbBudget>("SELECT * FROM budgets ORDER BY CASE period WHEN 'day' THEN 0 ELSE 1 END")
      .all()
      .map(budgetFromRow);
  }

  set(budget: Budget): Budget {
    const b = parseInput(BudgetSchema, budget, 'budget');
    this.#db
      .prepare(
        `INSERT INTO budgets (period, limit_micro_usd, hard, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (period) DO UPDATE SET limit_micro_usd = excluded.limit_micro_usd, hard = excluded.hard, updated_at = excluded.updated_at`,
      )
      .run(b.period, b.limitMicroUsd, b.hard ? 1 : 0, this.#clock().toISOString());
    return b;
  }

  clear(period: BudgetPeriod): void {
    this.#db.prepare('DELETE FROM budgets WHERE period = ?').run(period);
  }

  /** Where each budget stands now. */
  usage(now: Date = this.#clock()): BudgetUsage[] {
    const held = heldTotal(this.#db);
    return this.list().map((budget) => {
      const [start, end] = periodBounds(budget.period, now);
      const spent = spentBetween(this.#db, start, end);
      const used = spent + held;
      return {
        budget,
        spentMicroUsd: spent,
        heldMicroUsd: held,
        usedMicroUsd: used,
        remainingMicroUsd: budget.limitMicroUsd - used,
        periodStart: start,
        periodEnd: end,
      };
    });
  }

  /**
   * Reserves one job's estimate against the budgets (see reserveMany).
   * @throws EaselError 'budget-exceeded' when a hard budget would be passed.
   */
  reserve(generationId: string, estimateMicroUsd: number): { warnings: BudgetWarning[] } {
    return this.reserveMany([{ generationId, estimateMicroUsd }]);
  }

  /**
   * Checks `total` more against every budget: the soft ones it passes as warnings.
   * Call inside the IMMEDIATE transaction that then writes the reservations.
   * @param what completes "… and {what} estimated at $x" ("this image is", "this video is").
   * @throws EaselError 'budget-exceeded' when a hard budget would be passed.
   */
  check(total: number, what: string, now: Date = this.#clock()): BudgetWarning[] {
    const warnings: BudgetWarning[] = [];
    for (const usage of this.usage(now)) {
      const { budget } = usage;
      const after = usage.usedMicroUsd + total;
      if (after <= budget.limitMicroUsd || total === 0) continue;
      const words = PERIOD_WORD[budget.period];
      const left = Math.max(0, budget.limitMicroUsd - usage.usedMicroUsd);
      if (budget.hard) {
        throw new EaselError(
          'budget-exceeded',
          `This would pass your ${words.adjective} hard budget of ${formatUsd(budget.limitMicroUsd)}: ` +
            `${formatUsd(usage.usedMicroUsd)} is already spent or reserved ${words.now}, ${formatUsd(left)} is left, ` +
            `and ${what} estimated at ${formatUsd(total)}. Raise the budget or wait for the next ${budget.period}.`,
        );
      }
      warnings.push({
        period: budget.period,
        limitMicroUsd: budget.limitMicroUsd,
        usedMicroUsd: after,
        message: `Over your ${words.adjective} soft budget of ${formatUsd(budget.limitMicroUsd)}: ${formatUsd(after)} spent or reserved ${words.now}.`,
      });
    }
    return warnings;
  }

  /**
   * All or nothing: checks the sum of the estimates against every budget and writes one
   * `reservation` ledger entry per job, in one IMMEDIATE transaction (nested in the caller's
   * transaction when there is one, e.g. the one that queues the jobs).
   */
  reserveMany(reservations: readonly Reservation[]): { warnings: BudgetWarning[] } {
    const run = this.#db.transaction(() => {
      const now = this.#clock();
      const at = now.toISOString();
      const total = reservations.reduce((sum, r) => {
        if (!Number.isSafeInteger(r.estimateMicroUsd) || r.estimateMicroUsd < 0) {
          throw new EaselError(
            'validation',
            `A price estimate must be a non-negative whole number of micro-dollars (got ${r.estimateMicroUsd}).`,
          );
        }
        return sum + r.estimateMicroUsd;
      }, 0);
      const what = reservations.length === 1 ? 'this image is' : `these ${reservations.length} images are`;
      const warnings = this.check(total, what, now);
      for (const r of reservations) {
        const id = parseId(r.generationId, 'job');
        const job = this.#db
          .prepare<[number], { model_id: string; profile: string | null }>(
            'SELECT model_id, profile FROM generations WHERE id = ?',
          )
          .get(id);
        if (!job) throw new EaselError('not-found', `There is no job with id ${r.generationId}.`);
        if (r.estimateMicroUsd === 0) continue;
        appendLedger(this.#db, {
          generationId: id,
          modelId: job.model_id,
          profile: job.profile,
          kind: 'reservation',
          amountMicroUsd: r.estimateMicroUsd,
          priceSource: 'estimate',
          at,
          bucket: 'hold',
        });
        this.#db
          .prepare('UPDATE generations SET reserved_micro_usd = reserved_micro_usd + ? WHERE id = ?')
          .run(r.estimateMicroUsd, id);
      }
      return { warnings };
    });
    return run.immediate();
  }
}

export function periodBounds(period: BudgetPeriod, now: Date): [string, string] {
  return period === 'day'
    ? [localDayStart(now), localNextDayStart(now)]
    : [localMonthStart(now), localNextMonthStart(now)];
}
