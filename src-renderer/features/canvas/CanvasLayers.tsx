// What the stage draws: the images on screen (thumbnails when small, full images when large) and,
// above them, the selection frames, the scale handle and the marquee. Nothing listens: the
// container does the hit testing (useCanvasGestures.ts).
import { memo, useRef } from 'react';
import { Group, Image as KonvaImage, Layer, Rect as KonvaRect } from 'react-konva';
import { imageUrl } from '../../api.ts';
import { rectOf } from './interaction.ts';
import type { SceneItem } from './scene.ts';
import { HANDLE_PX } from './useCanvasGestures.ts';
import { useImage, useScaledImage } from './useImage.ts';
import { levelFor } from './viewport.ts';
import type { ImageLevel, Rect, Viewport } from './viewport.ts';

/** An item: a small bitmap when small on screen, the thumbnail, or the full image when large. Until
 *  the wanted one is ready the last one drawn stays (zooming never flashes the placeholder). */
const CanvasImage = memo(function CanvasImage({ item, level }: { item: SceneItem; level: ImageLevel }) {
  const thumbUrl = imageUrl(item.imageId, 'thumb');
  const small = typeof level === 'number';
  const thumb = useImage(small ? null : thumbUrl);
  const full = useImage(level === 'full' ? imageUrl(item.imageId, 'full') : null);
  const scaled = useScaledImage(thumbUrl, small ? level : null, item.width, item.height);
  const shown = useRef<CanvasImageSource | undefined>(undefined);
  const wanted = small ? scaled : (full ?? thumb);
  if (wanted) shown.current = wanted;
  const img = wanted ?? shown.current;
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

export function ImagesLayer({ items, viewport }: { items: readonly SceneItem[]; viewport: Viewport }) {
  const scale = viewport.scale;
  const pixelRatio = window.devicePixelRatio || 1;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      {items.map((item) => (
        <CanvasImage
          key={item.key}
          item={item}
          level={levelFor(Math.max(item.width, item.height) * item.scale, scale, pixelRatio)}
        />
      ))}
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
