export { CanvasView } from './CanvasView.tsx';
export type { CanvasOverlay, OverlayGesture } from './overlay.ts';
export {
  deleteSelection,
  escapeCanvas,
  redo,
  reorderSelection,
  reveal,
  undo,
  zoomTo100,
  zoomToFit,
} from './commands.ts';
export { createCanvas, openCanvas, openInitialCanvas, startAutosave } from './persistence.ts';
export { itemRect, placeImages } from './place.ts';
export { labelPlaceholder, placeReserved, releasePlaceholder, reserveRun } from './pending.ts';
export { scene } from './scene.ts';
export type { SceneItem } from './scene.ts';
export { useSceneVersion } from './useSceneVersion.ts';
export type { Point, Rect, Viewport } from './viewport.ts';
