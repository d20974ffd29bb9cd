// The brush of a layer painted over the image: the mask (inpaint, erase object) or the lines of a
// sketch (control sketch / structure): brush size, erase, undo, clear. The names are the mask's
// accessible names ("Brush size", "Erase mask", "Undo stroke", "Clear mask") or the sketch's.
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../../store/index.ts';
import { activeStrokes } from './editSlice.ts';

const NAMES = {
  mask: { erase: 'Erase mask', eraseHint: 'Paint to take mask away', clear: 'Clear mask' },
  sketch: { erase: 'Erase lines', eraseHint: 'Paint white over lines', clear: 'Clear sketch' },
} as const;

export function BrushControls({ layer }: { layer: keyof typeof NAMES }) {
  const { brushSize, erasing } = useApp(useShallow((s) => ({ brushSize: s.edit.brushSize, erasing: s.edit.erasing })));
  const empty = useApp((s) => activeStrokes(s.edit).length === 0);
  const names = NAMES[layer];
  return (
    <>
      <label className="edit-field">
        <span>
          Brush <output>{brushSize}px</output>
        </span>
        <input
          type="range"
          aria-label="Brush size"
          min={4}
          max={200}
          step={1}
          value={brushSize}
          onChange={(e) => appStore.getState().setEdit({ brushSize: Number(e.target.value) })}
        />
      </label>
      <button
        type="button"
        aria-pressed={erasing}
        onClick={() => appStore.getState().setEdit({ erasing: !erasing })}
        title={names.eraseHint}
      >
        {names.erase}
      </button>
      <button type="button" onClick={() => appStore.getState().undoStroke()} disabled={empty}>
        Undo stroke
      </button>
      <button type="button" onClick={() => appStore.getState().clearStrokes()} disabled={empty}>
        {names.clear}
      </button>
    </>
  );
}
