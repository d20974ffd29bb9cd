// The cells of images on their way (pending.ts): a dashed frame where each will land, what its job
// is doing and for how long, at a constant size on screen. Ticks once a second while any is shown.
import { useEffect, useState } from 'react';
import { Group, Layer, Rect as KonvaRect, Text } from 'react-konva';
import type { Placeholder } from './canvasSlice.ts';
import type { Viewport } from './viewport.ts';

const FONT_PX = 13;

function useSecondsTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function PlaceholderCell({ placeholder, scale, now }: { placeholder: Placeholder; scale: number; now: number }) {
  const { rect, label, since } = placeholder;
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  const fontSize = FONT_PX / scale;
  return (
    <Group listening={false}>
      <KonvaRect
        {...rect}
        fill="rgba(122,162,255,0.10)"
        stroke="#7aa2ff"
        strokeWidth={1.5 / scale}
        dash={[6 / scale, 4 / scale]}
        cornerRadius={4 / scale}
      />
      <Text
        x={rect.x}
        y={rect.y + rect.height / 2 - fontSize}
        width={rect.width}
        align="center"
        text={`${label}\n${seconds} s`}
        fontSize={fontSize}
        lineHeight={1.3}
        fill="#c9d4ff"
      />
    </Group>
  );
}

export function PlaceholdersLayer({
  placeholders,
  viewport,
}: {
  placeholders: readonly (Placeholder & { jobId: string })[];
  viewport: Viewport;
}) {
  const now = useSecondsTick(placeholders.length > 0);
  const scale = viewport.scale;
  return (
    <Layer x={viewport.x} y={viewport.y} scaleX={scale} scaleY={scale} listening={false}>
      {placeholders.map((p) => (
        <PlaceholderCell key={p.jobId} placeholder={p} scale={scale} now={now} />
      ))}
    </Layer>
  );
}
