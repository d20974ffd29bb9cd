// Spend: today / this month / all time, the daily chart, forecast, per model and profile,
// outcome rates, uncertain entries, budgets, the price table and CSV export.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { call, on } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { TERMINAL_JOB_STATUSES } from '../../../src-shared/domain.ts';
import { formatUsd, usdToMicro } from '../../../src-shared/money.ts';
import { budgetStatus } from './budget-status.ts';
import { lastDays } from './chart.ts';
import { DailyChart } from './DailyChart.tsx';
import { ModelName } from './ModelName.tsx';
import { UncertainCard } from './UncertainCard.tsx';
import { refreshSpend } from '../session/index.ts';
import '../library/library.css';
import './spend.css';

type Summary = CallResponse<'spend.summary'>;
type Budgets = CallResponse<'budgets.get'>['budgets'];
type Prices = CallResponse<'prices.get'>;
type Uncertain = CallResponse<'spend.uncertain'>['entries'];

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;

/** A figure; `words`: the value is a sentence ("not enough data yet"), set smaller than an amount. */
function Figure(props: { id: string; label: string; value: string; hint?: string; words?: boolean }) {
  const { id, label, value, hint, words } = props;
  return (
    <div className="spend-fig">
      <span id={`fig-${id}`} className="spend-fig-label">
        {label}
      </span>
      <output aria-labelledby={`fig-${id}`} className={`spend-fig-value${words ? ' is-words' : ''}`}>
        {value}
      </output>
      {hint ? <span className="ui-hint">{hint}</span> : null}
    </div>
  );
}

