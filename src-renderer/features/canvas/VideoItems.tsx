// Video items on the canvas: Konva draws a video's poster like any image; over each visible one
// this lays a play control (HTML, so it is a real button). Playing puts a looping <video> (served
// by id through the image protocol) exactly over the item until stopped. The controls take their
// own pointer presses: the canvas's gestures never see them.
import { useState } from 'react';
import type { PointerEvent } from 'react';
import { imageUrl } from '../../api.ts';
import { useApp } from '../../store/index.ts';
import { rectOf } from './interaction.ts';
import type { SceneItem } from './scene.ts';
import type { Viewport } from './viewport.ts';

const keep = (e: PointerEvent) => e.stopPropagation();

export function VideoItems({ items, viewport }: { items: readonly SceneItem[]; viewport: Viewport }) {
  const info = useApp((s) => s.imageInfo);
  const [playing, setPlaying] = useState<string | null>(null);
  const videos = items.filter((item) => info[item.imageId]?.media === 'video');
  if (videos.length === 0) return null;
  return (
    <div className="canvas-videos">
      {videos.map((item) => {
        const r = rectOf(item);
        const box = {
          left: r.x * viewport.scale + viewport.x,
          top: r.y * viewport.scale + viewport.y,
          width: r.width * viewport.scale,
          height: r.height * viewport.scale,
        };
        const name = info[item.imageId]?.prompt ?? `video ${item.imageId}`;
        const isPlaying = playing === item.key;
        return (
          <div key={item.key} className="canvas-video" style={box} data-video-item={item.imageId}>
            {isPlaying && (
              <video
                src={imageUrl(item.imageId, 'video')}
                poster={imageUrl(item.imageId, 'full')}
                aria-label={`Video: ${name}`}
                autoPlay
                loop
                muted
                playsInline
              />
            )}
            <button
              type="button"
              className="canvas-video-play"
              aria-label={`${isPlaying ? 'Stop' : 'Play'} video: ${name}`}
              aria-pressed={isPlaying}
              onPointerDown={keep}
              onClick={() => setPlaying(isPlaying ? null : item.key)}
            >
              {isPlaying ? '■' : '▶'}
            </button>
          </div>
        );
      })}
    </div>
  );
}
