// The Generate action: seed rule, validation against the catalog, the hard-budget check before
// anything is sent, then the generate call; the jobs it creates are tracked in the queue. The
// checks here are for the user (an answer without a round trip); main checks the request again.
import type { GenerationParams } from '../../../src-shared/domain.ts';
import { formatUsd } from '../../../src-shared/money.ts';
import { estimate, outputSize, validateParams } from '../../../src-shared/models/index.ts';
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import type { Rect } from '../canvas/index.ts';
import { trackJobs } from '../queue/index.ts';
import type { BudgetStatus } from '../session/index.ts';
import { buildParams, seedForRun } from './params.ts';
import { readiness } from './readiness.ts';
import { runErrorIsStale } from './run-error.ts';
import type { RunErrorContext } from './run-error.ts';

/** The reason a run is refused by a hard budget, or null when it fits. */
export function budgetRefusal(totalMicroUsd: number, budgets: readonly BudgetStatus[]): string | null {
  for (const b of budgets) {
    if (!b.budget.hard) continue;
    if (totalMicroUsd > b.remainingMicroUsd) {
      const period = b.budget.period === 'day' ? "today's" : "this month's";
      return `Refused before sending: this run costs ${formatUsd(totalMicroUsd)} but ${period} hard budget of ${formatUsd(b.budget.limitMicroUsd)} has ${formatUsd(Math.max(0, b.remainingMicroUsd))} left. Raise the budget in Spend → Budgets or make fewer images.`;
    }
  }
  return null;
}

export async function submitParams(params: GenerationParams, options: { near?: Rect } = {}): Promise<boolean> {
  const state = appStore.getState();
  const issues = validateParams(params);
  if (issues.length > 0) {
    state.setRunOutcome({ error: { code: 'validation', message: issues.map((i) => i.message).join(' ') } });
    return false;
  }
  // An unknown price (null) under a hard budget is refused by main, which names the model.
  const refusal = budgetRefusal(estimate(params).totalMicroUsd ?? 0, state.budgets);
  if (refusal !== null) {
    state.setRunOutcome({ error: { code: 'budget-exceeded', message: refusal } });
    return false;
  }
  state.setSubmitting(true);
  try {
    const { profile, region } = state;
    const { jobIds, warnings } = await call('generate', {
      params,
      ...(profile === null ? {} : { profile }),
      ...(region === null ? {} : { region }),
    });
    appStore.getState().setRunOutcome({ warnings: warnings ?? [] });
    // Their cells on the canvas: the size the request makes (an edit's source size when it does not say).
    const size =
      outputSize(params) ?? (options.near ? { width: options.near.width, height: options.near.height } : undefined);
    await trackJobs(jobIds, { ...options, ...(size ? { size } : {}) });
    return true;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    appStore.getState().setRunOutcome({ error: { code: error.data.code, message: error.data.message } });
    return false;
  } finally {
    appStore.getState().setSubmitting(false);
  }
}

/**
 * Generate from the prompt panel: the one path of the button and Ctrl/Cmd+Enter. Does nothing
 * while the panel is not ready (the button is disabled then, and says why).
 */
export async function generate(): Promise<boolean> {
  const state = appStore.getState();
  if (state.submitting || !readiness(state.fields).ready) return false;
  const { seed, seedText } = seedForRun(state.fields);
  if (seedText !== state.fields.seedText) state.setField('seedText', seedText);
  return submitParams(buildParams({ ...state.fields, seedText }, seed));
}

/** Clears the run error shown once its cause is gone (run-error.ts); returns the unsubscribe. */
export function startRunErrorWatch(): () => void {
  return appStore.subscribe((now, before) => {
    const error = now.runError;
    if (error === null || error !== before.runError) return;
    const fits = (ctx: RunErrorContext) => {
      const total = readiness(ctx.fields).quote.totalMicroUsd;
      // An unknown price fits only when no budget is hard (main refuses it otherwise).
      if (total === null) return ctx.budgets.every((b) => !b.budget.hard);
      return budgetRefusal(total, ctx.budgets) === null;
    };
    if (runErrorIsStale(error.code, now, before, fits)) now.setRunOutcome({ warnings: now.runWarnings });
  });
}
