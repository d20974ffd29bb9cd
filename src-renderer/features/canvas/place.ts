// Puts library images on the canvas: in free space near the view (or next to a source image), and
// keeps them in sight. Remembers the last placement: the next run goes beside it (pending.ts).
import { appStore } from '../../store/index.ts';
import { ensureImageInfo } from './persistence.ts';
import { placeAll } from './placement.ts';
import { scene } from './scene.ts';
import { boundsOf, contains, fitRect, intersects, visibleWorld } from './viewport.ts';
import type { Rect } from './viewport.ts';

export function itemRect(item: { x: number; y: number; width: number; height: number; scale: number }): Rect {
  return { x: item.x, y: item.y, width: item.width * item.scale, height: item.height * item.scale };
}

let lastPlacement: Rect | null = null;

/** The block of the last run or placement, while something is still there. */
export function lastPlacementIfPresent(occupied: readonly Rect[]): Rect | null {
  const last = lastPlacement;
  return last && occupied.some((r) => intersects(r, last)) ? last : null;
}

export function notePlacement(bounds: Rect | null): void {
  if (bounds) lastPlacement = bounds;
}

/**
 * Brings `bounds` (new results) into view with what is on screen already: the first image is
 * fitted; later ones move the view only when they landed outside it.
 */
export function keepInSight(bounds: Rect, fitAnyway: boolean): void {
  const state = appStore.getState();
  const view = visibleWorld(state.viewport, state.stageSize.width, state.stageSize.height);
  if (!fitAnyway && contains(view, bounds)) return;
  const inView = [...scene.items.values()].map(itemRect).filter((r) => intersects(r, view));
  const all = boundsOf([bounds, ...inView]) ?? bounds;
  state.setViewport(fitRect(all, state.stageSize.width, state.stageSize.height, 48, 1));
}

/** Places the images and selects them; returns the new item keys. */
export async function placeImages(
  imageIds: readonly string[],
  options: { near?: Rect; select?: boolean } = {},
): Promise<string[]> {
  if (imageIds.length === 0) return [];
  await ensureImageInfo(imageIds);
  const state = appStore.getState();
  const view = visibleWorld(state.viewport, state.stageSize.width, state.stageSize.height);
  const sizes = imageIds.map((id) => ({
    width: state.imageInfo[id]?.width ?? 512,
    height: state.imageInfo[id]?.height ?? 512,
  }));
  const occupied = [...scene.items.values()].map(itemRect);
  const near = options.near ? { ...options.near, x: options.near.x + options.near.width + 24 } : undefined;
  const spots = placeAll(occupied, sizes, view, near);
  const wasEmpty = scene.size === 0;
  const keys = scene.add(
    imageIds.map((imageId, i) => ({
      imageId,
      x: spots[i]?.x ?? 0,
      y: spots[i]?.y ?? 0,
      width: sizes[i]?.width ?? 512,
      height: sizes[i]?.height ?? 512,
    })),
  );
  if (options.select !== false) appStore.getState().select(keys);
  const bounds = boundsOf(keys.flatMap((k) => scene.get(k) ?? []).map(itemRect));
  notePlacement(bounds);
  if (bounds) keepInSight(bounds, wasEmpty);
  return keys;
}
