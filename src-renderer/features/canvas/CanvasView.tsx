// The infinite canvas. Items come from the scene (outside React); the viewport and selection from
// the store. Konva draws; pointer input is handled here on the container with our own hit tests
// (image nodes do not listen), so hundreds of images cost nothing to interact with. Off-screen
// items are culled; items small on screen use thumbnails.
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type {
  DragEvent as ReactDragEvent,
  KeyboardEvent as ReactKeyboardEvent,
  PointerEvent as ReactPointerEvent,
} from 'react';
import { Group, Image as KonvaImage, Layer, Line as KonvaLine, Rect as KonvaRect, Stage } from 'react-konva';
import { imageUrl, pathForFile, startDrag } from '../../api.ts';
import { appStore, useApp } from '../../store/index.ts';
import { hitItem, itemsInRect, rectOf, scaleAbout } from './interaction.ts';
import { importDropped } from './import.ts';
import { scene } from './scene.ts';
import type { SceneItem } from './scene.ts';
import { useImage } from './useImage.ts';
import {
  boundsOf,
  intersects,
  panBy,
  rectFromPoints,
  screenToWorld,
  variantFor,
  visibleWorld,
  zoomAt,
} from './viewport.ts';
import type { Point, Rect } from './viewport.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { deleteSelection, nudgeSelection } from './commands.ts';
import { EditPanel } from '../edit/EditPanel.tsx';
import { needsMask } from '../edit/tasks.ts';
import './canvas.css';

const HANDLE_PX = 12;

export function useSceneVersion(): number {
  return useSyncExternalStore(scene.subscribe, scene.getVersion);
}

const CanvasImage = memo(function CanvasImage({ item, variant }: { item: SceneItem; variant: 'thumb' | 'full' }) {
  const thumb = useImage(imageUrl(item.imageId, 'thumb'));
  const full = useImage(variant === 'full' ? imageUrl(item.imageId, 'full') : null);
  const img = full ?? thumb;
  return img ? (
    <KonvaImage
      image={img}
      x={item.x}
      y={item.y}
      width={item.width * item.scale}
      height={item.height * item.scale}
      rotation={item.rotation}
      listening={false}
      perfectDrawEnabled={false}
    />
  ) : (
    <KonvaRect
      x={item.x}
      y={item.y}
      width={item.width * item.scale}
      height={item.height * item.scale}
      fill="#2a2a31"
      listening={false}
      perfectDrawEnabled={false}
    />
  );
});

type Gesture =
  | { kind: 'pan'; last: Point }
  | { kind: 'move'; start: Point; keys: string[]; moved: boolean }
  | { kind: 'scale'; anchor: Point; startDist: number; keys: string[] }
  | { kind: 'marquee'; start: Point; additive: string[] }
  | { kind: 'paint'; itemKey: string; points: number[]; size: number; erase: boolean };

