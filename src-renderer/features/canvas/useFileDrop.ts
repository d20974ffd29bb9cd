// Image files dropped on the canvas are imported into the library and placed (import.ts); the
// stage is outlined while files are dragged over it.
import { useState } from 'react';
import type { DragEvent as ReactDragEvent } from 'react';
import { pathForFile } from '../../api.ts';
import { importDropped } from './import.ts';

type DragHandler = (e: ReactDragEvent<HTMLDivElement>) => void;

export interface FileDrop {
  dropActive: boolean;
  handlers: { onDragOver: DragHandler; onDragLeave: () => void; onDrop: DragHandler };
}

export function useFileDrop(): FileDrop {
  const [dropActive, setDropActive] = useState(false);
  const onDrop: DragHandler = (e) => {
    e.preventDefault();
    setDropActive(false);
    const paths = [...e.dataTransfer.files].map((f) => pathForFile(f)).filter((p) => p !== '');
    void importDropped(paths, e.dataTransfer.files.length);
  };
  const onDragOver: DragHandler = (e) => {
    if (e.dataTransfer.types.includes('Files')) {
      e.preventDefault();
      setDropActive(true);
    }
  };
  return { dropActive, handlers: { onDragOver, onDragLeave: () => setDropActive(false), onDrop } };
}
