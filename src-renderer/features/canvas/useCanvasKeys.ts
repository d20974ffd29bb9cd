// The canvas's keys while it has focus: Space held pans with the pointer, Delete/Backspace removes
// from the canvas, arrows nudge (Shift: further), Escape leaves the overlay's mode (an edit) or
// clears the selection, Ctrl/⌘+A selects everything, Ctrl/⌘+] / [ bring forward / send backward
// (with Shift: to the front / to the back).
import { useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { appStore } from '../../store/index.ts';
import { deleteSelection, escapeCanvas, nudgeSelection, reorderSelection } from './commands.ts';
import type { CanvasOverlay } from './overlay.ts';
import { scene } from './scene.ts';
import type { ZOrderMove } from './scene.ts';

type KeyHandler = (e: ReactKeyboardEvent<HTMLDivElement>) => void;

export interface CanvasKeys {
  spaceDown: boolean;
  handlers: { onKeyDown: KeyHandler; onKeyUp: KeyHandler; onBlur: () => void };
}

function arrowStep(e: ReactKeyboardEvent): { dx: number; dy: number } {
  const step = e.shiftKey ? 64 : 8;
  return {
    dx: e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0,
    dy: e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0,
  };
}

/** Ctrl/⌘+] Bring forward, Ctrl/⌘+[ Send backward; with Shift: to the front / to the back. */
function zOrderFor(key: ']' | '[', shift: boolean): ZOrderMove {
  if (key === ']') return shift ? 'front' : 'forward';
  return shift ? 'back' : 'backward';
}

export function useCanvasKeys(overlay: CanvasOverlay | undefined): CanvasKeys {
  const [spaceDown, setSpaceDown] = useState(false);
  const onKeyDown: KeyHandler = (e) => {
    if (e.key === ' ') {
      setSpaceDown(true);
      e.preventDefault();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      deleteSelection();
      e.preventDefault();
    } else if (e.key.startsWith('Arrow')) {
      const { dx, dy } = arrowStep(e);
      nudgeSelection(dx, dy);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      escapeCanvas(overlay);
      e.preventDefault(); // handled: the workspace's own Escape (focus elsewhere) leaves it alone
    } else if ((e.ctrlKey || e.metaKey) && (e.code === 'BracketRight' || e.code === 'BracketLeft')) {
      // The key's place, not its character: Shift+] types "}" on many layouts.
      reorderSelection(zOrderFor(e.code === 'BracketRight' ? ']' : '[', e.shiftKey));
      e.preventDefault();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      appStore.getState().select(scene.ordered().map((i) => i.key));
      e.preventDefault();
    }
  };
  return {
    spaceDown,
    handlers: {
      onKeyDown,
      onKeyUp: (e) => e.key === ' ' && setSpaceDown(false),
      onBlur: () => setSpaceDown(false),
    },
  };
}
