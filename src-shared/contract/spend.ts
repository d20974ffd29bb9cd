// Spend and budgets: what the ledger says was charged, uncertain spend, and the user's limits.
import { z } from 'zod';
import { BudgetPeriodSchema, BudgetSchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { JobSummarySchema } from './jobs.ts';
import { Empty, IdSchema, Timestamp } from './values.ts';

const SpendTotals = {
  totalMicroUsd: z.number().int(),
  todayMicroUsd: z.number().int(),
  monthMicroUsd: z.number().int(),
  uncertainMicroUsd: z.number().int(),
  heldMicroUsd: z.number().int(),
  /** Images charged at a price Easel does not know (not in the totals: never $0.00). */
  unpricedCount: z.number().int().min(0),
};

export const spendCalls = {
  /**
   * The totals alone (all time, today, this month, uncertain, held, unpriced): what the top bar shows,
   * read from rollups, cheap at any ledger size (asked at start-up and after every job).
   */
  'spend.totals': defineCall({ request: Empty, response: z.strictObject(SpendTotals) }),
  /** Totals (all time, today, this month, uncertain, held), by model/day/profile, outcome rates, month-end forecast. */
  'spend.summary': defineCall({
    request: z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() }),
    response: z.strictObject({
      ...SpendTotals,
      byModel: z.array(z.strictObject({ modelId: z.string(), images: z.number().int(), microUsd: z.number().int() })),
      byDay: z.array(z.strictObject({ day: z.string(), microUsd: z.number().int() })),
      byProfile: z.array(z.strictObject({ profile: z.string().nullable(), microUsd: z.number().int() })),
      outcomes: z.array(
        z.strictObject({
          modelId: z.string(),
          finished: z.number().int(),
          succeeded: z.number().int(),
          failed: z.number().int(),
          filtered: z.number().int(),
          cancelled: z.number().int(),
          interrupted: z.number().int(),
          failedRate: z.number(),
          filteredRate: z.number(),
        }),
      ),
      forecast: z.strictObject({
        monthToDateMicroUsd: z.number().int(),
        projectedMicroUsd: z.number().int(),
        /** False before the month's third day: show "not enough data yet", not `projectedMicroUsd`. */
        enoughData: z.boolean(),
        elapsedFraction: z.number(),
        monthStart: z.string(),
        monthEnd: z.string(),
      }),
    }),
  }),
  'spend.csv': defineCall({
    request: z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() }),
    response: z.strictObject({ csv: z.string() }),
  }),
  /** Jobs whose spend is uncertain (interrupted, aborted in flight) until the user resolves them. */
  'spend.uncertain': defineCall({ request: Empty, response: z.strictObject({ jobs: z.array(JobSummarySchema) }) }),
  /** billed: confirm (charged; default the uncertain amount); not billed: dismiss (released). */
  'spend.resolve': defineCall({
    request: z.strictObject({
      jobId: IdSchema,
      billed: z.boolean(),
      amountMicroUsd: z.number().int().min(0).optional(),
      note: z.string().max(500).optional(),
    }),
    response: z.strictObject({ job: JobSummarySchema }),
  }),
  'budgets.get': defineCall({
    request: Empty,
    response: z.strictObject({
      budgets: z.array(
        z.strictObject({
          budget: BudgetSchema,
          spentMicroUsd: z.number().int(),
          heldMicroUsd: z.number().int(),
          usedMicroUsd: z.number().int(),
          remainingMicroUsd: z.number().int(),
          periodStart: z.string(),
          periodEnd: z.string(),
        }),
      ),
    }),
  }),
  /** limitMicroUsd null removes the period's budget. */
  'budgets.set': defineCall({
    request: z.strictObject({
      period: BudgetPeriodSchema,
      limitMicroUsd: z.number().int().min(0).nullable(),
      hard: z.boolean().default(true),
    }),
    response: Empty,
  }),
} as const satisfies CallMap;
