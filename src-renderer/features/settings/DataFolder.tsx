// Settings → Data folder: where the data lives, Reveal, Move (copy, verify, restart there), and the
// folder it was moved from, which Easel never deletes (the user does, once happy).
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';

type Info = CallResponse<'data.info'>;
type Moved = CallResponse<'data.move'>;
type MoveState =
  | { state: 'closed' }
  | { state: 'editing' }
  | { state: 'moving' }
  | { state: 'moved'; result: Moved }
  | { state: 'failed'; message: string };

/** Settings key the move writes into the new database (core/studio/data-move.ts). */
const PREVIOUS_DIR_SETTING = 'data.previousDir';

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

export function DataFolder({ onError }: { onError: (message: string) => void }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [move, setMove] = useState<MoveState>({ state: 'closed' });
  const [folder, setFolder] = useState('');

  const load = useCallback(() => {
    call('data.info', {})
      .then(setInfo)
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [onError]);
  useEffect(load, [load]);

  const reveal = () =>
    call('shell.reveal', {}).catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  const dismissPrevious = () => {
    call('settings.set', { key: PREVIOUS_DIR_SETTING, value: null })
      .then(load)
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  };
  const start = () => {
    const target = folder.trim();
    if (!target) return;
    setMove({ state: 'moving' });
    call('data.move', { folder: target })
      .then((result) => setMove({ state: 'moved', result }))
      .catch((e: unknown) => setMove({ state: 'failed', message: e instanceof Error ? e.message : String(e) }));
  };

  const busy = move.state === 'moving';
  const moved = move.state === 'moved' ? move.result : null;
  return (
    <>
      <div className="set-row">
        <span className="set-label">Data folder</span>
        <code data-testid="data-folder">{info?.dataDir ?? '…'}</code>
        <span className="set-actions">
          <button type="button" className="btn-quiet" onClick={reveal}>
            Reveal data folder
          </button>
          {info?.movable && move.state === 'closed' ? (
            <button type="button" className="btn-quiet" onClick={() => setMove({ state: 'editing' })}>
              Move data folder…
            </button>
          ) : null}
        </span>
      </div>
      {info && !info.movable && info.notMovableReason ? <p className="ui-hint">{info.notMovableReason}</p> : null}
      {info?.previousDir && !moved ? (
        <div className="set-note" role="note" aria-label="Previous data folder">
          <p>
            Easel moved its data here from <code>{info.previousDir}</code>. That folder is still there: once you are
            happy that everything is here, you can delete it yourself (Easel never deletes your data).
          </p>
          <button type="button" className="btn-quiet" onClick={dismissPrevious}>
            Dismiss
          </button>
        </div>
      ) : null}
      {move.state === 'editing' || move.state === 'moving' || move.state === 'failed' ? (
        <form
          className="set-move"
          aria-label="Move data folder"
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <label htmlFor="set-move-folder">New data folder</label>
          <input
            id="set-move-folder"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/full/path/to/an/empty/folder"
            disabled={busy}
            spellCheck={false}
            autoComplete="off"
          />
          <p className="ui-hint">
            A full path to an empty folder, or one that does not exist yet. Easel copies the database, images and
            thumbnails there, checks every file, then restarts using it. The current folder is left exactly as it is.
          </p>
          <div className="set-actions">
            <button type="submit" disabled={busy || folder.trim() === ''}>
              {busy ? 'Moving…' : 'Move and restart'}
            </button>
            <button type="button" className="btn-quiet" disabled={busy} onClick={() => setMove({ state: 'closed' })}>
              Cancel
            </button>
          </div>
          {busy ? (
            <p role="status">
              Copying and checking your data. Keep Easel open; this takes a while for a large library.
            </p>
          ) : null}
          {move.state === 'failed' ? (
            <p role="alert" className="ui-error">
              {move.message}
            </p>
          ) : null}
        </form>
      ) : null}
      {moved ? (
        <div role="status" className="set-check is-ok">
          <p>
            <strong>
              Moved to <code>{moved.to}</code>
            </strong>{' '}
            ({moved.files} files, {size(moved.bytes)}).{' '}
            {moved.restarting ? 'Easel is restarting there…' : 'Restart Easel to use it.'}
          </p>
          <p>
            The old folder <code>{moved.from}</code> is left as it was. Once you are happy that everything is in the new
            place, you can delete it yourself.
          </p>
        </div>
      ) : null}
    </>
  );
}
