// The edit feature's overlay on the canvas (the canvas's overlay slot, canvas/overlay.ts): in mask
// mode (inpaint, erase object) the pointer paints strokes over the image being edited, in its own
// pixels (and, for a control sketch drawn over it, the sketch's lines on white paper), drawn as black-and-yellow hazard stripes at 80 % opacity (visible on white, black or pink); an outpaint shows the extended frame as a dashed rectangle; the
// edit bar sits under the stage; Escape leaves the edit.
import type { ReactNode } from 'react';
import { Group, Layer, Line as KonvaLine, Rect as KonvaRect } from 'react-konva';
import { appStore, useApp } from '../../store/index.ts';
import type { AppState } from '../../store/index.ts';
import { scene, useSceneVersion } from '../canvas/index.ts';
import type { CanvasOverlay, OverlayGesture, Point, SceneItem, Viewport } from '../canvas/index.ts';
import { EditPanel } from './EditPanel.tsx';
import { drawsSketch } from './editSlice.ts';
import type { Stroke } from './editSlice.ts';
import { needsMask } from './tasks.ts';

/** The item being edited, when it is still selected and on the canvas. */
function editedItem(state: AppState): SceneItem | undefined {
  const { task, targetKey } = state.edit;
  return task !== null && targetKey !== null && state.selection.includes(targetKey) ? scene.get(targetKey) : undefined;
}

/** Whether a press paints: the mask of inpaint / erase object, or a control sketch's lines. */
function drawsOnImage(state: AppState): boolean {
  return state.edit.task !== null && (needsMask(state.edit.task) || drawsSketch(state.edit));
}

function isPainting(state: AppState): boolean {
  return drawsOnImage(state) && editedItem(state) !== undefined;
}

/** A press in mask mode starts a stroke over the edited image (image pixels, brush size on screen). */
function startStroke(world: Point): OverlayGesture | null {
  const state = appStore.getState();
  const target = state.edit.targetKey === null ? undefined : scene.get(state.edit.targetKey);
  if (!drawsOnImage(state) || !target || !state.selection.includes(target.key)) {
    return null;
  }
  const size = state.edit.brushSize / (state.viewport.scale * target.scale);
  const erase = state.edit.erasing;
  let points = [(world.x - target.x) / target.scale, (world.y - target.y) / target.scale];
  state.addStroke({ points, size, erase });
  return {
    move(p) {
      const item = scene.get(target.key);
      if (!item) return;
      const lx = (p.x - item.x) / item.scale;
      const ly = (p.y - item.y) / item.scale;
      const lastX = points[points.length - 2] ?? lx;
      const lastY = points[points.length - 1] ?? ly;
      if (Math.hypot(lx - lastX, ly - lastY) < size / 8) return;
      points = [...points, lx, ly];
      appStore.getState().updateLastStroke({ points, size, erase });
    },
  };
}

function leaveEdit(): boolean {
  if (appStore.getState().edit.task === null) return false;
  appStore.getState().endEdit();
  return true;
}

/** Hazard stripes (black and yellow, 8 px on screen): one of the two stands out on any image. */
let stripes: HTMLCanvasElement | null = null;
function stripePattern(): HTMLCanvasElement {
  if (stripes) return stripes;
  const c = document.createElement('canvas');
  c.width = 16;
  c.height = 16;
  const g = c.getContext('2d');
  if (g) {
    g.fillStyle = '#111111';
    g.fillRect(0, 0, 16, 16);
    g.fillStyle = '#ffe600';
    // Two diagonal bands that tile seamlessly.
    for (const offset of [-16, 0, 16]) {
      g.beginPath();
      g.moveTo(offset, 16);
      g.lineTo(offset + 8, 16);
      g.lineTo(offset + 24, 0);
      g.lineTo(offset + 16, 0);
      g.closePath();
      g.fill();
    }
  }
  stripes = c;
  return c;
}

function MaskStrokes({ strokes }: { strokes: readonly Stroke[] }) {
  return strokes.map((st, i) => (
    <KonvaLine
      key={i}
      // A dot (one point) is drawn as a tiny line so the round cap shows.
      points={st.points.length === 2 ? [...st.points, (st.points[0] ?? 0) + 0.01, st.points[1] ?? 0] : st.points}
      stroke="#ffffff"
      strokeWidth={st.size}
      lineCap="round"
      lineJoin="round"
      globalCompositeOperation={st.erase ? 'destination-out' : 'source-over'}
      listening={false}
      perfectDrawEnabled={false}
    />
  ));
}

