// How fast the grid is scrolling, from the offsets the virtualizer reports. Tiles that come on
// screen while it scrolls faster than FAST_SCROLL_PX_PER_S show their placeholder and start loading
// their thumbnail only when it slows down: a fling through thousands of rows would otherwise start
// (and drop) a request, a decode and a paint for every tile it passes, on the renderer's main thread.

/** About three screens a second: faster than anyone looks at thumbnails. */
export const FAST_SCROLL_PX_PER_S = 3000;
/** Samples further apart than this start a new estimate (the scroll had paused). */
const GAP_MS = 120;

export interface ScrollSpeed {
  offset: number;
  at: number;
  pxPerS: number;
}

export const STILL: ScrollSpeed = { offset: 0, at: Number.NEGATIVE_INFINITY, pxPerS: 0 };

/** The speed after one more sample (offset in px, at in ms), smoothed over the last few samples. */
export function nextScrollSpeed(prev: ScrollSpeed, offset: number, at: number): ScrollSpeed {
  const dt = at - prev.at;
  if (!(dt > 0) || dt > GAP_MS) return { offset, at, pxPerS: 0 };
  const now = (Math.abs(offset - prev.offset) / dt) * 1000;
  return { offset, at, pxPerS: prev.pxPerS === 0 ? now : 0.5 * now + 0.5 * prev.pxPerS };
}

export function isFastScroll(speed: ScrollSpeed, scrolling: boolean): boolean {
  return scrolling && speed.pxPerS > FAST_SCROLL_PX_PER_S;
}
