// Window size and position remembered across launches in a small JSON file in the data folder.
// A missing, corrupt or off-screen state falls back to defaults; writes are atomic.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { MIN_HEIGHT, MIN_WIDTH } from './window-options.ts';

const WindowStateSchema = z.object({
  width: z.number().int().min(MIN_WIDTH).max(20_000),
  height: z.number().int().min(MIN_HEIGHT).max(20_000),
  x: z.number().int().min(-50_000).max(50_000).optional(),
  y: z.number().int().min(-50_000).max(50_000).optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Reads the saved state; position dropped when it no longer overlaps any display's work area. */
export async function loadWindowState(file: string, displays: readonly Rect[] = []): Promise<WindowState> {
  let state: WindowState;
  try {
    state = WindowStateSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (state.x !== undefined && state.y !== undefined && displays.length > 0) {
    const bounds = { x: state.x, y: state.y, width: state.width, height: state.height };
    if (!displays.some((d) => overlaps(bounds, d))) {
      const { x: _x, y: _y, ...rest } = state;
      return rest;
    }
  }
  return state;
}

function overlaps(a: Rect, b: Rect): boolean {
  const min = 64; // at least a grabbable strip of the window must be visible
  return a.x + a.width - min > b.x && a.x + min < b.x + b.width && a.y + min > b.y && a.y < b.y + b.height - min;
}

export async function saveWindowState(file: string, bounds: Rect, maximized: boolean): Promise<void> {
  const state: WindowState = {
    width: Math.max(MIN_WIDTH, Math.round(bounds.width)),
    height: Math.max(MIN_HEIGHT, Math.round(bounds.height)),
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    maximized,
  };
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state));
  await rename(temp, file);
}
