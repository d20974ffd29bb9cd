// What the library shows of a video: its MP4's facts (`video.asset`, asked once per video and
// kept for the session: a tile's badge and the detail view share the answer), its length as
// "0:15" and its resolution as "720p".
import { useEffect, useState } from 'react';
import type { VideoAsset } from '../../../src-shared/contract/video.ts';
import { call } from '../../api.ts';

const assets = new Map<string, Promise<VideoAsset | null>>();

export function videoAsset(imageId: string): Promise<VideoAsset | null> {
  let known = assets.get(imageId);
  if (known === undefined) {
    known = call('video.asset', { imageId }).catch(() => {
      assets.delete(imageId); // not kept: a later look may find it (still downloading, say)
      return null;
    });
    assets.set(imageId, known);
  }
  return known;
}

/** The video's asset once known (null while loading or when it has none). */
export function useVideoAsset(imageId: string, isVideo: boolean): VideoAsset | null {
  const [asset, setAsset] = useState<VideoAsset | null>(null);
  useEffect(() => {
    if (!isVideo) return setAsset(null);
    let live = true;
    void videoAsset(imageId).then((a) => live && setAsset(a));
    return () => {
      live = false;
    };
  }, [imageId, isVideo]);
  return asset;
}

/** 15,400 ms → "0:15"; 75,000 → "1:15"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The short side names the resolution, as video people say it: 1280 × 720 → "720p". */
export function resolutionLabel(width: number, height: number): string {
  return `${Math.min(width, height)}p`;
}
