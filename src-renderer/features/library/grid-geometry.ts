// The grid's layout arithmetic, shared by the grid and the prefetch (which warms one screenful).

/** Space between tiles and around the grid, px. */
export const GAP = 8;

export function columnsFor(width: number, tileSize: number): number {
  return Math.max(1, Math.floor((width - GAP) / (tileSize + GAP)));
}

/** How many tiles a grid of this size shows at once (a partly visible last row counts). */
export function tilesOnScreen(width: number, height: number, tileSize: number): number {
  return columnsFor(width, tileSize) * Math.max(1, Math.ceil(height / (tileSize + GAP)));
}
