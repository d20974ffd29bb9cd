// The studio workspace: prompt panel | canvas | History/Layers/Queue (or the chat panel while open).
import { useEffect } from 'react';
import { CanvasView, escapeCanvas, redo, undo, zoomTo100, zoomToFit } from '../features/canvas/index.ts';
import { ChatPanel } from '../features/chat/index.ts';
import { editOverlay } from '../features/edit/index.ts';
import { generate, PromptPanel } from '../features/prompt/index.ts';
import { CameraPathHost, MakeVideoButton } from '../features/video/index.ts';
import { useApp } from '../store/index.ts';
import { RightPanel } from './RightPanel.tsx';

function isTextInput(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target.tagName === 'TEXTAREA' ||
      (target.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((target as HTMLInputElement).type)))
  );
}

/** Inside a dialog or a menu, Escape is theirs. */
function inDialog(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'SELECT' || target.closest('[role="dialog"]') !== null);
}

export function Workspace() {
  const chatOpen = useApp((s) => s.chat.open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === 'Enter') {
        e.preventDefault();
        void generate();
      } else if (mod && !isTextInput(e.target) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && !isTextInput(e.target) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        redo();
      } else if (e.key === 'Escape' && !e.defaultPrevented && !isTextInput(e.target) && !inDialog(e.target)) {
        // Escape deselects wherever the focus is (the edit bar, the layers list), not only on the canvas.
        escapeCanvas(editOverlay);
      } else if (!mod && e.shiftKey && !isTextInput(e.target) && (e.code === 'Digit1' || e.code === 'Digit0')) {
        e.preventDefault();
        if (e.code === 'Digit1') zoomToFit();
        else zoomTo100();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="workspace">
      <PromptPanel />
      <CanvasView overlay={editOverlay} tools={<MakeVideoButton />} />
      {chatOpen ? <ChatPanel /> : <RightPanel />}
      <CameraPathHost />
    </div>
  );
}
