// Uncertain charges: image jobs, chat turns and video segments that were interrupted or cancelled
// while Bedrock may have been working on them. Each row says what it was ("Chat turn 3 in …",
// "Video segment 2 of 4 …"); the user checks the AWS bill, then confirms the charge or dismisses
// it (spend.settle: main settles it the way its kind does, once).
import { useState } from 'react';
import { call } from '../../api.ts';
import type { UncertainSpend } from '../../../src-shared/contract/index.ts';
import { formatUsd } from '../../../src-shared/money.ts';
import { ModelName } from './ModelName.tsx';

export function UncertainCard(props: {
  entries: readonly UncertainSpend[];
  onSettled: () => void;
  onError: (e: unknown) => void;
}) {
  const { entries, onSettled, onError } = props;
  const [busy, setBusy] = useState<string | null>(null);
  if (entries.length === 0) return null;
  const settle = (entry: UncertainSpend, billed: boolean) => {
    setBusy(`${entry.kind}:${entry.id}`);
    call('spend.settle', { kind: entry.kind, id: entry.id, billed })
      .then(onSettled)
      .catch(onError)
      .finally(() => setBusy(null));
  };
  return (
    <section className="spend-card is-warn" aria-label="Uncertain charges">
      <h2>Uncertain charges</h2>
      <p className="ui-hint">
        These images, chat turns and video segments were interrupted or cancelled while Bedrock may have been working on
        them. Check your AWS bill, then confirm the charge or dismiss it. A video segment is charged at its known price.
      </p>
      <table className="spend-table spend-uncertain">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Model</th>
            <th>Amount</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const key = `${entry.kind}:${entry.id}`;
            const labelId = `uncertain-${entry.kind}-${entry.id}`;
            return (
              <tr key={key} data-uncertain-kind={entry.kind} data-uncertain-id={entry.id}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td className="spend-what">
                  <span id={labelId} className="spend-label">
                    {entry.label}
                  </span>
                  <span className="spend-prompt muted" title={entry.detail}>
                    {entry.detail}
                  </span>
                </td>
                <td>{entry.modelId === null ? '—' : <ModelName id={entry.modelId} />}</td>
                <td>{formatUsd(entry.microUsd)}</td>
                <td>
                  <div className="spend-row-actions" role="group" aria-labelledby={labelId}>
                    <button type="button" disabled={busy === key} onClick={() => settle(entry, true)}>
                      Confirm charge
                    </button>
                    <button
                      type="button"
                      className="btn-quiet"
                      disabled={busy === key}
                      onClick={() => settle(entry, false)}
                    >
                      Dismiss
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
