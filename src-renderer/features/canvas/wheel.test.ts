import { describe, expect, it } from 'vitest';
import { IDENTITY, panBy, zoomAt } from './viewport.ts';
import type { Viewport } from './viewport.ts';
import { accumulate, applyWheel, MAX_ZOOM_STEP, WheelBatch, wheelInput, zoomFactor } from './wheel.ts';
import type { FrameScheduler, WheelInput } from './wheel.ts';

/** Frames run only when the test says so. */
function fakeFrames(): FrameScheduler & { runFrame(): void; waiting(): number } {
  let next = 1;
  const callbacks = new Map<number, () => void>();
  return {
    request: (callback) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancel: (handle) => void callbacks.delete(handle),
    runFrame: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback();
    },
    waiting: () => callbacks.size,
  };
}

const pan = (dx: number, dy: number): WheelInput => ({ kind: 'pan', dx, dy });
const zoom = (x: number, y: number, factor: number): WheelInput => ({ kind: 'zoom', at: { x, y }, factor });

/** What the canvas did before batching: every event applied to the viewport on its own. */
function oneByOne(viewport: Viewport, inputs: readonly WheelInput[]): Viewport {
  let vp = viewport;
  for (const i of inputs) vp = i.kind === 'pan' ? panBy(vp, i.dx, i.dy) : zoomAt(vp, i.at, i.factor);
  return vp;
}

describe('wheel input', () => {
  it('zooms to the cursor with Ctrl or ⌘ (pinch), pans otherwise', () => {
    expect(wheelInput({ deltaX: 3, deltaY: 20, ctrlKey: false, metaKey: false }, { x: 5, y: 6 })).toEqual(pan(-3, -20));
    expect(wheelInput({ deltaX: 0, deltaY: -15, ctrlKey: true, metaKey: false }, { x: 5, y: 6 })).toEqual(
      zoom(5, 6, Math.exp(0.15)),
    );
    expect(wheelInput({ deltaX: 0, deltaY: 15, ctrlKey: false, metaKey: true }, { x: 1, y: 2 })).toEqual(
      zoom(1, 2, Math.exp(-0.15)),
    );
  });

  it('zooms a mouse notch by at most ×1.25 and a trackpad pinch in proportion to its delta', () => {
    expect(zoomFactor(-100)).toBeCloseTo(MAX_ZOOM_STEP, 10);
    expect(zoomFactor(100)).toBeCloseTo(1 / MAX_ZOOM_STEP, 10);
    expect(zoomFactor(-3, 1)).toBeCloseTo(1.25, 10); // Firefox: 3 lines a notch
    expect(zoomFactor(-1000)).toBeCloseTo(1.25, 10);
    expect(MAX_ZOOM_STEP).toBeLessThanOrEqual(1.25);
    // Small deltas: small zooms, proportional (twice the delta, the square of the factor).
    expect(zoomFactor(-2)).toBeCloseTo(Math.exp(0.02), 10);
    expect(zoomFactor(-4)).toBeCloseTo(zoomFactor(-2) ** 2, 10);
    expect(zoomFactor(0)).toBe(1);
  });

  it('adds up consecutive pans and keeps zooms one by one, in order', () => {
    const inputs = [pan(1, 2), pan(3, 4), zoom(10, 10, 2), zoom(20, 0, 0.5), pan(-1, 0), pan(-1, -1)];
    expect(inputs.reduce(accumulate, [])).toEqual([pan(4, 6), zoom(10, 10, 2), zoom(20, 0, 0.5), pan(-2, -1)]);
  });

  it('lands where the events one after another would, also when a zoom hits the scale limit', () => {
    const start = { x: 13, y: -7, scale: 12 };
    const inputs = [pan(5, 5), zoom(100, 50, 2), zoom(100, 50, 0.5), pan(-3, 8), pan(1, 1), zoom(0, 0, 1.3)];
    const batched = applyWheel(start, inputs.reduce(accumulate, []));
    const expected = oneByOne(start, inputs);
    expect(batched.scale).toBe(expected.scale);
    expect(batched.x).toBeCloseTo(expected.x, 9);
    expect(batched.y).toBeCloseTo(expected.y, 9);
  });
});

describe('WheelBatch', () => {
  it('writes once per animation frame, whatever the number of events in between', () => {
    const frames = fakeFrames();
    const written: Viewport[] = [];
    let viewport = IDENTITY;
    const batch = new WheelBatch(frames, (inputs) => {
      viewport = applyWheel(viewport, inputs);
      written.push(viewport);
    });

    for (let i = 0; i < 5; i++) batch.push(pan(-2, -10));
    expect(written).toEqual([]);
    expect(frames.waiting()).toBe(1);
    frames.runFrame();
    expect(written).toEqual([{ x: -10, y: -50, scale: 1 }]);

    batch.push(zoom(0, 0, 2));
    batch.push(zoom(0, 0, 2));
    frames.runFrame();
    expect(written).toHaveLength(2);
    expect(viewport).toEqual({ x: -40, y: -200, scale: 4 });

    frames.runFrame(); // nothing waited: no write
    expect(written).toHaveLength(2);
  });

  it('applies each frame to the viewport as it is then, so other writes in between are kept', () => {
    const frames = fakeFrames();
    let viewport: Viewport = IDENTITY;
    const batch = new WheelBatch(frames, (inputs) => (viewport = applyWheel(viewport, inputs)));
    batch.push(pan(10, 0));
    viewport = { x: 500, y: 500, scale: 2 }; // e.g. "fit" pressed before the frame
    frames.runFrame();
    expect(viewport).toEqual({ x: 510, y: 500, scale: 2 });
  });

  it('drops what waits when disposed', () => {
    const frames = fakeFrames();
    const written: (readonly WheelInput[])[] = [];
    const batch = new WheelBatch(frames, (inputs) => written.push(inputs));
    batch.push(pan(1, 1));
    batch.dispose();
    expect(frames.waiting()).toBe(0);
    frames.runFrame();
    expect(written).toEqual([]);
  });
});
