// Zoom, fit, 100%, undo/redo, z-order and delete: every canvas command as a button. The z-order
// buttons are arrows named as in the layers tab and the shortcuts help ("Bring forward", "Send
// backward", "Bring to front", "Send to back"), so the bar stays one row from 1024 px wide.
import { useSyncExternalStore } from 'react';
import { useApp } from '../../store/index.ts';
import { deleteSelection, redo, reorderSelection, undo, zoomBy, zoomTo100, zoomToFit } from './commands.ts';
import { scene } from './scene.ts';

/** The z-order buttons, named as in the layers tab and the shortcuts help. */
const Z_ORDER = [
  { move: 'forward', label: 'Bring forward', keys: 'Ctrl/⌘+]', arrow: '↑' },
  { move: 'backward', label: 'Send backward', keys: 'Ctrl/⌘+[', arrow: '↓' },
  { move: 'front', label: 'Bring to front', keys: 'Ctrl/⌘+Shift+]', arrow: '⤒' },
  { move: 'back', label: 'Send to back', keys: 'Ctrl/⌘+Shift+[', arrow: '⤓' },
] as const;

export function CanvasToolbar() {
  useSyncExternalStore(scene.subscribe, scene.getVersion);
  const scale = useApp((s) => s.viewport.scale);
  const hasSelection = useApp((s) => s.selection.length > 0);
  const saveState = useApp((s) => s.saveState);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      <button type="button" onClick={undo} disabled={!scene.canUndo()} title="Undo (Ctrl/⌘+Z)">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!scene.canRedo()} title="Redo (Ctrl/⌘+Shift+Z)">
        Redo
      </button>
      <span className="sep" />
      <button type="button" onClick={() => zoomBy(1 / 1.25)} aria-label="Zoom out">
        −
      </button>
      <output className="zoom-level" aria-label="Zoom level">
        {Math.round(scale * 100)}%
      </output>
      <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
        +
      </button>
      <button type="button" onClick={zoomToFit} title="Shift+1">
        Fit
      </button>
      <button type="button" onClick={zoomTo100} title="Shift+0">
        100%
      </button>
      <span className="sep" />
      {Z_ORDER.map(({ move, label, keys, arrow }) => (
        <button
          key={move}
          type="button"
          className="z-order"
          onClick={() => reorderSelection(move)}
          disabled={!hasSelection}
          aria-label={label}
          title={`${label} (${keys})`}
        >
          {arrow}
        </button>
      ))}
      <button
        type="button"
        onClick={deleteSelection}
        disabled={!hasSelection}
        aria-label="Remove from canvas"
        title="Delete: removes from this canvas, keeps the image in the library"
      >
        Remove
      </button>
      <span className="save-state muted" role="status">
        {saveState === 'saving'
          ? 'Saving…'
          : saveState === 'unsaved'
            ? 'Unsaved'
            : saveState === 'error'
              ? 'Not saved'
              : 'Saved'}
      </span>
    </div>
  );
}
