// easel spend, easel spend resolve, easel budget set|show|clear: the ledger and its limits.
import type { UncertainSpend } from '../../../src-shared/contract/index.ts';
import type { Studio } from '../../core/studio/index.ts';
import { dollars, flag, noPositionals, oneOf, str, UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { table, usd, usdCents, type Output } from '../io.ts';
import { optional } from './generate.ts';

export const spendCommand: Command = {
  name: 'spend',
  summary: 'What was spent: totals, per model, uncertain spend (--csv for the ledger)',
  usage: 'easel spend [--from DATE] [--to DATE] [--csv] [--json]',
  options: {
    from: { type: 'string', value: 'DATE', help: 'per-model totals from this date (ISO, inclusive)' },
    to: { type: 'string', value: 'DATE', help: 'per-model totals before this date (ISO)' },
    csv: { type: 'boolean', help: 'print the ledger as CSV instead' },
  },
  details: `--json prints {"totalMicroUsd", "todayMicroUsd", "monthMicroUsd", "byModel": [{"modelId", "images", "microUsd"}],
  "uncertainMicroUsd", "heldMicroUsd", "unpricedCount", "forecastMicroUsd", "uncertainJobs": [{"jobId", "modelId", "microUsd", "at"}],
  "uncertainSpend": [{"kind", "id", "label", "detail", "modelId", "microUsd", "at", "amountEditable", "threadId", "videoJobId", "resolve"}]}
Uncertain spend: image jobs, chat turns and video segments that were interrupted or cancelled while
their request may have reached Bedrock: settle each with 'easel spend resolve' (see its "resolve" words).`,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'spend');
    const range = {
      ...optional('from', date(str(values, 'from'), 'from')),
      ...optional('to', date(str(values, 'to'), 'to')),
    };
    const studio = await ctx.openStudio();
    if (flag(values, 'csv')) {
      ctx.io.stdout.write(studio.spendCsv(range));
      return EXIT.ok;
    }
    const report = studio.spendReport(range);
    const uncertain = studio.uncertainJobs();
    const uncertainSpend = studio.uncertainSpend();
    const result = {
      totalMicroUsd: report.summary.totalMicroUsd,
      todayMicroUsd: report.summary.todayMicroUsd,
      monthMicroUsd: report.summary.monthMicroUsd,
      byModel: report.byModel.map((m) => ({ modelId: m.modelId, images: m.images, microUsd: m.microUsd })),
      uncertainMicroUsd: report.summary.uncertainMicroUsd,
      heldMicroUsd: report.summary.heldMicroUsd,
      unpricedCount: report.summary.unpricedCount,
      forecastMicroUsd: report.forecast.enoughData ? report.forecast.projectedMicroUsd : null,
      uncertainJobs: uncertain.map((j) => ({
        jobId: j.id,
        modelId: j.modelId,
        microUsd: j.estimateMicroUsd,
        at: j.finishedAt ?? j.createdAt,
      })),
      uncertainSpend: uncertainSpend.map((u) => ({ ...u, resolve: resolveWords(u) })),
    };
    if (ctx.out.json) {
      ctx.out.result(result);
      return EXIT.ok;
    }
    ctx.out.print(
      `Today ${usd(result.todayMicroUsd)}, this month ${usd(result.monthMicroUsd)} (month-end forecast ${result.forecastMicroUsd === null ? 'not enough data yet' : usdCents(result.forecastMicroUsd)}), all time ${usd(result.totalMicroUsd)}.`,
    );
    if (result.byModel.length)
      ctx.out.print(
        `\n${table([['MODEL', 'IMAGES', 'SPENT'], ...result.byModel.map((m) => [m.modelId, String(m.images), usd(m.microUsd)])])}`,
      );
    if (result.heldMicroUsd) ctx.out.print(`\nReserved by queued jobs: ${usd(result.heldMicroUsd)}.`);
    if (result.unpricedCount)
      ctx.out.print(
        `\n${result.unpricedCount} image(s) at a price Easel does not know: not in these totals. Set the model's price to count them.`,
      );
    if (uncertainSpend.length) {
      ctx.out.print(
        `\nUncertain: ${usd(result.uncertainMicroUsd)} from ${uncertainSpend.length} interrupted or cancelled request(s) that may have been billed:`,
      );
      ctx.out.print(
        table([
          ['WHAT', 'MODEL', 'AMOUNT', 'SETTLE WITH'],
          ...result.uncertainSpend.map((u) => [u.label, u.modelId ?? '', usd(u.microUsd), u.resolve]),
        ]),
      );
      ctx.out.print("Settle each with 'easel spend resolve … --billed' or '--not-billed' (check the AWS bill).");
    }
    return EXIT.ok;
  },
};

