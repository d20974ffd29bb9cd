import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORECAST_MIN_DAYS, forecastMonthEnd } from './spend-repo.ts';
import { testLibrary, type TestLibrary } from './test-support.ts';

let l: TestLibrary;
beforeEach(() => {
  l = testLibrary('2026-03-10T12:00:00.000Z');
});
afterEach(() => l.dispose());

function finish(modelId: string, profile: string, status: 'succeeded' | 'failed' | 'filtered', charge: number): void {
  const [job] = l.generations.queue([
    { params: { modelId, prompt: 'x' }, profile, estimateMicroUsd: charge || 10 },
  ]).jobs;
  const jobId = job?.id ?? '';
  if (status === 'succeeded') {
    const sha = jobId.padStart(64, '0');
    const image = { sha256: sha, path: `library/00/${sha}.png`, width: 1, height: 1, bytes: 1, format: 'png' as const };
    l.generations.recordGenerationOutcome({
      jobId,
      status,
      image,
      charge: { kind: 'charge', amountMicroUsd: charge, priceSource: 'catalog:2025-06' },
    });
  } else {
    l.generations.recordGenerationOutcome({
      jobId,
      status,
      charge: { kind: 'none' },
      error: { code: status === 'filtered' ? 'content-filtered' : 'model-error', message: 'no' },
    });
  }
}

describe('SpendRepo', () => {
  it('totals by day, month, all time, model and profile, with outcome rates', () => {
    l.setNow('2026-02-20T12:00:00.000Z');
    finish('nova', 'work', 'succeeded', 40_000);
    l.setNow('2026-03-09T12:00:00.000Z');
    finish('nova', 'work', 'succeeded', 40_000);
    l.setNow('2026-03-10T12:00:00.000Z');
    finish('sd35', 'home', 'succeeded', 80_000);
    finish('sd35', 'home', 'filtered', 0);
    finish('sd35', 'home', 'failed', 0);
    finish('sd35', 'home', 'succeeded', 80_000);

    expect(l.spend.summary()).toEqual({
      totalMicroUsd: 240_000,
      todayMicroUsd: 160_000,
      monthMicroUsd: 200_000,
      uncertainMicroUsd: 0,
      heldMicroUsd: 0,
      unpricedCount: 0,
    });
    const march = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    expect(l.spend.byModel(march)).toEqual([
      { modelId: 'sd35', images: 2, microUsd: 160_000 },
      { modelId: 'nova', images: 1, microUsd: 40_000 },
    ]);
    expect(l.spend.byProfile()).toEqual([
      { profile: 'home', microUsd: 160_000 },
      { profile: 'work', microUsd: 80_000 },
    ]);
    expect(l.spend.byDay(march).map((d) => d.microUsd)).toEqual([40_000, 160_000]);
    expect(l.spend.total(march)).toBe(200_000);
    const sd = l.spend.outcomesByModel().find((m) => m.modelId === 'sd35');
    expect(sd).toMatchObject({
      finished: 4,
      succeeded: 2,
      failed: 1,
      filtered: 1,
      failedRate: 0.25,
      filteredRate: 0.25,
    });
  });

  it('records user adjustments in the ledger and totals', () => {
    finish('nova', 'work', 'succeeded', 40_000);
    const charge = l.spend.entries().find((e) => e.kind === 'charge');
    const adj = l.spend.adjust({
      amountMicroUsd: -5_000,
      note: 'price override: $0.035',
      generationId: charge?.generationId ?? '',
      refId: charge?.id ?? '',
    });
    expect(adj).toMatchObject({
      kind: 'adjustment',
      amountMicroUsd: -5_000,
      modelId: 'nova',
      profile: 'work',
      priceSource: 'user',
      refId: charge?.id,
    });
    expect(l.spend.summary().totalMicroUsd).toBe(35_000);
    expect(() => l.spend.adjust({ amountMicroUsd: 0.5, note: 'x' })).toThrow(/whole number/);
  });

  it('exports the ledger as CSV with exact decimal amounts and quoted, formula-safe notes', () => {
    finish('nova', 'work', 'succeeded', 40_000);
    l.spend.adjust({ amountMicroUsd: 1_234_567, note: '=HYPERLINK("x"), "quoted"' });
    const csv = l.spend.toCsv();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,kind,amount_usd,amount_micro_usd,model_id,profile,generation_id,price_source,ref_id,note',
    );
    expect(lines.map((line) => line.split(',')[2])).toEqual(['kind', 'reservation', 'release', 'charge', 'adjustment']);
    expect(lines[2]).toContain(',release,-0.040000,-40000,nova,work,');
    expect(lines[4]).toContain(',adjustment,1.234567,1234567,,,,user,,');
    expect(lines[4]?.endsWith(`"'=HYPERLINK(""x""), ""quoted"""`)).toBe(true);
  });
});

describe('forecastMonthEnd', () => {
  it('extends the month-to-date spend at the current pace', () => {
    const now = new Date(2026, 3, 11); // April (30 days) — 10 days in
    const f = forecastMonthEnd(1_000_000, now);
    expect(f.elapsedFraction).toBeCloseTo(10 / 30, 5);
    expect(f.projectedMicroUsd).toBe(3_000_000);
    expect(f.monthStart).toBe(new Date(2026, 3, 1).toISOString());
    expect(f.monthEnd).toBe(new Date(2026, 4, 1).toISOString());
  });
  it('does not extrapolate from the first minutes of a month', () => {
    expect(forecastMonthEnd(500, new Date(2026, 3, 1, 0, 10)).projectedMicroUsd).toBe(500);
    expect(forecastMonthEnd(0, new Date(2026, 3, 20)).projectedMicroUsd).toBe(0);
  });
  it('has no forecast before three days of the month: $0.80 on day 1 is not $24', () => {
    const day1 = forecastMonthEnd(800_000, new Date(2026, 3, 1, 18));
    expect(day1).toMatchObject({ enoughData: false, projectedMicroUsd: 800_000 });
    const justBefore = forecastMonthEnd(800_000, new Date(2026, 3, 3, 23, 59));
    expect(justBefore.enoughData).toBe(false);
    const third = forecastMonthEnd(800_000, new Date(2026, 3, 4));
    expect(third).toMatchObject({ enoughData: true, projectedMicroUsd: 8_000_000 });
    expect(FORECAST_MIN_DAYS).toBe(3);
  });
});
