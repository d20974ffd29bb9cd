// Canvas commands shared by the keyboard, the toolbar and the layers tab.
import { appStore } from '../../store/index.ts';
import { itemRect } from './place.ts';
import type { CanvasOverlay } from './overlay.ts';
import { scene } from './scene.ts';
import type { ZOrderMove } from './scene.ts';
import { actualSize, boundsOf, fitRect, zoomAt } from './viewport.ts';

/** Removes the selected items from the canvas only (the library keeps the images). */
export function deleteSelection(): void {
  const { selection } = appStore.getState();
  if (selection.length === 0) return;
  scene.remove(selection);
  appStore.getState().select([]);
}

export function nudgeSelection(dx: number, dy: number): void {
  const { selection } = appStore.getState();
  if (selection.length > 0) scene.update(selection, (i) => ({ x: i.x + dx, y: i.y + dy }));
}

export function reorderSelection(move: ZOrderMove): void {
  scene.reorder(appStore.getState().selection, move);
}

function dropMissingFromSelection(): void {
  const { selection, select } = appStore.getState();
  const kept = selection.filter((k) => scene.get(k));
  if (kept.length !== selection.length) select(kept);
}

export function undo(): void {
  scene.undo();
  dropMissingFromSelection();
}

export function redo(): void {
  scene.redo();
  dropMissingFromSelection();
}

/**
 * Fits the selection, or everything when nothing is selected, above the room the edit bar may
 * still take (selecting one image shows it; choosing an edit opens its options).
 */
export function zoomToFit(): void {
  const { selection, stageSize, setViewport, fitBottomRoom } = appStore.getState();
  const items = selection.length > 0 ? selection.flatMap((k) => scene.get(k) ?? []) : [...scene.items.values()];
  const bounds = boundsOf(items.map(itemRect));
  if (!bounds) return;
  const height = Math.max(1, stageSize.height - fitBottomRoom);
  setViewport(fitRect(bounds, stageSize.width, height, 48, 4));
}

/** Escape: the overlay leaves its mode (an edit), else the selection is cleared. */
export function escapeCanvas(overlay: CanvasOverlay | undefined): void {
  if (!overlay?.escape()) appStore.getState().select([]);
}

export function zoomTo100(): void {
  const { viewport, stageSize, setViewport } = appStore.getState();
  setViewport(actualSize(viewport, stageSize.width, stageSize.height));
}

export function zoomBy(factor: number): void {
  const { viewport, stageSize, setViewport } = appStore.getState();
  setViewport(zoomAt(viewport, { x: stageSize.width / 2, y: stageSize.height / 2 }, factor));
}

/** Centres an item on screen (layers tab). */
export function reveal(key: string): void {
  const item = scene.get(key);
  const { viewport, stageSize, setViewport } = appStore.getState();
  if (!item) return;
  const r = itemRect(item);
  setViewport({
    ...viewport,
    x: stageSize.width / 2 - (r.x + r.width / 2) * viewport.scale,
    y: stageSize.height / 2 - (r.y + r.height / 2) * viewport.scale,
  });
}
