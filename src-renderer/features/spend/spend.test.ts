import { describe, expect, it } from 'vitest';
import { budgetLevel, budgetStatus, formatPercent, worstBudget } from './budget-status.ts';
import { chartGeometry, lastDays, niceMax } from './chart.ts';

describe('daily chart scaling', () => {
  it('fills the last N local days with zeros and sums duplicates', () => {
    const days = lastDays(
      [
        { day: '2026-03-10', microUsd: 40_000 },
        { day: '2026-03-10', microUsd: 2_000 },
        { day: '2026-02-01', microUsd: 5 },
      ],
      3,
      new Date(2026, 2, 10, 15),
    );
    expect(days).toEqual([
      { day: '2026-03-08', microUsd: 0 },
      { day: '2026-03-09', microUsd: 0 },
      { day: '2026-03-10', microUsd: 42_000 },
    ]);
  });

  it('rounds the axis up to 1/2/2.5/5 × 10^n with a one-cent floor', () => {
    expect(niceMax(0)).toBe(10_000);
    expect(niceMax(42_000)).toBe(50_000);
    expect(niceMax(120_000)).toBe(200_000);
    expect(niceMax(2_100_000)).toBe(2_500_000);
    expect(niceMax(1_000_000)).toBe(1_000_000);
    expect(niceMax(5_000_001)).toBe(10_000_000);
  });

  it('maps amounts to bar heights against the axis maximum; zero days have no bar', () => {
    const g = chartGeometry(
      [
        { day: 'a', microUsd: 0 },
        { day: 'b', microUsd: 25_000 },
        { day: 'c', microUsd: 50_000 },
      ],
      { width: 300, height: 100, gap: 0 },
    );
    expect(g.max).toBe(50_000);
    expect(g.bars.map((b) => b.height)).toEqual([0, 50, 100]);
    expect(g.bars.map((b) => b.x)).toEqual([0, 100, 200]);
    expect(g.bars[2]?.y).toBe(0);
    expect(g.ticks).toEqual([12_500, 25_000, 37_500, 50_000]);
  });

  it('a tiny positive day still shows one pixel', () => {
    const g = chartGeometry(
      [
        { day: 'a', microUsd: 1 },
        { day: 'b', microUsd: 9_000_000 },
      ],
      { width: 20, height: 100 },
    );
    expect(g.bars[0]?.height).toBe(1);
  });
});

describe('budget levels', () => {
  it('formats percentages floored and capped', () => {
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(9.99)).toBe('999%');
    expect(formatPercent(56_000_000 / 100)).toBe('over 999%');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('over 999%');
    expect(
      budgetStatus({ budget: { period: 'day', limitMicroUsd: 1, hard: true }, usedMicroUsd: 560_000 }).message,
    ).toMatch(/^Daily budget reached/);
  });

  it('warns from 80 % and reports reached at 100 %', () => {
    expect(budgetLevel(799_999, 1_000_000)).toBe('ok');
    expect(budgetLevel(800_000, 1_000_000)).toBe('warning');
    expect(budgetLevel(999_999, 1_000_000)).toBe('warning');
    expect(budgetLevel(1_000_000, 1_000_000)).toBe('reached');
    expect(budgetLevel(0, 0)).toBe('reached');
  });

  it('says in words what a hard and a soft budget do', () => {
    const hard = budgetStatus({
      budget: { period: 'day', limitMicroUsd: 1_000_000, hard: true },
      usedMicroUsd: 1_200_000,
    });
    expect(hard.message).toBe(
      'Daily budget reached: $1.20 of $1.00. New generations are refused until it resets or you raise it.',
    );
    const soft = budgetStatus({
      budget: { period: 'month', limitMicroUsd: 10_000_000, hard: false },
      usedMicroUsd: 8_500_000,
    });
    expect(soft).toMatchObject({ level: 'warning', message: 'Monthly budget at 85%: $8.50 of $10.00.' });
    expect(worstBudget([soft, hard])).toBe(hard);
    expect(
      worstBudget([budgetStatus({ budget: { period: 'day', limitMicroUsd: 10, hard: true }, usedMicroUsd: 1 })]),
    ).toBeNull();
  });
});
