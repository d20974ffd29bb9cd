// Where a new result goes: the free spot nearest the centre of the view, searched on rings of
// candidate positions around it, never overlapping an existing item (with a gap).
import type { Rect } from './viewport.ts';
import { intersects } from './viewport.ts';

export const PLACEMENT_GAP = 24;

function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + by * 2, height: r.height + by * 2 };
}

/**
 * Top-left corner for a `width × height` item near `view`'s centre where it overlaps nothing in
 * `occupied`. Prefers spots that lie inside the view; falls back to the nearest free spot outside.
 */
export function findFreeSpot(
  occupied: readonly Rect[],
  size: { width: number; height: number },
  view: Rect,
  gap = PLACEMENT_GAP,
  maxRings = 60,
): { x: number; y: number } {
  const cx = view.x + view.width / 2 - size.width / 2;
  const cy = view.y + view.height / 2 - size.height / 2;
  const stepX = size.width + gap;
  const stepY = size.height + gap;
  const blocked = occupied.map((r) => inflate(r, gap / 2));
  const fits = (x: number, y: number) => {
    const rect = inflate({ x, y, width: size.width, height: size.height }, gap / 2 - 0.001);
    return !blocked.some((b) => intersects(rect, b));
  };
  let best = null as { x: number; y: number; d: number } | null;
  for (let ring = 0; ring <= maxRings; ring++) {
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        const x = cx + i * stepX;
        const y = cy + j * stepY;
        if (!fits(x, y)) continue;
        const d = Math.hypot(i * stepX, j * stepY);
        if (!best || d < best.d) best = { x, y, d };
      }
    }
    // The nearest spot of a ring is at most ring × step away; the next ring cannot beat it by much,
    // so stop once a spot is found and the next ring's minimum distance exceeds it.
    if (best && best.d <= (ring + 1) * Math.min(stepX, stepY)) break;
  }
  return best ? { x: Math.round(best.x), y: Math.round(best.y) } : { x: Math.round(cx), y: Math.round(cy) };
}

/** Places several items one after another, each seeing the ones placed before it. */
export function placeAll(
  occupied: readonly Rect[],
  sizes: readonly { width: number; height: number }[],
  view: Rect,
  near?: Rect,
): { x: number; y: number }[] {
  const taken = [...occupied];
  return sizes.map((size) => {
    const spot = findFreeSpot(taken, size, near ?? view);
    taken.push({ ...spot, ...size });
    return spot;
  });
}

/** Cells of a run are at least this share of their side apart: a gap that still shows zoomed out. */
export const RUN_GAP_SHARE = 0.05;

/** How a run of `count` images is laid out: one row up to 4, else a near-square grid. */
export function runGrid(count: number): { columns: number; rows: number } {
  const columns = count <= 4 ? Math.max(1, count) : Math.ceil(Math.sqrt(count));
  return { columns, rows: Math.ceil(Math.max(1, count) / columns) };
}

/**
 * Where the `count` images of one run go, as one block: a row (or grid) of `size` cells with `gap`
 * (at least RUN_GAP_SHARE of a side) between them, to the right of `anchor` (the last placement, or an edit's source) at its top,
 * else centred in `view`; moved to the nearest free space when something is already there.
 */
export function runSlots(
  occupied: readonly Rect[],
  count: number,
  size: { width: number; height: number },
  view: Rect,
  anchor: Rect | null,
  gap = PLACEMENT_GAP,
): Rect[] {
  const { columns, rows } = runGrid(count);
  const space = Math.max(gap, Math.round(Math.min(size.width, size.height) * RUN_GAP_SHARE));
  const block = {
    width: columns * size.width + (columns - 1) * space,
    height: rows * size.height + (rows - 1) * space,
  };
  // findFreeSpot centres the block on its search rect: a rect of the block's own size at the wanted spot.
  const wanted = anchor ? { x: anchor.x + anchor.width + space, y: anchor.y, ...block } : view;
  const origin = findFreeSpot(occupied, block, wanted, space);
  return Array.from({ length: count }, (_, i) => ({
    x: origin.x + (i % columns) * (size.width + space),
    y: origin.y + Math.floor(i / columns) * (size.height + space),
    ...size,
  }));
}
