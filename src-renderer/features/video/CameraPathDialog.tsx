// The "Camera path" dialog: the images in order (reorder, remove, add from the library), one
// "Camera move" per segment, the clip's duration, resolution, aspect ratio and loop, the prompt,
// the whole path's price before anything is sent, and Render.
import { useEffect, useState } from 'react';
import type { VideoPrice } from '../../../src-shared/contract/video.ts';
import { LUMA_ASPECT_RATIOS, LUMA_DURATIONS, LUMA_RESOLUTIONS } from '../../../src-shared/models/index.ts';
import { ApiError, call } from '../../api.ts';
import { appStore, useApp } from '../../store/index.ts';
import { Dialog } from '../library/index.ts';
import { AddFromLibrary } from './AddFromLibrary.tsx';
import { PathList } from './PathList.tsx';
import { draftIssues, priceRequest, priceWords, videoRequest } from './path.ts';
import type { PathDraft } from './path.ts';
import { videoAdvice } from './progress.ts';
import { startVideo } from './video-jobs.ts';
import './video.css';

type PriceState = { state: 'loading' } | { state: 'ok'; price: VideoPrice } | { state: 'failed'; message: string };
type RunError = { message: string; advice: string | null; settings: boolean };

const update = (change: (d: PathDraft) => PathDraft) => appStore.getState().updateCameraPath(change);

/** video.price for the path as it stands (a moment after the last change). */
function usePathPrice(draft: PathDraft, profile: string | null): PriceState | null {
  const [price, setPrice] = useState<PriceState | null>(null);
  const key = JSON.stringify(draft.images.length > 0 ? priceRequest(draft, profile) : null);
  useEffect(() => {
    if (draft.images.length === 0) return setPrice(null);
    setPrice({ state: 'loading' });
    let live = true;
    const timer = setTimeout(() => {
      call('video.price', JSON.parse(key) as ReturnType<typeof priceRequest>)
        .then((p) => live && setPrice({ state: 'ok', price: p }))
        .catch(
          (e: unknown) => live && setPrice({ state: 'failed', message: e instanceof Error ? e.message : String(e) }),
        );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The request's JSON is the dependency: a new draft object with the same request asks nothing.
  }, [key, draft.images.length]);
  return price;
}

function PriceLine({ price }: { price: PriceState | null }) {
  const text =
    price === null
      ? '—'
      : price.state === 'loading'
        ? 'working out the price…'
        : price.state === 'ok'
          ? priceWords(price.price)
          : `price unknown: ${price.message}`;
  return (
    <p className="path-price">
      <span className="muted">Price of the whole path: </span>
      <output aria-label="Price of the whole path" aria-live="polite">
        {text}
      </output>
    </p>
  );
}

function PathOptions({ draft }: { draft: PathDraft }) {
  return (
    <div className="path-options">
      <label className="path-field path-prompt">
        <span>Video prompt</span>
        <textarea
          aria-label="Video prompt"
          rows={3}
          value={draft.prompt}
          placeholder="What happens in the video: subject, light, mood"
          onChange={(e) => update((d) => ({ ...d, prompt: e.target.value }))}
        />
      </label>
      <label className="path-field">
        <span>Duration</span>
        <select
          aria-label="Duration"
          value={draft.duration}
          onChange={(e) => update((d) => ({ ...d, duration: e.target.value as PathDraft['duration'] }))}
        >
          {LUMA_DURATIONS.map((v) => (
            <option key={v} value={v}>
              {v.replace('s', ' s')} per segment
            </option>
          ))}
        </select>
      </label>
      <label className="path-field">
        <span>Resolution</span>
        <select
          aria-label="Resolution"
          value={draft.resolution}
          onChange={(e) => update((d) => ({ ...d, resolution: e.target.value as PathDraft['resolution'] }))}
        >
          {LUMA_RESOLUTIONS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="path-field">
        <span>Aspect ratio</span>
        <select
          aria-label="Aspect ratio"
          value={draft.aspectRatio}
          onChange={(e) => update((d) => ({ ...d, aspectRatio: e.target.value as PathDraft['aspectRatio'] }))}
        >
          {LUMA_ASPECT_RATIOS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="path-check">
        <input
          type="checkbox"
          checked={draft.loop}
          onChange={(e) => update((d) => ({ ...d, loop: e.target.checked }))}
        />
        Loop (the end returns to the start)
      </label>
    </div>
  );
}

function RunErrorBox({ error }: { error: RunError }) {
  return (
    <div className="path-error" role="alert">
      <p>{error.message}</p>
      {error.advice && <p className="muted">{error.advice}</p>}
      {error.settings && (
        <button
          type="button"
          onClick={() => {
            appStore.getState().setCameraPath(null);
            appStore.getState().setView('settings');
          }}
        >
          Open Settings
        </button>
      )}
    </div>
  );
}

export function CameraPathDialog({ draft }: { draft: PathDraft }) {
  const profile = useApp((s) => s.profile);
  const price = usePathPrice(draft, profile);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [runError, setRunError] = useState<RunError | null>(null);
  const issues = draftIssues(draft);
  const close = () => appStore.getState().setCameraPath(null);

  const render = async () => {
    setBusy(true);
    setRunError(null);
    try {
      await startVideo(videoRequest(draft, profile));
      close();
    } catch (e) {
      const data = e instanceof ApiError ? e.data : { code: 'io' as const, message: String(e) };
      setRunError({ message: data.message, advice: videoAdvice(data), settings: data.code.startsWith('s3-') });
      setBusy(false);
    }
  };

  return (
    <Dialog title="Camera path" onClose={close} wide>
      <form
        className="ui-dialog-body camera-path"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (issues.length === 0 && !busy) void render();
        }}
      >
        <div className="path-columns">
          <section className="path-images-col" aria-label="Images in order">
            <PathList draft={draft} />
            {adding ? (
              <AddFromLibrary exclude={draft.images.map((i) => i.id)} onClose={() => setAdding(false)} />
            ) : (
              <button type="button" onClick={() => setAdding(true)}>
                Add from library…
              </button>
            )}
          </section>
          <PathOptions draft={draft} />
        </div>
        <PriceLine price={price} />
        {issues.length > 0 && (
          <ul className="path-issues muted" aria-label="Before you render">
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        )}
        {runError && <RunErrorBox error={runError} />}
        <footer className="ui-dialog-foot">
          <button type="button" className="btn-quiet" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={issues.length > 0 || busy} aria-busy={busy}>
            Render
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
