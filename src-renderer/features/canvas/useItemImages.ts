// Which image each item on screen draws, for the one shape that draws them all (CanvasLayers.tsx).
// Per item: a small bitmap when small on screen, the thumbnail, or the full image when large
// (levelFor); the sources wanted are held while wanted (images.ts) and the canvas re-renders, once
// a frame at most, as they become ready. Until its wanted source is ready an item keeps what it drew
// last (zooming never flashes the placeholder); the full image falls back to the thumbnail.
import { useEffect, useReducer, useRef } from 'react';
import { imageUrl } from '../../api.ts';
import { acquireSource, bitmapRequest, drawable, readySource, releaseSource } from './images.ts';
import type { Source, SourceRequest } from './images.ts';
import type { SceneItem } from './scene.ts';
import { levelFor } from './viewport.ts';
import type { ImageLevel } from './viewport.ts';

interface Wanted {
  request: SourceRequest;
  id: string;
}

/** Scene items are immutable: an item's requests at a level are built once (every pan re-reads them). */
const requestCache = new WeakMap<SceneItem, { level: ImageLevel; wanted: Wanted[] }>();

/** The sources an item wants, best first. */
function requestsFor(item: SceneItem, scale: number, pixelRatio: number): Wanted[] {
  const level = levelFor(Math.max(item.width, item.height) * item.scale, scale, pixelRatio);
  const cached = requestCache.get(item);
  if (cached?.level === level) return cached.wanted;
  const thumb = imageUrl(item.imageId, 'thumb');
  const thumbRequest: SourceRequest = { kind: 'element', key: thumb };
  const requests: SourceRequest[] =
    typeof level === 'number'
      ? [bitmapRequest(thumb, level, item.width, item.height)]
      : level === 'full'
        ? [{ kind: 'element', key: imageUrl(item.imageId, 'full') }, thumbRequest]
        : [thumbRequest];
  const wanted = requests.map((request) => ({ request, id: `${request.kind}:${request.key}` }));
  requestCache.set(item, { level, wanted });
  return wanted;
}

/** Holds exactly the wanted requests; `onSettled` hears each one that settles. */
function useHeld(wanted: Map<string, SourceRequest>, onSettled: () => void): void {
  const held = useRef(new Map<string, SourceRequest>());
  const settledRef = useRef(onSettled);
  settledRef.current = onSettled;
  useEffect(() => {
    const now = held.current;
    for (const [key, request] of wanted) {
      if (now.has(key)) continue;
      now.set(key, request);
      if (readySource(request) === undefined) void acquireSource(request).settled.then(() => settledRef.current());
      else acquireSource(request);
    }
    for (const [key, request] of now) {
      if (wanted.has(key)) continue;
      now.delete(key);
      releaseSource(request);
    }
  });
  // Unmounting releases everything held.
  useEffect(() => {
    const now = held.current;
    return () => {
      for (const request of now.values()) releaseSource(request);
      now.clear();
    };
  }, []);
}

/** What each item draws now (undefined: its placeholder), keyed by item key. */
export function useItemImages(items: readonly SceneItem[], scale: number): Map<string, Source | undefined> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const frame = useRef(0);
  const last = useRef(new Map<string, Source>());
  const pixelRatio = window.devicePixelRatio || 1;

  const wanted = new Map<string, SourceRequest>();
  const drawn = new Map<string, Source | undefined>();
  const lastDrawn = new Map<string, Source>();
  for (const item of items) {
    let source: Source | undefined;
    for (const { request, id } of requestsFor(item, scale, pixelRatio)) {
      wanted.set(id, request);
      source ??= readySource(request);
    }
    const previous = last.current.get(item.key);
    source ??= previous !== undefined && drawable(previous) ? previous : undefined;
    drawn.set(item.key, source);
    if (source) lastDrawn.set(item.key, source);
  }
  last.current = lastDrawn; // items off screen forget what they drew

  useHeld(wanted, () => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      rerender();
    });
  });
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return drawn;
}
