import { describe, expect, it } from 'vitest';
import {
  actualSize,
  boundsOf,
  fitRect,
  MAX_SCALE,
  screenToWorld,
  levelFor,
  variantFor,
  visibleWorld,
  worldToScreen,
  zoomAt,
} from './viewport.ts';

describe('viewport math', () => {
  it('screen and world conversions are inverse', () => {
    const vp = { x: 120, y: -40, scale: 2.5 };
    const p = { x: 33, y: 71 };
    const back = worldToScreen(vp, screenToWorld(vp, p));
    expect(back.x).toBeCloseTo(33);
    expect(back.y).toBeCloseTo(71);
  });

  it('zoom keeps the world point under the cursor in place', () => {
    const vp = { x: 10, y: 20, scale: 1 };
    const cursor = { x: 400, y: 300 };
    const before = screenToWorld(vp, cursor);
    const zoomed = zoomAt(vp, cursor, 1.7);
    const after = screenToWorld(zoomed, cursor);
    expect(zoomed.scale).toBeCloseTo(1.7);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(vp, cursor, 1e6).scale).toBe(MAX_SCALE);
  });

  it('fit shows the bounds whole and centred, never above 100%', () => {
    const vp = fitRect({ x: 1000, y: 0, width: 2000, height: 1000 }, 1000, 600, 50);
    expect(vp.scale).toBeCloseTo(0.45);
    const centre = screenToWorld(vp, { x: 500, y: 300 });
    expect(centre.x).toBeCloseTo(2000);
    expect(centre.y).toBeCloseTo(500);
    expect(fitRect({ x: 0, y: 0, width: 10, height: 10 }, 1000, 600).scale).toBe(1);
  });

  it('100% keeps the centre of the screen', () => {
    const vp = { x: 37, y: 12, scale: 0.3 };
    const one = actualSize(vp, 800, 600);
    expect(one.scale).toBe(1);
    expect(screenToWorld(one, { x: 400, y: 300 }).x).toBeCloseTo(screenToWorld(vp, { x: 400, y: 300 }).x);
  });

  it('visible world and bounds', () => {
    expect(visibleWorld({ x: -100, y: -50, scale: 2 }, 800, 600)).toEqual({ x: 50, y: 25, width: 400, height: 300 });
    expect(
      boundsOf([
        { x: 0, y: 0, width: 10, height: 10 },
        { x: -5, y: 20, width: 5, height: 5 },
      ]),
    ).toEqual({ x: -5, y: 0, width: 15, height: 25 });
    expect(boundsOf([])).toBeNull();
  });

  it('thumbnails when small on screen, full resolution when large', () => {
    expect(variantFor(1024, 0.2)).toBe('thumb');
    expect(variantFor(1024, 0.5)).toBe('full');
  });

  it('a small bitmap up to 64 px on screen, then the thumbnail, then the full image', () => {
    expect(levelFor(512, 0.05)).toBe(64); // 25.6 px
    expect(levelFor(512, 0.125)).toBe(64); // 64 px
    expect(levelFor(512, 0.2)).toBe('thumb'); // 102.4 px
    expect(levelFor(512, 0.3)).toBe('thumb'); // 153.6 px
    expect(levelFor(512, 0.7)).toBe('full'); // 358 px
    // A 2× screen draws twice the pixels: the next size up.
    expect(levelFor(512, 0.05, 2)).toBe(64); // 51 device px
    expect(levelFor(512, 0.1, 2)).toBe('thumb'); // 102 device px
    expect(levelFor(512, 0.3, 2)).toBe('thumb'); // 307 device px
    expect(levelFor(512, 0.35, 2)).toBe('full');
  });
});
