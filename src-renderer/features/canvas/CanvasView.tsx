// The infinite canvas. Items come from the scene (outside React); the viewport and selection from
// the store. Konva draws (CanvasLayers.tsx); pointer input is handled on the container with our own
// hit tests (useCanvasGestures.ts), so hundreds of images cost nothing to interact with. Off-screen
// items are culled; items small on screen use thumbnails. The wheel writes the viewport once per
// animation frame (useWheelViewport.ts); dropped files are imported (useFileDrop.ts). Another
// feature may lay an overlay over the canvas (overlay.ts: the edit feature's mask brush).
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import { Stage } from 'react-konva';
import { appStore, useApp } from '../../store/index.ts';
import type { AppState } from '../../store/index.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { ImagesLayer, SelectionLayer } from './CanvasLayers.tsx';
import { PlaceholdersLayer } from './PlaceholdersLayer.tsx';
import { rectOf } from './interaction.ts';
import type { CanvasOverlay } from './overlay.ts';
import { scene } from './scene.ts';
import type { SceneItem } from './scene.ts';
import { useCanvasGestures } from './useCanvasGestures.ts';
import { useCanvasKeys } from './useCanvasKeys.ts';
import { useFileDrop } from './useFileDrop.ts';
import { loadingCount, onLoadingChange } from './images.ts';
import { useSceneVersion } from './useSceneVersion.ts';
import { useWheelViewport } from './useWheelViewport.ts';
import { VideoItems } from './VideoItems.tsx';
import { boundsOf, intersects, visibleWorld } from './viewport.ts';
import type { Rect, Viewport } from './viewport.ts';
import './canvas.css';

const noOverlay = (_state: AppState) => false;
/** Presses and keys on the floating tools are theirs, not the canvas's gestures and shortcuts. */
const keepEvent = (e: { stopPropagation(): void }) => e.stopPropagation();

/** Keeps the store's stage size in step with the container (placement and fit use it). */
function useStageSize(containerRef: RefObject<HTMLDivElement | null>): void {
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
  }, [containerRef]);
}

/** `data-loading` on the stage: images and bitmaps still loading (tests and benches wait for 0).
 *  Written straight to the element: a thousand loads must not re-render the canvas. */
function useLoadingMarker(containerRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const write = () => el.setAttribute('data-loading', String(loadingCount()));
    write();
    return onLoadingChange(write);
  }, [containerRef]);
}

/** The items on screen, with a 64 px margin so items sliding in are already drawn. */
function useVisibleItems(ordered: readonly SceneItem[], viewport: Viewport, stage: { width: number; height: number }) {
  return useMemo(() => {
    const view = visibleWorld(viewport, stage.width, stage.height);
    const margin = 64 / viewport.scale;
    const padded = {
      x: view.x - margin,
      y: view.y - margin,
      width: view.width + margin * 2,
      height: view.height + margin * 2,
    };
    return ordered.filter((item) => intersects(rectOf(item), padded));
  }, [ordered, viewport, stage]);
}

/** The selection box on screen as "x,y,width,height" (tests read it from data-selection-box). */
function screenBox(bounds: Rect | null, viewport: Viewport): string | undefined {
  if (!bounds) return undefined;
  const { scale } = viewport;
  return [bounds.x * scale + viewport.x, bounds.y * scale + viewport.y, bounds.width * scale, bounds.height * scale]
    .map(Math.round)
    .join(',');
}

/** How much more room the overlay's panel may take (its room less its height now), for Fit. */
function usePanelRoom(panelRef: RefObject<HTMLDivElement | null>, room: number): void {
  useEffect(() => {
    const el = panelRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      appStore.getState().setFitBottomRoom(Math.max(0, room - el.offsetHeight)),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      appStore.getState().setFitBottomRoom(0);
    };
  }, [panelRef, room]);
}