export function CanvasView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const version = useSceneVersion();
  const viewport = useApp((s) => s.viewport);
  const stageSize = useApp((s) => s.stageSize);
  const selection = useApp((s) => s.selection);
  const [marquee, setMarquee] = useState<Rect | null>(null);
  const [spaceDown, setSpaceDown] = useState(false);
  const [dropActive, setDropActive] = useState(false);
  const gesture = useRef<Gesture | null>(null);
  const editTask = useApp((s) => s.edit.task);
  const editKey = useApp((s) => s.edit.targetKey);
  const strokes = useApp((s) => s.edit.strokes);
  const outpaint = useApp((s) => s.edit.outpaint);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        appStore
          .getState()
          .setStageSize({ width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Wheel: pinch / Ctrl+wheel zooms to the cursor, plain wheel and two-finger scroll pan.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      const vp = appStore.getState().viewport;
      if (e.ctrlKey || e.metaKey) {
        appStore
          .getState()
          .setViewport(zoomAt(vp, { x: e.clientX - box.left, y: e.clientY - box.top }, Math.exp(-e.deltaY * 0.01)));
      } else {
        appStore.getState().setViewport(panBy(vp, -e.deltaX, -e.deltaY));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const ordered = useMemo(() => scene.ordered(), [version]);
  const visible = useMemo(() => {
    const view = visibleWorld(viewport, stageSize.width, stageSize.height);
    const margin = 64 / viewport.scale;
    const padded = {
      x: view.x - margin,
      y: view.y - margin,
      width: view.width + margin * 2,
      height: view.height + margin * 2,
    };
    return ordered.filter((item) => intersects(rectOf(item), padded));
  }, [ordered, viewport, stageSize]);

  const selectedItems = useMemo(() => {
    const set = new Set(selection);
    return ordered.filter((i) => set.has(i.key));
  }, [ordered, selection]);
  const selectionBounds = boundsOf(selectedItems.map(rectOf));

  const toWorld = useCallback((e: { clientX: number; clientY: number }): Point => {
    const box = containerRef.current?.getBoundingClientRect();
    return screenToWorld(appStore.getState().viewport, {
      x: e.clientX - (box?.left ?? 0),
      y: e.clientY - (box?.top ?? 0),
    });
  }, []);

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    containerRef.current?.focus({ preventScroll: true });
    if (e.button === 1 || (e.button === 0 && spaceDown)) {
      gesture.current = { kind: 'pan', last: { x: e.clientX, y: e.clientY } };
      e.currentTarget.setPointerCapture(e.pointerId);
      return;
    }
    if (e.button !== 0) return;
    const p = toWorld(e);
    const state = appStore.getState();
    const target = state.edit.targetKey === null ? undefined : scene.get(state.edit.targetKey);
    if (state.edit.task !== null && needsMask(state.edit.task) && target && state.selection.includes(target.key)) {
      // Mask mode: the pointer paints over the image being edited (in its own pixels).
      const size = state.edit.brushSize / (state.viewport.scale * target.scale);
      const lx = (p.x - target.x) / target.scale;
      const ly = (p.y - target.y) / target.scale;
      const g = { kind: 'paint' as const, itemKey: target.key, points: [lx, ly], size, erase: state.edit.erasing };
      gesture.current = g;
      state.addStroke({ points: g.points, size, erase: g.erase });
      e.currentTarget.setPointerCapture(e.pointerId);
      return;
    }
    const scale = state.viewport.scale;
    if (selectionBounds) {
      const hx = selectionBounds.x + selectionBounds.width;
      const hy = selectionBounds.y + selectionBounds.height;
      if (Math.abs(p.x - hx) * scale <= HANDLE_PX && Math.abs(p.y - hy) * scale <= HANDLE_PX) {
        scene.checkpoint();
        gesture.current = {
          kind: 'scale',
          anchor: { x: selectionBounds.x, y: selectionBounds.y },
          startDist: Math.max(1, Math.hypot(hx - selectionBounds.x, hy - selectionBounds.y)),
          keys: [...state.selection],
        };
        e.currentTarget.setPointerCapture(e.pointerId);
        return;
      }
    }
    const hit = hitItem(scene.ordered(), p);
    if (hit) {
      let keys = state.selection;
      if (e.shiftKey || e.metaKey || e.ctrlKey) {
        state.toggleSelected(hit.key);
        return;
      }
      if (!keys.includes(hit.key)) {
        keys = [hit.key];
        state.select(keys);
      }
      scene.checkpoint();
      gesture.current = { kind: 'move', start: p, keys: [...keys], moved: false };
      return; // no pointer capture: leaving the window while moving becomes a file drag-out
    }
    gesture.current = { kind: 'marquee', start: p, additive: e.shiftKey ? [...state.selection] : [] };
    if (!e.shiftKey) state.select([]);
    e.currentTarget.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g) return;
    if (g.kind === 'pan') {
      appStore.getState().setViewport(panBy(appStore.getState().viewport, e.clientX - g.last.x, e.clientY - g.last.y));
      g.last = { x: e.clientX, y: e.clientY };
      return;
    }
    const p = toWorld(e);
    if (g.kind === 'paint') {
      const item = scene.get(g.itemKey);
      if (!item) return;
      const lx = (p.x - item.x) / item.scale;
      const ly = (p.y - item.y) / item.scale;
      const lastX = g.points[g.points.length - 2] ?? lx;
      const lastY = g.points[g.points.length - 1] ?? ly;
      if (Math.hypot(lx - lastX, ly - lastY) < g.size / 8) return;
      g.points = [...g.points, lx, ly];
      appStore.getState().updateLastStroke({ points: g.points, size: g.size, erase: g.erase });
      return;
    }
    if (g.kind === 'move') {
      const dx = p.x - g.start.x;
      const dy = p.y - g.start.y;
      if (dx === 0 && dy === 0) return;
      g.moved = true;
      g.start = p;
      scene.update(g.keys, (i) => ({ x: i.x + dx, y: i.y + dy }), { record: false });
    } else if (g.kind === 'scale') {
      const factor = Math.max(0.02, Math.hypot(p.x - g.anchor.x, p.y - g.anchor.y) / g.startDist);
      g.startDist *= factor;
      scene.update(g.keys, (i) => scaleAbout(i, g.anchor, factor), { record: false });
    } else {
      const rect = rectFromPoints(g.start, p);
      setMarquee(rect);
      appStore.getState().select([...new Set([...g.additive, ...itemsInRect(scene.items.values(), rect)])]);
    }
  };

  const endGesture = () => {
    const g = gesture.current;
    gesture.current = null;
    if (!g) return;
    if (g.kind === 'move' || g.kind === 'scale') scene.endGesture();
    if (g.kind === 'marquee') setMarquee(null);
  };

  // Moving items out of the canvas turns into a native file drag of the selected images.
  const onPointerLeave = () => {
    const g = gesture.current;
    if (g?.kind !== 'move') return;
    gesture.current = null;
    if (g.moved) {
      scene.endGesture();
      scene.undo();
    } else scene.endGesture();
    const imageIds = g.keys.flatMap((k) => {
      const item = scene.get(k);
      return item ? [item.imageId] : [];
    });
    if (imageIds.length > 0) startDrag([...new Set(imageIds)]);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === ' ') {
      setSpaceDown(true);
      e.preventDefault();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      deleteSelection();
      e.preventDefault();
    } else if (e.key.startsWith('Arrow')) {
      const step = e.shiftKey ? 64 : 8;
      nudgeSelection(
        e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0,
        e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0,
      );
      e.preventDefault();
    } else if (e.key === 'Escape') {
      if (appStore.getState().edit.task !== null) appStore.getState().endEdit();
      else appStore.getState().select([]);
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      appStore.getState().select(scene.ordered().map((i) => i.key));
      e.preventDefault();
    }
  };

  const onDrop = (e: ReactDragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDropActive(false);
    const paths = [...e.dataTransfer.files].map((f) => pathForFile(f)).filter((p) => p !== '');
    void importDropped(paths, e.dataTransfer.files.length);
  };

  const scale = viewport.scale;
  const editItem =
    editTask !== null && editKey !== null && selection.includes(editKey) ? scene.get(editKey) : undefined;
  const painting = editItem !== undefined && editTask !== null && needsMask(editTask);
  const editOverlay =
    editItem && editTask !== null ? (
      <>
        {painting && (
          <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false} opacity={0.55}>
            <Group
              x={editItem.x}
              y={editItem.y}
              scaleX={editItem.scale}
              scaleY={editItem.scale}
              clipX={0}
              clipY={0}
              clipWidth={editItem.width}
              clipHeight={editItem.height}
            >
              {strokes.map((st, i) => (
                <KonvaLine
                  key={i}
                  points={
                    st.points.length === 2 ? [...st.points, (st.points[0] ?? 0) + 0.01, st.points[1] ?? 0] : st.points
                  }
                  stroke="#ff3d71"
                  strokeWidth={st.size}
                  lineCap="round"
                  lineJoin="round"
                  globalCompositeOperation={st.erase ? 'destination-out' : 'source-over'}
                  listening={false}
                  perfectDrawEnabled={false}
                />
              ))}
            </Group>
          </Layer>
        )}
        {editTask === 'outpaint' && (
          <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
            <KonvaRect
              x={editItem.x - outpaint.left * editItem.scale}
              y={editItem.y - outpaint.up * editItem.scale}
              width={(editItem.width + outpaint.left + outpaint.right) * editItem.scale}
              height={(editItem.height + outpaint.up + outpaint.down) * editItem.scale}
              fill="rgba(122,162,255,0.10)"
              stroke="#7aa2ff"
              strokeWidth={2 / scale}
              dash={[8 / scale, 6 / scale]}
            />
          </Layer>
        )}
      </>
    ) : null;
  return (
    <div className="canvas-area">
      <div
        ref={containerRef}
        className={`canvas-stage${spaceDown ? ' panning' : ''}${dropActive ? ' drop-active' : ''}${painting ? ' painting' : ''}`}
        role="region"
        aria-label="Canvas"
        aria-roledescription="infinite canvas"
        aria-describedby="canvas-help"
        tabIndex={0}
        data-items={ordered.length}
        data-visible={visible.length}
        data-selected={selection.length}
        data-selection-box={
          selectionBounds
            ? [
                selectionBounds.x * scale + viewport.x,
                selectionBounds.y * scale + viewport.y,
                selectionBounds.width * scale,
                selectionBounds.height * scale,
              ]
                .map(Math.round)
                .join(',')
            : undefined
        }
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endGesture}
        onPointerCancel={endGesture}
        onPointerLeave={onPointerLeave}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => e.key === ' ' && setSpaceDown(false)}
        onBlur={() => setSpaceDown(false)}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) {
            e.preventDefault();
            setDropActive(true);
          }
        }}
        onDragLeave={() => setDropActive(false)}
        onDrop={onDrop}
      >
        <div className="stage-host">
          <Stage width={stageSize.width} height={stageSize.height} listening={false}>
            <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
              {visible.map((item) => (
                <CanvasImage
                  key={item.key}
                  item={item}
                  variant={variantFor(Math.max(item.width, item.height) * item.scale, scale)}
                />
              ))}
            </Layer>
            {editOverlay}
            <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
              {selectedItems.map((item) => {
                const r = rectOf(item);
                return (
                  <KonvaRect
                    key={item.key}
                    x={r.x}
                    y={r.y}
                    width={r.width}
                    height={r.height}
                    stroke="#7aa2ff"
                    strokeWidth={2 / scale}
                    listening={false}
                  />
                );
              })}
              {selectionBounds && (
                <Group listening={false}>
                  {selectedItems.length > 1 && (
                    <KonvaRect
                      {...selectionBounds}
                      stroke="#7aa2ff"
                      strokeWidth={1 / scale}
                      dash={[4 / scale, 4 / scale]}
                    />
                  )}
                  <KonvaRect
                    x={selectionBounds.x + selectionBounds.width - HANDLE_PX / 2 / scale}
                    y={selectionBounds.y + selectionBounds.height - HANDLE_PX / 2 / scale}
                    width={HANDLE_PX / scale}
                    height={HANDLE_PX / scale}
                    fill="#ffffff"
                    stroke="#7aa2ff"
                    strokeWidth={1.5 / scale}
                  />
                </Group>
              )}
              {marquee && (
                <KonvaRect {...marquee} fill="rgba(122,162,255,0.12)" stroke="#7aa2ff" strokeWidth={1 / scale} />
              )}
            </Layer>
          </Stage>
        </div>
        {ordered.length === 0 && (
          <div className="canvas-empty" aria-hidden="true">
            <p>Your images appear here.</p>
            <p className="muted">Write a prompt and press Generate, or drop image files here.</p>
          </div>
        )}
      </div>
      <p id="canvas-help" className="visually-hidden">
        Scroll to pan, Ctrl or pinch to zoom, hold Space and drag to pan. Click to select, Shift-click to add, drag on
        empty space to select several. Arrow keys move, Delete removes from the canvas (the library keeps the image).
        Drag images out of the window to export their files.
      </p>
      <EditPanel />
      <CanvasToolbar />
    </div>
  );
}
