import { describe, expect, it } from 'vitest';
import { columnsFor, GAP, tilesOnScreen } from './grid-geometry.ts';

describe('grid geometry', () => {
  it('fits as many tiles with their gaps as the width holds, at least one', () => {
    expect(columnsFor(GAP + 7 * (168 + GAP), 168)).toBe(7);
    expect(columnsFor(GAP + 7 * (168 + GAP) - 1, 168)).toBe(6);
    expect(columnsFor(50, 168)).toBe(1);
  });

  it('counts a partly visible last row', () => {
    expect(tilesOnScreen(GAP + 7 * 176, 176 * 4, 168)).toBe(28);
    expect(tilesOnScreen(GAP + 7 * 176, 176 * 4 + 1, 168)).toBe(35);
    expect(tilesOnScreen(10, 10, 168)).toBe(1);
  });
});