function EmptyHint() {
  return (
    <div className="canvas-empty" aria-hidden="true">
      <p>Your images appear here.</p>
      <p className="muted">Write a prompt and press Generate, or drop image files here.</p>
    </div>
  );
}

/** `tools`: another feature's controls, floating at the stage's top right (the app passes video's Make video). */
export function CanvasView({ overlay, tools }: { overlay?: CanvasOverlay; tools?: ReactNode }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  useStageSize(containerRef);
  useLoadingMarker(containerRef);
  usePanelRoom(panelRef, overlay?.panelRoom ?? 0);
  useWheelViewport(containerRef);
  const version = useSceneVersion();
  const viewport = useApp((s) => s.viewport);
  const stageSize = useApp((s) => s.stageSize);
  const selection = useApp((s) => s.selection);
  const overlayHasPointer = useApp(overlay?.hasPointer ?? noOverlay);
  const placeholderMap = useApp((s) => s.placeholders);
  const placeholders = useMemo(
    () => Object.entries(placeholderMap).map(([jobId, p]) => ({ jobId, ...p })),
    [placeholderMap],
  );
  const ordered = useMemo(() => scene.ordered(), [version]);
  const visible = useVisibleItems(ordered, viewport, stageSize);
  const selectedItems = useMemo(() => {
    const set = new Set(selection);
    return ordered.filter((i) => set.has(i.key));
  }, [ordered, selection]);
  const selectionBounds = boundsOf(selectedItems.map(rectOf));
  const keys = useCanvasKeys(overlay);
  const gestures = useCanvasGestures({ containerRef, spaceDown: keys.spaceDown, selectionBounds, overlay });
  const drop = useFileDrop();
  const className = `canvas-stage${keys.spaceDown ? ' panning' : ''}${drop.dropActive ? ' drop-active' : ''}${
    overlay && overlayHasPointer ? ` ${overlay.pointerClass}` : ''
  }`;
  return (
    <div className="canvas-area">
      <div
        ref={containerRef}
        className={className}
        role="region"
        aria-label="Canvas"
        aria-roledescription="infinite canvas"
        aria-describedby="canvas-help"
        tabIndex={0}
        data-items={ordered.length}
        data-visible={visible.length}
        data-selected={selection.length}
        data-selection-box={screenBox(selectionBounds, viewport)}
        data-placeholders={placeholders.map((p) => screenBox(p.rect, viewport)).join(' ')}
        {...gestures.handlers}
        {...keys.handlers}
        {...drop.handlers}
      >
        <div className="stage-host">
          <Stage width={stageSize.width} height={stageSize.height} listening={false}>
            <ImagesLayer items={visible} viewport={viewport} />
            <PlaceholdersLayer placeholders={placeholders} viewport={viewport} />
            {overlay && <overlay.Layers viewport={viewport} />}
            <SelectionLayer
              items={selectedItems}
              bounds={selectionBounds}
              marquee={gestures.marquee}
              viewport={viewport}
            />
          </Stage>
        </div>
        <VideoItems items={visible} viewport={viewport} />
        {tools && (
          <div className="canvas-float-tools" onPointerDown={keepEvent} onKeyDown={keepEvent}>
            {tools}
          </div>
        )}
        {ordered.length === 0 && placeholders.length === 0 && <EmptyHint />}
      </div>
      <p id="canvas-help" className="visually-hidden">
        Scroll to pan, Ctrl or pinch to zoom, hold Space and drag to pan. Click to select, Shift-click to add, drag on
        empty space to select several, Escape deselects. Arrow keys move, Delete removes from the canvas (the library
        keeps the image). Bring forward: Ctrl+], Send backward: Ctrl+[, Bring to front: Ctrl+Shift+], Send to back:
        Ctrl+Shift+[. Drag images out of the window to export their files.
      </p>
      <div ref={panelRef} className="canvas-overlay-panel">
        {overlay && <overlay.Panel />}
      </div>
      <CanvasToolbar />
    </div>
  );
}
