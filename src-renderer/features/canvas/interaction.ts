// Hit testing and selection geometry for the canvas (pure, on scene items in world units).
import type { SceneItem } from './scene.ts';
import { contains, intersects } from './viewport.ts';
import type { Point, Rect } from './viewport.ts';

export function rectOf(item: Pick<SceneItem, 'x' | 'y' | 'width' | 'height' | 'scale'>): Rect {
  return { x: item.x, y: item.y, width: item.width * item.scale, height: item.height * item.scale };
}

/** The topmost item under a world point. */
export function hitItem(ordered: readonly SceneItem[], p: Point): SceneItem | undefined {
  for (let i = ordered.length - 1; i >= 0; i--) {
    const item = ordered[i];
    if (item && contains(rectOf(item), { x: p.x, y: p.y, width: 0, height: 0 })) return item;
  }
  return undefined;
}

/** Items a marquee touches. */
export function itemsInRect(items: Iterable<SceneItem>, rect: Rect): string[] {
  const out: string[] = [];
  for (const item of items) if (intersects(rectOf(item), rect)) out.push(item.key);
  return out;
}

/** Scales items about an anchor (the selection's top-left) by `factor`. */
export function scaleAbout(item: SceneItem, anchor: Point, factor: number): Pick<SceneItem, 'x' | 'y' | 'scale'> {
  return {
    x: anchor.x + (item.x - anchor.x) * factor,
    y: anchor.y + (item.y - anchor.y) * factor,
    scale: item.scale * factor,
  };
}
