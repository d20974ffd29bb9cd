// Viewport math: screen = world × scale + offset. Pure functions, unit-tested.

export interface Viewport {
  x: number;
  y: number;
  scale: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 16;
export const IDENTITY: Viewport = { x: 0, y: 0, scale: 1 };

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function screenToWorld(vp: Viewport, p: Point): Point {
  return { x: (p.x - vp.x) / vp.scale, y: (p.y - vp.y) / vp.scale };
}

export function worldToScreen(vp: Viewport, p: Point): Point {
  return { x: p.x * vp.scale + vp.x, y: p.y * vp.scale + vp.y };
}

/** Zooms by `factor` keeping the world point under `screen` fixed (zoom to cursor). */
export function zoomAt(vp: Viewport, screen: Point, factor: number): Viewport {
  const scale = clampScale(vp.scale * factor);
  const world = screenToWorld(vp, screen);
  return { scale, x: screen.x - world.x * scale, y: screen.y - world.y * scale };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { ...vp, x: vp.x + dx, y: vp.y + dy };
}

/** The world rectangle the screen shows. */
export function visibleWorld(vp: Viewport, screenWidth: number, screenHeight: number): Rect {
  return { x: -vp.x / vp.scale, y: -vp.y / vp.scale, width: screenWidth / vp.scale, height: screenHeight / vp.scale };
}

/** The viewport that shows `bounds` whole, centred, with `padding` screen pixels around it (never above 100% unless asked). */
export function fitRect(bounds: Rect, screenWidth: number, screenHeight: number, padding = 48, maxScale = 1): Viewport {
  const w = Math.max(1, screenWidth - padding * 2);
  const h = Math.max(1, screenHeight - padding * 2);
  const scale = clampScale(Math.min(w / Math.max(1, bounds.width), h / Math.max(1, bounds.height), maxScale));
  return {
    scale,
    x: screenWidth / 2 - (bounds.x + bounds.width / 2) * scale,
    y: screenHeight / 2 - (bounds.y + bounds.height / 2) * scale,
  };
}

/** 100% around the centre of the screen. */
export function actualSize(vp: Viewport, screenWidth: number, screenHeight: number): Viewport {
  return zoomAt(vp, { x: screenWidth / 2, y: screenHeight / 2 }, 1 / vp.scale);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** A rectangle from two corners in any order (marquee). */
export function rectFromPoints(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** Thumbnails are 256 px on their long side: above ~1.25× that on screen, load the full image. */
export const FULL_RES_THRESHOLD_PX = 320;

export function variantFor(longSideWorld: number, scale: number): 'thumb' | 'full' {
  return longSideWorld * scale > FULL_RES_THRESHOLD_PX ? 'full' : 'thumb';
}

/** Size (device px, long side) of the small bitmap drawn for items at most that size on screen. One
 *  size: zooming across a thousand images makes each bitmap once (three sizes made 3,000 while
 *  zooming out and in: frames of 100–480 ms at load 8). Larger items draw the thumbnail, of which
 *  at most ~200 fit on a screen at 64 px each. */
export const SCALED_SIZES = [64] as const;
export type ImageLevel = (typeof SCALED_SIZES)[number] | 'thumb' | 'full';

/** What to draw for an item `longSideWorld` long at `scale`, on a screen of `pixelRatio`. */
export function levelFor(longSideWorld: number, scale: number, pixelRatio = 1): ImageLevel {
  const device = longSideWorld * scale * pixelRatio;
  for (const size of SCALED_SIZES) if (device <= size) return size;
  return variantFor(longSideWorld, scale * pixelRatio);
}
