// Budget levels shown in the spend view and the top bar: ok below 80 %, warning from 80 %,
// reached at 100 % (a hard budget then refuses new jobs; a soft one only warns).
import { formatUsd } from '../../../src-shared/money.ts';

export type BudgetLevel = 'ok' | 'warning' | 'reached';

export interface BudgetUsageView {
  budget: { period: 'day' | 'month'; limitMicroUsd: number; hard: boolean };
  usedMicroUsd: number;
}

export interface BudgetStatus {
  period: 'day' | 'month';
  level: BudgetLevel;
  /** 0..∞, used / limit. */
  fraction: number;
  hard: boolean;
  message: string;
}

export const WARNING_FRACTION = 0.8;

/** A budget fraction as a percentage for people: floored (80 % means at least 80 %), capped at "over 999%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction > 9.99) return 'over 999%';
  return `${Math.floor(Math.max(0, fraction) * 100)}%`;
}

export function budgetLevel(used: number, limit: number): BudgetLevel {
  if (limit <= 0) return used > 0 || limit === 0 ? 'reached' : 'ok';
  if (used >= limit) return 'reached';
  if (used * 5 >= limit * 4) return 'warning';
  return 'ok';
}

export function budgetStatus(usage: BudgetUsageView): BudgetStatus {
  const { budget, usedMicroUsd } = usage;
  const level = budgetLevel(usedMicroUsd, budget.limitMicroUsd);
  const fraction = budget.limitMicroUsd <= 0 ? 1 : usedMicroUsd / budget.limitMicroUsd;
  const name = budget.period === 'day' ? 'Daily' : 'Monthly';
  const amounts = `${formatUsd(usedMicroUsd)} of ${formatUsd(budget.limitMicroUsd)}`;
  const message =
    level === 'reached'
      ? `${name} budget reached: ${amounts}.${budget.hard ? ' New generations are refused until it resets or you raise it.' : ' Soft budget: generations still run.'}`
      : level === 'warning'
        ? `${name} budget at ${formatPercent(fraction)}: ${amounts}.`
        : `${name} budget: ${amounts}.`;
  return { period: budget.period, level, fraction, hard: budget.hard, message };
}

/** The most serious budget status (what the top bar shows), or null when all are fine. */
export function worstBudget(statuses: readonly BudgetStatus[]): BudgetStatus | null {
  const rank = { ok: 0, warning: 1, reached: 2 } as const;
  let worst: BudgetStatus | null = null;
  for (const s of statuses) if (s.level !== 'ok' && (worst === null || rank[s.level] > rank[worst.level])) worst = s;
  return worst;
}
