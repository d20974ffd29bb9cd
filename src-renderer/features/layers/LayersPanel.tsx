// The Layers tab: one entry per canvas item (top first) named by its prompt and seed, so every
// item is reachable without a mouse. Arrow keys move, Space/Enter selects (Shift adds), Delete
// removes from the canvas; entries can be dragged out of the window as files.
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { imageUrl, startDrag } from '../../api.ts';
import { appStore, useApp } from '../../store/index.ts';
import { reuseSeed, reuseSettings } from '../history/index.ts';
import { deleteSelection, reorderSelection, reveal, scene, useSceneVersion } from '../canvas/index.ts';
import './layers.css';

export function layerName(
  prompt: string | null | undefined,
  seed: number | null | undefined,
  fallback: string,
): string {
  const text = prompt && prompt.trim() !== '' ? prompt.trim() : fallback;
  return seed === null || seed === undefined ? text : `${text} · seed ${seed}`;
}

export function LayersPanel() {
  const version = useSceneVersion();
  const selection = useApp((s) => s.selection);
  const info = useApp((s) => s.imageInfo);
  const items = useMemo(() => scene.ordered().reverse(), [version]);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const selected = new Set(selection);
  const single = selection.length === 1 ? scene.get(selection[0] ?? '') : undefined;
  const singleInfo = single ? info[single.imageId] : undefined;

  const focusIndex = (i: number) => {
    const index = Math.max(0, Math.min(items.length - 1, i));
    setActive(index);
    (listRef.current?.children[index] as HTMLElement | undefined)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const item = items[active];
    if (e.key === 'ArrowDown') focusIndex(active + 1);
    else if (e.key === 'ArrowUp') focusIndex(active - 1);
    else if (e.key === 'Home') focusIndex(0);
    else if (e.key === 'End') focusIndex(items.length - 1);
    else if ((e.key === ' ' || e.key === 'Enter') && item) {
      if (e.shiftKey || e.ctrlKey || e.metaKey) appStore.getState().toggleSelected(item.key);
      else appStore.getState().select([item.key]);
      reveal(item.key);
    } else if (e.key === 'Delete' || e.key === 'Backspace') deleteSelection();
    else return;
    e.preventDefault();
  };

  return (
    <div className="layers-panel">
      <div className="panel-actions" role="toolbar" aria-label="Layer actions">
        <button
          type="button"
          disabled={!singleInfo || singleInfo.seed === null}
          onClick={() => {
            if (singleInfo && singleInfo.seed !== null) reuseSeed(singleInfo.seed);
          }}
        >
          Reuse seed
        </button>
        <button type="button" disabled={!single} onClick={() => single && void reuseSettings(single.imageId)}>
          Reuse all settings
        </button>
        <button
          type="button"
          disabled={selection.length === 0}
          onClick={() => reorderSelection('forward')}
          title="Bring forward (Ctrl/⌘+])"
        >
          Bring forward
        </button>
        <button
          type="button"
          disabled={selection.length === 0}
          onClick={() => reorderSelection('backward')}
          title="Send backward (Ctrl/⌘+[)"
        >
          Send backward
        </button>
      </div>
      {items.length === 0 ? (
        <p className="empty muted">No images on this canvas yet.</p>
      ) : (
        <ul
          ref={listRef}
          className="layer-list"
          role="listbox"
          aria-label="Layers"
          aria-multiselectable="true"
          onKeyDown={onKeyDown}
        >
          {items.map((item, index) => {
            const meta = info[item.imageId];
            // Edits without a prompt of their own (upscale, remove background) say what they came from.
            const untitled = meta?.parentImageId
              ? `Image ${item.imageId}, edit of image ${meta.parentImageId}`
              : `Image ${item.imageId}`;
            const name = layerName(meta?.prompt, meta?.seed, untitled);
            return (
              <li
                key={item.key}
                role="option"
                aria-selected={selected.has(item.key)}
                aria-label={name}
                tabIndex={index === Math.min(active, items.length - 1) ? 0 : -1}
                className={`layer${selected.has(item.key) ? ' selected' : ''}`}
                draggable
                onDragStart={(e) => {
                  e.preventDefault();
                  const keys = selected.has(item.key) ? selection : [item.key];
                  startDrag([...new Set(keys.flatMap((k) => scene.get(k)?.imageId ?? []))]);
                }}
                onFocus={() => setActive(index)}
                onClick={(e) => {
                  setActive(index);
                  if (e.shiftKey || e.ctrlKey || e.metaKey) appStore.getState().toggleSelected(item.key);
                  else appStore.getState().select([item.key]);
                }}
                onDoubleClick={() => reveal(item.key)}
              >
                <img src={imageUrl(item.imageId, 'thumb')} alt="" width={40} height={40} loading="lazy" />
                <span className="layer-text">
                  <span className="layer-prompt">{meta?.prompt || untitled}</span>
                  <span className="layer-seed muted">
                    {meta && meta.seed !== null ? `seed ${meta.seed}` : (meta?.source ?? '')}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