export function SpendView() {
  const [range, setRange] = useState<30 | 90>(30);
  const [all, setAll] = useState<Summary | null>(null);
  const [ranged, setRanged] = useState<Summary | null>(null);
  const [budgets, setBudgets] = useState<Budgets>([]);
  const [prices, setPrices] = useState<Prices | null>(null);
  const [uncertain, setUncertain] = useState<Uncertain>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    from.setDate(from.getDate() - (range - 1));
    Promise.all([
      call('spend.summary', {}),
      call('spend.summary', { from: from.toISOString() }),
      call('budgets.get', {}),
      call('prices.get', {}),
      call('spend.uncertain', {}),
    ])
      .then(([a, r, b, p, u]) => {
        setAll(a);
        setRanged(r);
        setBudgets(b.budgets);
        setPrices(p);
        setUncertain(u.entries);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    // The top bar's figures and budget warnings come from the session slice: keep them in step.
    void refreshSpend();
  }, [range]);
  useEffect(load, [load]);
  useEffect(() => {
    // Whatever ends may charge or leave uncertain spend, and a path settled in the Queue comes as
    // video.updated: re-read once a burst of events is over (cancelling a batch ends many jobs).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    };
    const offs = [
      on('job.updated', (e) => TERMINAL_JOB_STATUSES.includes(e.status) && soon()),
      on('chat.turn', (e) => e.turn.status !== 'sending' && soon()),
      on(
        'video.updated',
        (e) => (e.status === 'succeeded' || e.status === 'failed' || e.status === 'cancelled') && soon(),
      ),
    ];
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [load]);

  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const downloadCsv = () => {
    call('spend.csv', {})
      .then(({ csv }) => {
        const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `easel-spend-${new Date().toISOString().slice(0, 10)}.csv`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      })
      .catch(fail);
  };

  if (all === null || ranged === null)
    return (
      <div className="spend-view">
        <p className="spend-loading">{error ?? 'Loading spend…'}</p>
      </div>
    );

  return (
    <div className="spend-view">
      <header className="spend-head">
        <h1>Spend</h1>
        <span className="ui-hint">What Bedrock billed for your generations, as Easel recorded it.</span>
        <button type="button" onClick={downloadCsv}>
          Export CSV
        </button>
      </header>
      {error ? (
        <p className="ui-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="spend-figs" aria-label="Totals">
        <Figure id="today" label="Today" value={formatUsd(all.todayMicroUsd)} />
        <Figure id="month" label="This month" value={formatUsd(all.monthMicroUsd)} />
        <Figure id="all" label="All time" value={formatUsd(all.totalMicroUsd)} />
        <Figure
          id="forecast"
          label="Month-end forecast"
          words={!all.forecast.enoughData}
          value={
            all.forecast.enoughData
              ? formatUsd(Math.round(all.forecast.projectedMicroUsd / 10_000) * 10_000)
              : 'not enough data yet'
          }
          hint={
            all.forecast.enoughData
              ? `at the current pace (${pct(all.forecast.elapsedFraction)} of the month gone)`
              : 'shown from the third day of the month'
          }
        />
        {all.uncertainMicroUsd ? (
          <Figure
            id="uncertain"
            label="Uncertain"
            value={formatUsd(all.uncertainMicroUsd)}
            hint="may have been billed, see below"
          />
        ) : null}
        {all.heldMicroUsd ? (
          <Figure id="held" label="Held for queued jobs" value={formatUsd(all.heldMicroUsd)} />
        ) : null}
        {all.unpricedCount ? (
          <Figure
            id="unpriced"
            label="Not priced"
            value={`${all.unpricedCount} image${all.unpricedCount === 1 ? '' : 's'}`}
            hint="price unknown: not in the totals; set the model's price to count them"
          />
        ) : null}
      </section>

      <section className="spend-card" aria-label="Daily spend">
        <header className="spend-card-head">
          <h2>Daily</h2>
          <div role="group" aria-label="Chart range" className="spend-seg">
            {([30, 90] as const).map((n) => (
              <button key={n} type="button" aria-pressed={range === n} onClick={() => setRange(n)}>
                {n} days
              </button>
            ))}
          </div>
        </header>
        <DailyChart days={lastDays(ranged.byDay, range, new Date())} />
      </section>

      <div className="spend-cols">
        <section className="spend-card" aria-label="Spend per model">
          <h2>
            Per model <span className="ui-hint">(all time)</span>
          </h2>
          <table className="spend-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>Images</th>
                <th>Spend</th>
                <th>Failed</th>
                <th>Filtered</th>
              </tr>
            </thead>
            <tbody>
              {all.byModel.length === 0 ? (
                <tr>
                  <td colSpan={5} className="ui-hint">
                    No spend yet.
                  </td>
                </tr>
              ) : null}
              {all.byModel.map((m) => {
                const o = all.outcomes.find((x) => x.modelId === m.modelId);
                return (
                  <tr key={m.modelId}>
                    <td>
                      <ModelName id={m.modelId} />
                    </td>
                    <td>{m.images}</td>
                    <td>{formatUsd(m.microUsd)}</td>
                    <td>{o ? pct(o.failedRate) : '—'}</td>
                    <td>{o ? pct(o.filteredRate) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section className="spend-card" aria-label="Spend per profile">
          <h2>Per profile</h2>
          <table className="spend-table">
            <thead>
              <tr>
                <th>Profile</th>
                <th>Spend</th>
              </tr>
            </thead>
            <tbody>
              {all.byProfile.map((p) => (
                <tr key={p.profile ?? '(default)'}>
                  <td>{p.profile ?? '(default)'}</td>
                  <td>{formatUsd(p.microUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <UncertainCard entries={uncertain} onSettled={load} onError={fail} />

      <div className="spend-cols">
        <BudgetsCard budgets={budgets} onChanged={load} onError={fail} />
        {prices ? <PricesCard prices={prices} onChanged={load} onError={fail} /> : null}
      </div>
    </div>
  );
}

function parseDollars(text: string): number | null {
  try {
    const micro = usdToMicro(text.replace(/^\$/, '').replace(/,/g, '').trim());
    return micro >= 0 ? micro : null;
  } catch {
    return null;
  }
}

function BudgetsCard({
  budgets,
  onChanged,
  onError,
}: {
  budgets: Budgets;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  return (
    <section className="spend-card" aria-label="Budgets">
      <h2>Budgets</h2>
      {(['day', 'month'] as const).map((period) => {
        const usage = budgets.find((b) => b.budget.period === period);
        return <BudgetRow key={period} period={period} usage={usage} onChanged={onChanged} onError={onError} />;
      })}
      <p className="ui-hint">
        A hard budget refuses a generation that would pass it; a soft one lets it run with a warning. Warnings show from
        80%.
      </p>
    </section>
  );
}

function BudgetRow({
  period,
  usage,
  onChanged,
  onError,
}: {
  period: 'day' | 'month';
  usage: Budgets[number] | undefined;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const [limit, setLimit] = useState(usage ? formatUsd(usage.budget.limitMicroUsd).slice(1) : '');
  const [hard, setHard] = useState(usage?.budget.hard ?? true);
  const name = period === 'day' ? 'Daily' : 'Monthly';
  const status = usage ? budgetStatus(usage) : null;
  const micro = parseDollars(limit);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (micro === null) return;
    call('budgets.set', { period, limitMicroUsd: micro, hard }).then(onChanged).catch(onError);
  };
  return (
    <form className="spend-budget" onSubmit={submit}>
      <strong>{name}</strong>
      <label>
        Limit ($){' '}
        <input
          aria-label={`${name} budget limit in dollars`}
          inputMode="decimal"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          aria-invalid={limit !== '' && micro === null}
        />
      </label>
      <select
        aria-label={`${name} budget kind`}
        value={hard ? 'hard' : 'soft'}
        onChange={(e) => setHard(e.target.value === 'hard')}
      >
        <option value="hard">Hard</option>
        <option value="soft">Soft</option>
      </select>
      <button type="submit" disabled={micro === null}>
        Save
      </button>
      {usage ? (
        <button
          type="button"
          className="btn-quiet"
          onClick={() =>
            call('budgets.set', { period, limitMicroUsd: null })
              .then(() => {
                setLimit('');
                onChanged();
              })
              .catch(onError)
          }
        >
          Remove
        </button>
      ) : null}
      {status ? (
        <div className={`spend-meter is-${status.level}`} role={status.level === 'ok' ? undefined : 'alert'}>
          <div className="spend-meter-track">
            <div className="spend-meter-fill" style={{ width: `${Math.min(100, status.fraction * 100)}%` }} />
          </div>
          <span>{status.message}</span>
        </div>
      ) : (
        <span className="ui-hint">No {name.toLowerCase()} budget.</span>
      )}
    </form>
  );
}

function PricesCard({
  prices,
  onChanged,
  onError,
}: {
  prices: Prices;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const [editing, setEditing] = useState<{ key: string; text: string } | null>(null);
  const save = (key: string, text: string) => {
    const micro = text.trim() === '' ? null : parseDollars(text);
    if (text.trim() !== '' && micro === null) return;
    call('prices.set', { key, microUsd: micro })
      .then(() => {
        setEditing(null);
        onChanged();
      })
      .catch(onError);
  };
  return (
    <section className="spend-card" aria-label="Price table">
      <h2>
        Prices{' '}
        <span className="ui-hint">
          as of {prices.asOf} · {prices.source}
        </span>
      </h2>
      <table className="spend-table">
        <thead>
          <tr>
            <th>Model / option</th>
            <th>Per image</th>
            <th>Your price</th>
          </tr>
        </thead>
        <tbody>
          {prices.entries.map((e) => (
            <tr key={e.key}>
              <td>
                {e.label}
                {e.unconfirmed ? (
                  <span className="ui-hint" title="Not confirmed against the AWS price list">
                    {' '}
                    (unconfirmed)
                  </span>
                ) : null}
              </td>
              <td>{e.microUsd === null ? '—' : formatUsd(e.microUsd)}</td>
              <td>
                {editing?.key === e.key ? (
                  <form
                    className="spend-inline"
                    onSubmit={(ev) => {
                      ev.preventDefault();
                      save(e.key, editing.text);
                    }}
                  >
                    <input
                      aria-label={`Price override for ${e.label}`}
                      autoFocus
                      value={editing.text}
                      onChange={(ev) => setEditing({ key: e.key, text: ev.target.value })}
                      placeholder="empty = table price"
                    />
                    <button type="submit">Set</button>
                  </form>
                ) : (
                  <button
                    type="button"
                    className="btn-quiet"
                    onClick={() =>
                      setEditing({
                        key: e.key,
                        text: e.overrideMicroUsd === null ? '' : formatUsd(e.overrideMicroUsd).slice(1),
                      })
                    }
                  >
                    {e.overrideMicroUsd === null ? 'Override…' : formatUsd(e.overrideMicroUsd)}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A model as people know it (the catalog's label), with the Bedrock id beside it for reference. */
