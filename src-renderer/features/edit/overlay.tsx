// The edit feature's overlay on the canvas (the canvas's overlay slot, canvas/overlay.ts): in mask
// mode (inpaint, erase object) the pointer paints strokes over the image being edited, in its own
// pixels, drawn at 55 % opacity; an outpaint shows the extended frame as a dashed rectangle; the
// edit bar sits under the stage; Escape leaves the edit.
import { Group, Layer, Line as KonvaLine, Rect as KonvaRect } from 'react-konva';
import { appStore, useApp } from '../../store/index.ts';
import type { AppState } from '../../store/index.ts';
import { scene, useSceneVersion } from '../canvas/index.ts';
import type { CanvasOverlay, OverlayGesture, Point, SceneItem, Viewport } from '../canvas/index.ts';
import { EditPanel } from './EditPanel.tsx';
import type { Stroke } from './editSlice.ts';
import { needsMask } from './tasks.ts';

/** The item being edited, when it is still selected and on the canvas. */
function editedItem(state: AppState): SceneItem | undefined {
  const { task, targetKey } = state.edit;
  return task !== null && targetKey !== null && state.selection.includes(targetKey) ? scene.get(targetKey) : undefined;
}

function isPainting(state: AppState): boolean {
  return state.edit.task !== null && needsMask(state.edit.task) && editedItem(state) !== undefined;
}

/** A press in mask mode starts a stroke over the edited image (image pixels, brush size on screen). */
function startStroke(world: Point): OverlayGesture | null {
  const state = appStore.getState();
  const target = state.edit.targetKey === null ? undefined : scene.get(state.edit.targetKey);
  if (state.edit.task === null || !needsMask(state.edit.task) || !target || !state.selection.includes(target.key)) {
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

function MaskLayer({ item, strokes, viewport }: { item: SceneItem; strokes: readonly Stroke[]; viewport: Viewport }) {
  const scale = viewport.scale;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false} opacity={0.55}>
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
        {strokes.map((st, i) => (
          <KonvaLine
            key={i}
            // A dot (one point) is drawn as a tiny line so the round cap shows.
            points={st.points.length === 2 ? [...st.points, (st.points[0] ?? 0) + 0.01, st.points[1] ?? 0] : st.points}
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
  const item = useApp(editedItem);
  if (!item || task === null) return null;
  return (
    <>
      {needsMask(task) && <MaskLayer item={item} strokes={strokes} viewport={viewport} />}
      {task === 'outpaint' && <OutpaintFrame item={item} viewport={viewport} />}
    </>
  );
}

export const editOverlay: CanvasOverlay = {
  Layers: EditLayers,
  Panel: EditPanel,
  hasPointer: isPainting,
  pointerClass: 'painting',
  pointerDown: startStroke,
  escape: leaveEdit,
};
