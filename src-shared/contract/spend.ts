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

/** What may have been billed: an image job, a chat turn or a video segment (one async invocation). */
export const UNCERTAIN_KINDS = ['job', 'chat-turn', 'video-segment'] as const;
export const UncertainKindSchema = z.enum(UNCERTAIN_KINDS);
export type UncertainKind = z.infer<typeof UncertainKindSchema>;

/** One thing whose spend is uncertain until the user settles it (its open ledger entries summed). */
export const UncertainSpendSchema = z.strictObject({
  kind: UncertainKindSchema,
  /** The job's, chat turn's or video segment's id (ids of different kinds may be equal). */
  id: IdSchema,
  /** What it was, e.g. "Image job 12", "Chat turn 3 in “Sunset”", "Video segment 2 of 4 (video 7)". */
  label: z.string(),
  /** The prompt or instruction it was sent with. */
  detail: z.string(),
  modelId: z.string().nullable(),
  /** The open uncertain amount: what is charged when billed without another amount. */
  microUsd: z.number().int(),
  /** When the spend became uncertain. */
  at: Timestamp,
  /** False for video segments: their price is known (per second), so billed charges exactly it. */
  amountEditable: z.boolean(),
  /** The chat thread of a chat turn, the video job of a video segment. */
  threadId: IdSchema.nullable(),
  videoJobId: IdSchema.nullable(),
});
export type UncertainSpend = z.infer<typeof UncertainSpendSchema>;

/** What settling did: the uncertain amount released, and the charge (null: billed at an unknown price). */
export const SettlementSchema = z.strictObject({
  kind: UncertainKindSchema,
  id: IdSchema,
  label: z.string(),
  billed: z.boolean(),
  releasedMicroUsd: z.number().int(),
  chargedMicroUsd: z.number().int().nullable(),
  threadId: IdSchema.nullable(),
  videoJobId: IdSchema.nullable(),
});
export type Settlement = z.infer<typeof SettlementSchema>;

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
  /**
   * What may have been billed until the user settles it: `jobs` (image jobs, as before) and `entries`
   * (image jobs, chat turns and video segments alike, oldest first).
   */
  'spend.uncertain': defineCall({
    request: Empty,
    response: z.strictObject({ jobs: z.array(JobSummarySchema), entries: z.array(UncertainSpendSchema) }),
  }),
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
  /**
   * Settles one uncertain entry of any kind, the way its domain does, in one transaction: billed
   * charges it (default: the uncertain amount; a video segment always at its known price, so no
   * `amountMicroUsd`), not billed releases it. A second settle is refused ('validation').
   */
  'spend.settle': defineCall({
    request: z.strictObject({
      kind: UncertainKindSchema,
      id: IdSchema,
      billed: z.boolean(),
      amountMicroUsd: z.number().int().min(0).optional(),
      note: z.string().max(500).optional(),
    }),
    response: z.strictObject({ settled: SettlementSchema }),
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
