// Wheel input on the canvas: pinch / Ctrl+wheel zooms to the cursor (at most ×1.25 an event), plain wheel and two-finger
// scroll pan. A trackpad or a fast mouse sends several wheel events per frame; each one written to
// the store would re-render the canvas for a frame nobody sees, so the inputs wait for the next
// animation frame and the viewport is written once per frame (WheelBatch, tested with a fake
// frame scheduler).
import { panBy, zoomAt } from './viewport.ts';
import type { Point, Viewport } from './viewport.ts';

export type WheelInput = { kind: 'pan'; dx: number; dy: number } | { kind: 'zoom'; at: Point; factor: number };

/** The largest zoom of one wheel event: a mouse notch (deltaY 100) is one step, not ×2.7. */
export const MAX_ZOOM_STEP = 1.25;
const ZOOM_PER_PIXEL = 0.01;
/** WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages. */
const PIXELS_PER_MODE = [1, 16, 800] as const;

/**
 * The zoom factor of one Ctrl/⌘+wheel or pinch event: proportional to deltaY (a trackpad's small
 * deltas zoom a little, e^(−deltaY/100)), capped at MAX_ZOOM_STEP either way (a mouse notch).
 */
export function zoomFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaY * (PIXELS_PER_MODE[deltaMode as 0 | 1 | 2] ?? 1);
  const limit = Math.log(MAX_ZOOM_STEP);
  return Math.exp(Math.min(limit, Math.max(-limit, -pixels * ZOOM_PER_PIXEL)));
}

/** The input of one wheel event; `at` is the cursor relative to the canvas. */
export function wheelInput(
  event: Pick<WheelEvent, 'deltaX' | 'deltaY' | 'ctrlKey' | 'metaKey'> & { deltaMode?: number },
  at: Point,
): WheelInput {
  return event.ctrlKey || event.metaKey
    ? { kind: 'zoom', at, factor: zoomFactor(event.deltaY, event.deltaMode) }
    : { kind: 'pan', dx: -event.deltaX, dy: -event.deltaY };
}

/**
 * Adds an input to those waiting for the next frame: consecutive pans add up into one; zooms stay
 * one by one, in order (each is about its own cursor point and clamps the scale, so merging them
 * could land elsewhere than the events one after another).
 */
export function accumulate(pending: readonly WheelInput[], input: WheelInput): WheelInput[] {
  const last = pending[pending.length - 1];
  if (last?.kind === 'pan' && input.kind === 'pan') {
    return [...pending.slice(0, -1), { kind: 'pan', dx: last.dx + input.dx, dy: last.dy + input.dy }];
  }
  return [...pending, input];
}

/** The viewport after the inputs, in order. */
export function applyWheel(viewport: Viewport, inputs: readonly WheelInput[]): Viewport {
  return inputs.reduce(
    (vp, input) => (input.kind === 'pan' ? panBy(vp, input.dx, input.dy) : zoomAt(vp, input.at, input.factor)),
    viewport,
  );
}

/** requestAnimationFrame / cancelAnimationFrame, or a fake in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

/** Collects wheel inputs between animation frames and hands them to `onFrame` once per frame. */
export class WheelBatch {
  readonly #scheduler: FrameScheduler;
  readonly #onFrame: (inputs: readonly WheelInput[]) => void;
  #pending: WheelInput[] = [];
  #frame: number | null = null;

  constructor(scheduler: FrameScheduler, onFrame: (inputs: readonly WheelInput[]) => void) {
    this.#scheduler = scheduler;
    this.#onFrame = onFrame;
  }

  push(input: WheelInput): void {
    this.#pending = accumulate(this.#pending, input);
    this.#frame ??= this.#scheduler.request(() => this.#flush());
  }

  /** Drops what waits (the canvas is going away). */
  dispose(): void {
    if (this.#frame !== null) this.#scheduler.cancel(this.#frame);
    this.#frame = null;
    this.#pending = [];
  }

  #flush(): void {
    const inputs = this.#pending;
    this.#pending = [];
    this.#frame = null;
    if (inputs.length > 0) this.#onFrame(inputs);
  }
}
