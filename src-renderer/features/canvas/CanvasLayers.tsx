// What the stage draws: the images on screen (thumbnails when small, full images when large) and,
// above them, the selection frames, the scale handle and the marquee. Nothing listens: the
// container does the hit testing (useCanvasGestures.ts).
import type Konva from 'konva';
import { Group, Layer, Rect as KonvaRect, Shape } from 'react-konva';
import { rectOf } from './interaction.ts';
import type { SceneItem } from './scene.ts';
import { HANDLE_PX } from './useCanvasGestures.ts';
import { useItemImages } from './useItemImages.ts';
import type { Rect, Viewport } from './viewport.ts';

const PLACEHOLDER_FILL = '#2a2a31';

/**
 * Every image on screen in one Konva shape: one node for a thousand images, not a thousand nodes
 * (each node's transform, save and restore cost ~4 ms a frame at 1,000 images, bench `canvas1000`).
 * An item whose image is not ready yet is a placeholder rectangle.
 */
export function ImagesLayer({ items, viewport }: { items: readonly SceneItem[]; viewport: Viewport }) {
  const scale = viewport.scale;
  const drawn = useItemImages(items, scale);
  const sceneFunc = (konvaContext: Konva.Context): void => {
    const ctx = konvaContext._context;
    for (const item of items) {
      const width = item.width * item.scale;
      const height = item.height * item.scale;
      const source = drawn.get(item.key);
      const rotated = item.rotation !== 0;
      if (rotated) {
        ctx.save();
        ctx.translate(item.x, item.y);
        ctx.rotate((item.rotation * Math.PI) / 180);
      }
      const x = rotated ? 0 : item.x;
      const y = rotated ? 0 : item.y;
      if (source) ctx.drawImage(source, x, y, width, height);
      else {
        ctx.fillStyle = PLACEHOLDER_FILL;
        ctx.fillRect(x, y, width, height);
      }
      if (rotated) ctx.restore();
    }
  };
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
}

/** The selection's bounds with the scale handle at the bottom-right corner. */
function SelectionBounds({ bounds, framed, scale }: { bounds: Rect; framed: boolean; scale: number }) {
  return (
    <Group listening={false}>
      {framed && <KonvaRect {...bounds} stroke="#7aa2ff" strokeWidth={1 / scale} dash={[4 / scale, 4 / scale]} />}
      <KonvaRect
        x={bounds.x + bounds.width - HANDLE_PX / 2 / scale}
        y={bounds.y + bounds.height - HANDLE_PX / 2 / scale}
        width={HANDLE_PX / scale}
        height={HANDLE_PX / scale}
        fill="#ffffff"
        stroke="#7aa2ff"
        strokeWidth={1.5 / scale}
      />
    </Group>
  );
}

export function SelectionLayer(props: {
  items: readonly SceneItem[];
  bounds: Rect | null;
  marquee: Rect | null;
  viewport: Viewport;
}) {
  const { items, bounds, marquee, viewport } = props;
  const scale = viewport.scale;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      {items.map((item) => {
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
      {bounds && <SelectionBounds bounds={bounds} framed={items.length > 1} scale={scale} />}
      {marquee && <KonvaRect {...marquee} fill="rgba(122,162,255,0.12)" stroke="#7aa2ff" strokeWidth={1 / scale} />}
    </Layer>
  );
}
