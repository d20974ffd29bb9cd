import { describe, expect, it } from 'vitest';
import { findFreeSpot, placeAll, RUN_GAP_SHARE, runGrid, runSlots } from './placement.ts';
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

describe('a run placed together', () => {
  const cell = { width: 100, height: 80 };
  it('lays out a row up to four images, then a near-square grid', () => {
    expect([1, 2, 4, 5, 9, 10].map(runGrid)).toEqual([
      { columns: 1, rows: 1 },
      { columns: 2, rows: 1 },
      { columns: 4, rows: 1 },
      { columns: 3, rows: 2 },
      { columns: 3, rows: 3 },
      { columns: 4, rows: 3 },
    ]);
  });

  it('puts the run beside the last placement, top-aligned, cells a gap apart', () => {
    const last = { x: 0, y: 0, width: 200, height: 200 };
    expect(runSlots([last], 3, cell, view, last, 24)).toEqual([
      { x: 224, y: 0, ...cell },
      { x: 348, y: 0, ...cell },
      { x: 472, y: 0, ...cell },
    ]);
  });

  it('keeps big images a twentieth of their side apart (the gap still shows zoomed out)', () => {
    const big = { width: 1024, height: 1024 };
    const [a, b] = runSlots([], 2, big, view, null, 24);
    expect((b?.x ?? 0) - (a?.x ?? 0)).toBe(1024 + Math.round(1024 * RUN_GAP_SHARE));
  });

  it('centres the first run in the view', () => {
    const slots = runSlots([], 2, cell, view, null, 20);
    expect(slots.map((s) => [s.x, s.y])).toEqual([
      [1000 - 110, 600 - 40],
      [1000 + 10, 600 - 40],
    ]);
  });

  it('moves the whole block to free space when something is beside the anchor, and never overlaps', () => {
    const last = { x: 0, y: 0, width: 200, height: 200 };
    const blocker = { x: 260, y: 20, width: 50, height: 50 };
    const slots = runSlots([last, blocker], 6, cell, view, last, 24);
    for (const s of slots) for (const r of [last, blocker]) expect(intersects(s, r)).toBe(false);
    // Still one block: the same distances between cells.
    expect(slots[1]!.x - slots[0]!.x).toBe(124);
    expect(slots[3]!.y - slots[0]!.y).toBe(104);
    expect(slots[3]!.x).toBe(slots[0]!.x);
  });
});