/** The item's place on the canvas, clipped to its bounds: the mask and the sketch are drawn in it. */
function ItemClip({ item, children }: { item: SceneItem; children: ReactNode }) {
  return (
    <Group
      x={item.x}
      y={item.y}
      scaleX={item.scale}
      scaleY={item.scale}
      clipX={0}
      clipY={0}
      clipWidth={item.width}
      clipHeight={item.height}
    >
      {children}
    </Group>
  );
}

/**
 * The mask as hazard stripes: the strokes (erasing where they erase) are drawn in one colour, then
 * the stripes replace them ('source-in' keeps only the painted pixels of this layer's own canvas).
 */
function MaskLayer({ item, strokes, viewport }: { item: SceneItem; strokes: readonly Stroke[]; viewport: Viewport }) {
  const scale = viewport.scale;
  const patternScale = 1 / (scale * item.scale);
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false} opacity={0.8}>
      <ItemClip item={item}>
        <MaskStrokes strokes={strokes} />
        <KonvaRect
          width={item.width}
          height={item.height}
          // Konva draws canvases as patterns too; its config type names only images.
          fillPatternImage={stripePattern() as unknown as HTMLImageElement}
          fillPatternRepeat="repeat"
          fillPatternScale={{ x: patternScale, y: patternScale }}
          globalCompositeOperation="source-in"
          listening={false}
        />
      </ItemClip>
    </Layer>
  );
}

/**
 * A sketch drawn over the image (control sketch / structure): white paper at 85 % over the image, so
 * it shows through faintly for tracing, and the lines in black (erasing paints paper), as sent.
 */
function SketchLayer({ item, strokes, viewport }: { item: SceneItem; strokes: readonly Stroke[]; viewport: Viewport }) {
  const scale = viewport.scale;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      <ItemClip item={item}>
        <KonvaRect width={item.width} height={item.height} fill="#ffffff" opacity={0.85} listening={false} />
        {strokes.map((st, i) => (
          <KonvaLine
            key={i}
            points={st.points.length === 2 ? [...st.points, (st.points[0] ?? 0) + 0.01, st.points[1] ?? 0] : st.points}
            stroke={st.erase ? '#ffffff' : '#000000'}
            strokeWidth={st.size}
            lineCap="round"
            lineJoin="round"
            listening={false}
            perfectDrawEnabled={false}
          />
        ))}
      </ItemClip>
    </Layer>
  );
}

function OutpaintFrame({ item, viewport }: { item: SceneItem; viewport: Viewport }) {
  const outpaint = useApp((s) => s.edit.outpaint);
  const scale = viewport.scale;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      <KonvaRect
        x={item.x - outpaint.left * item.scale}
        y={item.y - outpaint.up * item.scale}
        width={(item.width + outpaint.left + outpaint.right) * item.scale}
        height={(item.height + outpaint.up + outpaint.down) * item.scale}
        fill="rgba(122,162,255,0.10)"
        stroke="#7aa2ff"
        strokeWidth={2 / scale}
        dash={[8 / scale, 6 / scale]}
      />
    </Layer>
  );
}

function EditLayers({ viewport }: { viewport: Viewport }) {
  useSceneVersion();
  const task = useApp((s) => s.edit.task);
  const strokes = useApp((s) => s.edit.strokes);
  const sketch = useApp((s) => (drawsSketch(s.edit) ? s.edit.sketch : null));
  const item = useApp(editedItem);
  if (!item || task === null) return null;
  return (
    <>
      {needsMask(task) && <MaskLayer item={item} strokes={strokes} viewport={viewport} />}
      {sketch && <SketchLayer item={item} strokes={sketch} viewport={viewport} />}
      {task === 'outpaint' && <OutpaintFrame item={item} viewport={viewport} />}
    </>
  );
}

export const editOverlay: CanvasOverlay = {
  Layers: EditLayers,
  Panel: EditPanel,
  // The bar with an edit's options open (a service with three sliders, style transfer, is the tallest
  // on a wide canvas; on a narrow one the options take two columns).
  panelRoom: 190,
  hasPointer: isPainting,
  pointerClass: 'painting',
  pointerDown: startStroke,
  escape: leaveEdit,
};
