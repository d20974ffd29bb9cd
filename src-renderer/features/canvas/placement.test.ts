import { describe, expect, it } from 'vitest';
import { findFreeSpot, placeAll } from './placement.ts';
import { intersects } from './viewport.ts';

const view = { x: 0, y: 0, width: 2000, height: 1200 };
const size = { width: 512, height: 512 };

describe('placement in free space', () => {
  it('an empty canvas gets the item centred in the view', () => {
    expect(findFreeSpot([], size, view)).toEqual({ x: 744, y: 344 });
  });

  it('never overlaps what is there, and stays near the view centre', () => {
    const centre = { x: 744, y: 344, ...size };
    const spot = findFreeSpot([centre], size, view);
    expect(intersects({ ...spot, ...size }, centre)).toBe(false);
    expect(Math.hypot(spot.x - 744, spot.y - 344)).toBeLessThanOrEqual(536 * 1.01);
  });

  it('places a batch without overlaps, each seeing the previous ones', () => {
    const occupied = [{ x: 700, y: 300, width: 600, height: 600 }];
    const spots = placeAll(
      occupied,
      Array.from({ length: 12 }, () => size),
      view,
    );
    const rects = [...occupied, ...spots.map((s) => ({ ...s, ...size }))];
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) expect(intersects(rects[i]!, rects[j]!)).toBe(false);
  });

  it('next to a source image when asked (edits)', () => {
    const source = { x: 5000, y: 5000, width: 512, height: 512 };
    const [spot] = placeAll([source], [size], view, { ...source, x: source.x + source.width + 24 });
    expect(spot && Math.abs(spot.x - (source.x + 536))).toBeLessThan(600);
    expect(spot && Math.abs(spot.y - source.y)).toBeLessThan(600);
  });
});
