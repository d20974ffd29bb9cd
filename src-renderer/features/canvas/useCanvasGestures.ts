// Pointer gestures on the canvas container, with our own hit tests (image nodes do not listen):
// middle-drag or Space-drag pans; a press the overlay takes is its gesture (the mask brush); the
// selection's corner handle scales; an item moves (click / Shift-click selects); empty space
// starts a marquee. Moving items out of the canvas turns into a native file drag.
import { useCallback, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, RefObject } from 'react';
import { startDrag } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { hitItem, itemsInRect, scaleAbout } from './interaction.ts';
import type { CanvasOverlay, OverlayGesture } from './overlay.ts';
import { scene } from './scene.ts';
import { panBy, rectFromPoints, screenToWorld } from './viewport.ts';
import type { Point, Rect } from './viewport.ts';

/** Half the size of the scale handle's hit area, in screen pixels (also its drawn size). */
export const HANDLE_PX = 12;

type Gesture =
  | { kind: 'pan'; last: Point }
  | { kind: 'move'; start: Point; keys: string[]; moved: boolean }
  | { kind: 'scale'; anchor: Point; startDist: number; keys: string[] }
  | { kind: 'marquee'; start: Point; additive: string[] }
  | { kind: 'overlay'; gesture: OverlayGesture };

type PointerHandler = (e: ReactPointerEvent<HTMLDivElement>) => void;

export interface CanvasGestures {
  marquee: Rect | null;
  handlers: {
    onPointerDown: PointerHandler;
    onPointerMove: PointerHandler;
    onPointerUp: () => void;
    onPointerCancel: () => void;
    onPointerLeave: () => void;
  };
}

/** The selection's corner handle under a world point: the scale gesture it starts. */
function scaleHandleAt(p: Point, bounds: Rect | null, keys: readonly string[]): Gesture | null {
  if (!bounds) return null;
  const scale = appStore.getState().viewport.scale;
  const hx = bounds.x + bounds.width;
  const hy = bounds.y + bounds.height;
  if (Math.abs(p.x - hx) * scale > HANDLE_PX || Math.abs(p.y - hy) * scale > HANDLE_PX) return null;
  scene.checkpoint();
  const startDist = Math.max(1, Math.hypot(hx - bounds.x, hy - bounds.y));
  return { kind: 'scale', anchor: { x: bounds.x, y: bounds.y }, startDist, keys: [...keys] };
}

/**
 * What a primary-button press at world point `p` starts; null when it only toggled an item in the
 * selection (Shift / Ctrl / ⌘ click).
 */
function pressGesture(
  p: Point,
  e: { shiftKey: boolean; metaKey: boolean; ctrlKey: boolean },
  selectionBounds: Rect | null,
  overlay: CanvasOverlay | undefined,
): Gesture | null {
  const overlayGesture = overlay?.pointerDown(p) ?? null;
  if (overlayGesture) return { kind: 'overlay', gesture: overlayGesture };
  const state = appStore.getState();
  const scaling = scaleHandleAt(p, selectionBounds, state.selection);
  if (scaling) return scaling;
  const hit = hitItem(scene.ordered(), p);
  if (hit) {
    if (e.shiftKey || e.metaKey || e.ctrlKey) {
      state.toggleSelected(hit.key);
      return null;
    }
    let keys = state.selection;
    if (!keys.includes(hit.key)) {
      keys = [hit.key];
      state.select(keys);
    }
    scene.checkpoint();
    return { kind: 'move', start: p, keys: [...keys], moved: false };
  }
  const marquee: Gesture = { kind: 'marquee', start: p, additive: e.shiftKey ? [...state.selection] : [] };
  if (!e.shiftKey) state.select([]);
  return marquee;
}

/** Moves the gesture on to world point `p`; returns the marquee rectangle while selecting. */
function moveGesture(g: Exclude<Gesture, { kind: 'pan' }>, p: Point): Rect | null {
  if (g.kind === 'overlay') {
    g.gesture.move(p);
  } else if (g.kind === 'move') {
    const dx = p.x - g.start.x;
    const dy = p.y - g.start.y;
    if (dx === 0 && dy === 0) return null;
    g.moved = true;
    g.start = p;
    scene.update(g.keys, (i) => ({ x: i.x + dx, y: i.y + dy }), { record: false });
  } else if (g.kind === 'scale') {
    const factor = Math.max(0.02, Math.hypot(p.x - g.anchor.x, p.y - g.anchor.y) / g.startDist);
    g.startDist *= factor;
    scene.update(g.keys, (i) => scaleAbout(i, g.anchor, factor), { record: false });
  } else {
    const rect = rectFromPoints(g.start, p);
    appStore.getState().select([...new Set([...g.additive, ...itemsInRect(scene.items.values(), rect)])]);
    return rect;
  }
  return null;
}

/** A move that leaves the canvas: undone here, and its images dragged out as files. */
function dragOut(g: Extract<Gesture, { kind: 'move' }>): void {
  if (g.moved) {
    scene.endGesture();
    scene.undo();
  } else scene.endGesture();
  const imageIds = g.keys.flatMap((k) => {
    const item = scene.get(k);
    return item ? [item.imageId] : [];
  });
  if (imageIds.length > 0) startDrag([...new Set(imageIds)]);
}

export function useCanvasGestures(options: {
  containerRef: RefObject<HTMLDivElement | null>;
  spaceDown: boolean;
  selectionBounds: Rect | null;
  overlay: CanvasOverlay | undefined;
}): CanvasGestures {
  const { containerRef, spaceDown, selectionBounds, overlay } = options;
  const gesture = useRef<Gesture | null>(null);
  const [marquee, setMarquee] = useState<Rect | null>(null);

  const toWorld = useCallback(
    (e: { clientX: number; clientY: number }): Point => {
      const box = containerRef.current?.getBoundingClientRect();
      return screenToWorld(appStore.getState().viewport, {
        x: e.clientX - (box?.left ?? 0),
        y: e.clientY - (box?.top ?? 0),
      });
    },
    [containerRef],
  );

  const onPointerDown: PointerHandler = (e) => {
    containerRef.current?.focus({ preventScroll: true });
    if (e.button === 1 || (e.button === 0 && spaceDown)) {
      gesture.current = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
      e.currentTarget.setPointerCapture(e.pointerId);
      return;
    }
    if (e.button !== 0) return;
    const g = pressGesture(toWorld(e), e, selectionBounds, overlay);
    if (!g) return;
    gesture.current = g;
    // No capture while moving items: leaving the window while moving becomes a file drag-out.
    if (g.kind !== 'move') e.currentTarget.setPointerCapture(e.pointerId);
  };

  const onPointerMove: PointerHandler = (e) => {
    const g = gesture.current;
    if (!g) return;
    if (g.kind === 'pan') {
      appStore.getState().setViewport(panBy(appStore.getState().viewport, e.clientX - g.last.x, e.clientY - g.last.y));
      g.last = { x: e.clientX, y: e.clientY };
      return;
    }
    const rect = moveGesture(g, toWorld(e));
    if (rect) setMarquee(rect);
  };

  const endGesture = () => {
    const g = gesture.current;
    gesture.current = null;
    if (!g) return;
    if (g.kind === 'move' || g.kind === 'scale') scene.endGesture();
    if (g.kind === 'marquee') setMarquee(null);
  };

  const onPointerLeave = () => {
    const g = gesture.current;
    if (g?.kind !== 'move') return;
    gesture.current = null;
    dragOut(g);
  };

  return {
    marquee,
    handlers: { onPointerDown, onPointerMove, onPointerUp: endGesture, onPointerCancel: endGesture, onPointerLeave },
  };
}
