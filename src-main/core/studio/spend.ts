// Spend and budgets: the ledger's reports (summary, by model/day/profile, outcomes, forecast, CSV),
// daily and monthly budgets, and uncertain spend (image jobs, chat turns, video segments) to settle.
import type { Settlement, UncertainKind, UncertainSpend } from '../../../src-shared/contract/index.ts';
import type { Budget, BudgetPeriod, Job } from '../../../src-shared/domain.ts';
import type {
  BudgetUsage,
  DaySpend,
  ModelOutcomes,
  ModelSpend,
  MonthForecast,
  SettleRequest,
  SpendRange,
  SpendSummary,
} from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import type { JobSummary } from './summaries.ts';

export interface SpendReport {
  summary: SpendSummary;
  byModel: ModelSpend[];
  byDay: DaySpend[];
  byProfile: { profile: string | null; microUsd: number }[];
  outcomes: ModelOutcomes[];
  forecast: MonthForecast;
}

export class SpendCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  spendSummary(): SpendSummary {
    return this.#ctx.storage.spend.summary();
  }

  spendReport(range: SpendRange = {}): SpendReport {
    const { spend } = this.#ctx.storage;
    return {
      summary: spend.summary(),
      byModel: spend.byModel(range),
      byDay: spend.byDay(range),
      byProfile: spend.byProfile(range),
      outcomes: spend.outcomesByModel(range),
      forecast: spend.forecast(),
    };
  }

  spendCsv(range: SpendRange = {}): string {
    return this.#ctx.storage.spend.toCsv(range);
  }

  budgets(): BudgetUsage[] {
    return this.#ctx.storage.budgets.usage();
  }

  setBudget(budget: Budget): Budget {
    return this.#ctx.storage.budgets.set(budget);
  }

  clearBudget(period: BudgetPeriod): void {
    this.#ctx.storage.budgets.clear(period);
  }

  /** Jobs whose spend is uncertain (interrupted or aborted in flight), to confirm or dismiss. */
  uncertainJobs(): Job[] {
    return this.#ctx.storage.generations.uncertainJobs();
  }

  /** billed: confirm (charge, default the uncertain amount); not billed: dismiss (release). */
  resolveUncertain(jobId: string, resolution: { billed: boolean; amountMicroUsd?: number; note?: string }): Job {
    return this.#ctx.storage.generations.resolveUncertain(jobId, resolution);
  }

  /** Everything whose spend is uncertain (image jobs, chat turns, video segments), oldest first. */
  uncertainSpend(): UncertainSpend[] {
    return this.#ctx.storage.uncertain.list();
  }

  /**
   * Settles one uncertain entry as its kind does (see storage/uncertain-spend.ts); a second settle
   * is refused. The chat thread or video path it belongs to is told, so its view stops offering it.
   */
  settleUncertain(kind: UncertainKind, id: string, request: SettleRequest): Settlement {
    const { storage } = this.#ctx;
    const settled = storage.uncertain.settle(kind, id, request);
    if (kind === 'chat-turn') this.#ctx.emit({ name: 'chat.turn', payload: { turn: storage.chat.turn(id) } });
    if (settled.videoJobId !== null)
      this.#ctx.emit({ name: 'video.updated', payload: storage.videos.get(settled.videoJobId) });
    return settled;
  }
}

/** `summarise`: a job as the contract shows it, with the queue's network state. */
export function spendHandlers(spend: SpendCalls, summarise: (job: Job) => JobSummary) {
  return {
    'spend.totals': async () => spend.spendSummary(),
    'spend.summary': async (req) => {
      const report = spend.spendReport({ ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) });
      return {
        ...report.summary,
        byModel: report.byModel,
        byDay: report.byDay,
        byProfile: report.byProfile,
        outcomes: report.outcomes,
        forecast: report.forecast,
      };
    },
    'spend.csv': async (req) => ({
      csv: spend.spendCsv({ ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) }),
    }),
    'spend.uncertain': async () => ({ jobs: spend.uncertainJobs().map(summarise), entries: spend.uncertainSpend() }),
    'spend.resolve': async (req) => ({
      job: summarise(
        spend.resolveUncertain(req.jobId, {
          billed: req.billed,
          ...(req.amountMicroUsd === undefined ? {} : { amountMicroUsd: req.amountMicroUsd }),
          ...(req.note === undefined ? {} : { note: req.note }),
        }),
      ),
    }),
    'spend.settle': async (req) => ({
      settled: spend.settleUncertain(req.kind, req.id, {
        billed: req.billed,
        ...(req.amountMicroUsd === undefined ? {} : { amountMicroUsd: req.amountMicroUsd }),
        ...(req.note === undefined ? {} : { note: req.note }),
      }),
    }),
    'budgets.get': async () => ({ budgets: spend.budgets() }),
    'budgets.set': async (req) => {
      if (req.limitMicroUsd === null) spend.clearBudget(req.period);
      else spend.setBudget({ period: req.period, limitMicroUsd: req.limitMicroUsd, hard: req.hard });
      return {};
    },
  } satisfies Pick<
    StudioHandlers,
    | 'spend.totals'
    | 'spend.summary'
    | 'spend.csv'
    | 'spend.uncertain'
    | 'spend.resolve'
    | 'spend.settle'
    | 'budgets.get'
    | 'budgets.set'
  >;
}