/** The arguments of `easel spend resolve` that settle this entry. */
function resolveWords(u: UncertainSpend): string {
  if (u.kind === 'job') return u.id;
  return `--${u.kind} ${u.id}`;
}

function date(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be a date such as 2025-06-01, not "${text}".`);
  return d.toISOString();
}

export const spendResolveCommand: Command = {
  name: 'spend resolve',
  summary: 'Settle uncertain spend (an interrupted job, chat turn or video segment): billed or not',
  usage:
    'easel spend resolve JOB_ID | --chat-turn ID | --video-segment ID  --billed [--amount USD] | --not-billed [--json]',
  options: {
    billed: { type: 'boolean', help: 'it was billed: record the charge' },
    'not-billed': { type: 'boolean', help: 'it was not billed: release it' },
    amount: { type: 'string', value: 'USD', help: 'the amount billed (default: the estimate; not for video segments)' },
    'chat-turn': { type: 'string', value: 'ID', help: 'settle a chat turn instead of a job' },
    'video-segment': { type: 'string', value: 'ID', help: 'settle a video segment (charged at its known price)' },
  },
  details: `--json prints {"settled": {"kind", "id", "label", "billed", "releasedMicroUsd",
  "chargedMicroUsd", "threadId", "videoJobId"}}, and for a job also {"job"} (as before).
'easel spend' lists what to settle.
A second settle of the same thing is refused (exit 2): nothing is counted twice.`,
  async run(ctx, { values, positionals }) {
    const [jobId, extra] = positionals;
    const turnId = str(values, 'chat-turn');
    const segmentId = str(values, 'video-segment');
    const given = [jobId, turnId, segmentId].filter((id) => id !== undefined);
    if (given.length !== 1 || extra !== undefined)
      throw new UsageError('give exactly one job id, --chat-turn ID or --video-segment ID.', 'spend resolve');
    const billed = flag(values, 'billed');
    if (billed === flag(values, 'not-billed'))
      throw new UsageError('give either --billed or --not-billed.', 'spend resolve');
    const amount = dollars(values, 'amount');
    const studio = await ctx.openStudio();
    const request = { billed, ...optional('amountMicroUsd', amount) };
    const kind = jobId !== undefined ? 'job' : turnId !== undefined ? 'chat-turn' : 'video-segment';
    const settled = studio.settleUncertain(kind, jobId ?? turnId ?? segmentId ?? '', request);
    if (kind === 'job') {
      // The job as it was printed before chat turns and video segments could be settled here too.
      const job = studio.getJob(settled.id);
      if (ctx.out.json) ctx.out.result({ job, settled });
      else ctx.out.print(`Job ${job.id}: ${billed ? `charged ${usd(job.priceMicroUsd ?? 0)}` : 'released'}.`);
      return EXIT.ok;
    }
    if (ctx.out.json) ctx.out.result({ settled });
    else
      ctx.out.print(
        `${settled.label}: ${
          settled.chargedMicroUsd === null
            ? 'charged at a price Easel does not know'
            : billed
              ? `charged ${usd(settled.chargedMicroUsd)}`
              : `released ${usd(settled.releasedMicroUsd)}`
        }.`,
      );
    return EXIT.ok;
  },
};

type BudgetUsage = ReturnType<Studio['budgets']>[number];

function budgetJson(u: BudgetUsage): Record<string, unknown> {
  return {
    period: u.budget.period,
    limitMicroUsd: u.budget.limitMicroUsd,
    hard: u.budget.hard,
    spentMicroUsd: u.spentMicroUsd,
    heldMicroUsd: u.heldMicroUsd,
    remainingMicroUsd: u.remainingMicroUsd,
    periodStart: u.periodStart,
    periodEnd: u.periodEnd,
  };
}

const BUDGET_SHAPE =
  '--json prints {"budgets": [{"period", "limitMicroUsd", "hard", "spentMicroUsd", "heldMicroUsd", "remainingMicroUsd", "periodStart", "periodEnd"}]}';

function printBudgets(out: Output, usage: BudgetUsage[]): void {
  if (out.json) {
    out.result({ budgets: usage.map(budgetJson) });
    return;
  }
  if (usage.length === 0) {
    out.print('No budget set. Set one with: easel budget set --period month --limit 20');
    return;
  }
  out.print(
    table([
      ['PERIOD', 'LIMIT', 'KIND', 'SPENT', 'RESERVED', 'REMAINING'],
      ...usage.map((u) => [
        u.budget.period,
        usd(u.budget.limitMicroUsd),
        u.budget.hard ? 'hard' : 'soft',
        usd(u.spentMicroUsd),
        usd(u.heldMicroUsd),
        usd(u.remainingMicroUsd),
      ]),
    ]),
  );
}

export const budgetSetCommand: Command = {
  name: 'budget set',
  summary: 'Set a daily or monthly budget (hard: refuse jobs past it; soft: warn)',
  usage: 'easel budget set --period day|month --limit USD [--soft] [--json]',
  options: {
    period: { type: 'string', value: 'P', help: 'day or month — required' },
    limit: { type: 'string', value: 'USD', help: 'the limit in US dollars, e.g. 5.00 — required' },
    soft: { type: 'boolean', help: 'only warn when passed (default: hard, jobs are refused)' },
  },
  details: BUDGET_SHAPE,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'budget set');
    const period = oneOf(values, 'period', ['day', 'month'] as const);
    if (!period) throw new UsageError('--period day|month is required.', 'budget set');
    const limit = dollars(values, 'limit');
    if (limit === undefined) throw new UsageError('--limit USD is required, e.g. --limit 5.00.', 'budget set');
    const studio = await ctx.openStudio();
    studio.setBudget({ period, limitMicroUsd: limit, hard: !flag(values, 'soft') });
    if (!ctx.out.json)
      ctx.out.print(
        `${period === 'day' ? 'Daily' : 'Monthly'} ${flag(values, 'soft') ? 'soft' : 'hard'} budget set to ${usd(limit)}.`,
      );
    printBudgets(ctx.out, studio.budgets());
    return EXIT.ok;
  },
};

export const budgetShowCommand: Command = {
  name: 'budget show',
  summary: 'Show the budgets and what is left of them',
  usage: 'easel budget show [--json]',
  options: {},
  details: BUDGET_SHAPE,
  async run(ctx, { positionals }) {
    noPositionals(positionals, 'budget show');
    printBudgets(ctx.out, (await ctx.openStudio()).budgets());
    return EXIT.ok;
  },
};

export const budgetClearCommand: Command = {
  name: 'budget clear',
  summary: 'Remove the daily or monthly budget',
  usage: 'easel budget clear --period day|month [--json]',
  options: { period: { type: 'string', value: 'P', help: 'day or month — required' } },
  details: BUDGET_SHAPE,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'budget clear');
    const period = oneOf(values, 'period', ['day', 'month'] as const);
    if (!period) throw new UsageError('--period day|month is required.', 'budget clear');
    const studio = await ctx.openStudio();
    studio.clearBudget(period);
    printBudgets(ctx.out, studio.budgets());
    return EXIT.ok;
  },
};
