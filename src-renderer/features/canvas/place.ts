// Puts library images on the canvas: in free space near the view (or next to a source image).
import { appStore } from '../../store/index.ts';
import { ensureImageInfo } from './persistence.ts';
import { placeAll } from './placement.ts';
import { scene } from './scene.ts';
import { boundsOf, contains, fitRect, intersects, visibleWorld } from './viewport.ts';
import type { Rect } from './viewport.ts';

export function itemRect(item: { x: number; y: number; width: number; height: number; scale: number }): Rect {
  return { x: item.x, y: item.y, width: item.width * item.scale, height: item.height * item.scale };
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
  // Keep new results in sight: fit the first image; otherwise bring the view to them if they landed outside it.
  const added = keys.flatMap((k) => scene.get(k) ?? []).map(itemRect);
  const bounds = boundsOf(added);
  if (bounds && (wasEmpty || !contains(view, bounds))) {
    const inView = [...scene.items.values()].map(itemRect).filter((r) => intersects(r, view));
    const all = boundsOf([bounds, ...inView]) ?? bounds;
    state.setViewport(fitRect(all, state.stageSize.width, state.stageSize.height, 48, 1));
  }
  return keys;
}
