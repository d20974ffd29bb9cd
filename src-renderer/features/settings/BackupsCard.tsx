// Settings → Backups: when the database was last backed up and how big the copy is, "Back up now",
// and where the copies are and how to restore one (backups.info, backups.create).
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';

type Info = CallResponse<'backups.info'>;

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

export function BackupsCard({ onError }: { onError: (message: string) => void }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);

  const load = useCallback(() => {
    call('backups.info', {}).then(setInfo).catch(fail);
  }, [fail]);
  useEffect(load, [load]);

  const backUpNow = () => {
    setBusy(true);
    call('backups.create', {})
      .then(load)
      .catch(fail)
      .finally(() => setBusy(false));
  };

  const last = info?.last;
  return (
    <section className="set-card" aria-label="Backups">
      <h2>Backups</h2>
      <div className="set-row">
        <span className="set-label">Last backup</span>
        <span data-testid="last-backup">
          {info === null
            ? '…'
            : last
              ? `${new Date(last.createdAt).toLocaleString()} · ${size(last.bytes)}`
              : 'None yet'}
        </span>
        <span className="set-actions">
          <button type="button" className="btn-quiet" onClick={backUpNow} disabled={busy || info === null}>
            {busy ? 'Backing up…' : 'Back up now'}
          </button>
        </span>
      </div>
      {info?.lastError ? (
        <p className="ui-error" role="alert">
          The last automatic backup failed: {info.lastError}
        </p>
      ) : null}
      <p className="ui-hint">
        Easel copies its database before each upgrade and once a day, and keeps the newest {info?.keep ?? 7} in{' '}
        <code>{info?.folder ?? 'backups'}</code>. Images are files in the library folder and are not part of it. To go
        back to a backup, quit Easel and run <code>easel restore</code>; if the database is damaged, Easel offers the
        newest backup when it starts.
      </p>
    </section>
  );
}
