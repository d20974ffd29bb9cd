// The foot of the prompt panel: the next run's price, Generate, and the last run's outcome. The
// run error is shown here once; while an edit is open the edit panel shows it instead.
import { formatUsd } from '../../../src-shared/money.ts';
import { useApp } from '../../store/index.ts';
import type { Readiness } from './readiness.ts';

function Estimate({ quote, noModel }: { quote: Readiness['quote']; noModel: boolean }) {
  return (
    <p className="estimate" data-testid="estimate" aria-live="polite">
      {noModel ? (
        // No model can run here (the region notice above says why): no price to quote.
        <span className="muted">No model chosen</span>
      ) : quote.known ? (
        <>
          Next run: <strong>{formatUsd(quote.totalMicroUsd)}</strong>
          {quote.count > 1 ? (
            <span className="muted">
              {' '}
              ({quote.count} × {formatUsd(quote.perImageMicroUsd)})
            </span>
          ) : null}
        </>
      ) : (
        <>
          Price unknown for this model <span className="muted">(set one in Spend → Price table)</span>
        </>
      )}
    </p>
  );
}

export function RunBar({
  check,
  promptTyped,
  seeds,
}: {
  check: Readiness;
  promptTyped: boolean;
  /** The seed plan of a locked run ("Seeds 42, 43, 44"), shown beside the price; null when unlocked. */
  seeds: string | null;
}) {
  const submitting = useApp((s) => s.submitting);
  const runError = useApp((s) => s.runError);
  const runWarnings = useApp((s) => s.runWarnings);
  const editing = useApp((s) => s.edit.task !== null);
  const shownError = editing ? null : runError;
  return (
    <div className="run">
      <Estimate quote={check.quote} noModel={check.params.modelId === ''} />
      {seeds !== null && (
        <p className="run-seeds" data-testid="run-seeds">
          {seeds}
        </p>
      )}
      <button
        type="submit"
        className="primary generate"
        disabled={submitting || !check.ready}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      >
        Generate
      </button>
      <p className="shortcut muted">Ctrl/⌘ + Enter</p>
      {shownError && (
        <p className="run-error" role="alert" data-code={shownError.code}>
          {shownError.message}
        </p>
      )}
      {runWarnings.map((w) => (
        <p key={w} className="run-warning" role="status">
          {w}
        </p>
      ))}
      {promptTyped && check.blocking.length > 0 && !shownError && (
        <p className="run-error" role="status">
          {check.blocking.join(' ')}
        </p>
      )}
    </div>
  );
}
