// Image details (prompt, seed, model...) for visible tiles. The search call returns summaries only,
// so each tile asks for its record once; requests run a few at a time, newest wish first, and
// tiles scrolled away before their turn are skipped (fast scrolling at 1M images stays cheap).
import { call } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract.ts';

export type ImageDetail = CallResponse<'images.get'>['image'];

const MAX_IN_FLIGHT = 6;
const MAX_CACHED = 5000;

const cache = new Map<string, ImageDetail>();
const listeners = new Map<string, Set<(detail: ImageDetail) => void>>();
const queue: string[] = [];
const inFlight = new Set<string>();

function pump(): void {
  while (inFlight.size < MAX_IN_FLIGHT && queue.length > 0) {
    const id = queue.pop();
    if (id === undefined) break;
    if (cache.has(id) || inFlight.has(id) || !(listeners.get(id)?.size)) continue;
    inFlight.add(id);
    call('images.get', { imageId: id })
      .then(({ image }) => {
        remember(image);
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(id);
        pump();
      });
  }
}

export function remember(image: ImageDetail): void {
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(image.id, image);
  for (const listener of listeners.get(image.id) ?? []) listener(image);
}

export function cachedDetail(id: string): ImageDetail | undefined {
  return cache.get(id);
}

/** Asks for an image's record; `listener` runs when it arrives. Returns the cancel function. */
export function wantDetail(id: string, listener: (detail: ImageDetail) => void): () => void {
  let set = listeners.get(id);
  if (set === undefined) listeners.set(id, (set = new Set()));
  set.add(listener);
  const hit = cache.get(id);
  if (hit !== undefined) listener(hit);
  else {
    queue.push(id);
    pump();
  }
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(id);
  };
}

/** After edits (rating, favourite) the cached records are stale. */
export function forgetDetails(ids: readonly string[]): void {
  for (const id of ids) cache.delete(id);
}
