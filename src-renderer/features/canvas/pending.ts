// A run's images land together: when jobs start, their cells are reserved as one row or grid
// beside the last placement (or an edit's source) and shown as placeholders with what each job is
// doing; each image then takes its cell. Placeholders are not scene items: no undo, never saved.
import { appStore } from '../../store/index.ts';
import { ensureImageInfo } from './persistence.ts';
import { itemRect, keepInSight, lastPlacementIfPresent, notePlacement } from './place.ts';
import { runSlots } from './placement.ts';
import { scene } from './scene.ts';
import { boundsOf, visibleWorld } from './viewport.ts';
import type { Rect } from './viewport.ts';

const DEFAULT_SIZE = { width: 1024, height: 1024 };

function occupiedRects(): Rect[] {
  const placeholders = Object.values(appStore.getState().placeholders).map((p) => p.rect);
  return [...[...scene.items.values()].map(itemRect), ...placeholders];
}

/** The anchor of the next run: `near` (an edit's source), else the last placement if anything is still there. */
function anchorFor(near: Rect | undefined, occupied: readonly Rect[]): Rect | null {
  return near ?? lastPlacementIfPresent(occupied);
}

/** Reserves one cell per job, shows them as placeholders ("Queued") and brings them into view. */
export function reserveRun(
  jobIds: readonly string[],
  options: { size?: { width: number; height: number }; near?: Rect } = {},
): void {
  if (jobIds.length === 0) return;
  const state = appStore.getState();
  const view = visibleWorld(state.viewport, state.stageSize.width, state.stageSize.height);
  const occupied = occupiedRects();
  const wasEmpty = occupied.length === 0;
  const slots = runSlots(
    occupied,
    jobIds.length,
    options.size ?? DEFAULT_SIZE,
    view,
    anchorFor(options.near, occupied),
  );
  const since = Date.now();
  state.setPlaceholders((p) => ({
    ...p,
    ...Object.fromEntries(slots.map((rect, i) => [jobIds[i], { rect, label: 'Queued', since }])),
  }));
  const bounds = boundsOf(slots);
  notePlacement(bounds);
  if (bounds) keepInSight(bounds, wasEmpty);
}

/** What the job is doing now, shown in its placeholder. */
export function labelPlaceholder(jobId: string, label: string): void {
  const { placeholders, setPlaceholders } = appStore.getState();
  const current = placeholders[jobId];
  if (current && current.label !== label) setPlaceholders((p) => ({ ...p, [jobId]: { ...current, label } }));
}

/** The job ended without an image: its cell is free again. */
export function releasePlaceholder(jobId: string): void {
  if (appStore.getState().placeholders[jobId] === undefined) return;
  appStore.getState().setPlaceholders(({ [jobId]: _gone, ...rest }) => rest);
}

/**
 * Puts a job's image in its reserved cell (scaled down to fit it if the model made it larger) and
 * selects it; false when the job has no cell (the caller places it in free space).
 */
export async function placeReserved(jobId: string, imageId: string): Promise<boolean> {
  const cell = appStore.getState().placeholders[jobId]?.rect;
  if (!cell) return false;
  await ensureImageInfo([imageId]);
  const info = appStore.getState().imageInfo[imageId];
  const width = info?.width ?? cell.width;
  const height = info?.height ?? cell.height;
  const scale = Math.min(1, cell.width / width, cell.height / height);
  releasePlaceholder(jobId);
  const [key] = scene.add([{ imageId, x: cell.x, y: cell.y, width, height, scale }]);
  if (key) appStore.getState().select([key]);
  return true;
}
