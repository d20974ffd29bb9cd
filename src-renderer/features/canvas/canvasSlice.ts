// Canvas UI state (React side): the viewport, the selection (item keys), the open canvas, and
// what we know about each image on it (prompt, seed) for names and "reuse" actions. The items
// themselves live in the scene (scene.ts), outside React.
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import type { SliceCreator } from '../../store/types.ts';
import { IDENTITY } from './viewport.ts';
import type { Rect, Viewport } from './viewport.ts';

export type CanvasSummary = CallResponse<'canvases.list'>['canvases'][number];
export type ImageInfo = CallResponse<'images.get'>['image'];

/** Where a running job's image will land (pending.ts): its cell, what the job is doing, since when. */
export interface Placeholder {
  rect: Rect;
  label: string;
  since: number;
}

export interface CanvasSlice {
  viewport: Viewport;
  /** Screen size of the canvas area (for placement and fit). */
  stageSize: { width: number; height: number };
  selection: string[];
  canvases: CanvasSummary[];
  activeCanvasId: string | null;
  imageInfo: Record<string, ImageInfo>;
  saveState: 'saved' | 'saving' | 'unsaved' | 'error';
  /** By job id: the cells of images on their way (not in the scene: no undo, not saved). */
  placeholders: Record<string, Placeholder>;
  /** Screen pixels Fit keeps free under the stage: what the overlay's panel may still grow by. */
  fitBottomRoom: number;
  setFitBottomRoom(px: number): void;
  setPlaceholders(update: (placeholders: Record<string, Placeholder>) => Record<string, Placeholder>): void;
  setViewport(viewport: Viewport): void;
  setStageSize(size: { width: number; height: number }): void;
  select(keys: string[]): void;
  toggleSelected(key: string): void;
  setCanvases(canvases: CanvasSummary[], activeId?: string | null): void;
  addImageInfo(images: ImageInfo[]): void;
  setSaveState(state: CanvasSlice['saveState']): void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends CanvasSlice {}
}

export const createCanvasSlice: SliceCreator<CanvasSlice> = (set) => ({
  viewport: IDENTITY,
  stageSize: { width: 800, height: 600 },
  selection: [],
  canvases: [],
  activeCanvasId: null,
  imageInfo: {},
  saveState: 'saved',
  placeholders: {},
  fitBottomRoom: 0,
  setFitBottomRoom: (fitBottomRoom) => set({ fitBottomRoom }),
  setPlaceholders: (update) => set((s) => ({ placeholders: update(s.placeholders) })),
  setViewport: (viewport) => set({ viewport }),
  setStageSize: (stageSize) => set({ stageSize }),
  select: (selection) => set({ selection }),
  toggleSelected: (key) =>
    set((s) => ({
      selection: s.selection.includes(key) ? s.selection.filter((k) => k !== key) : [...s.selection, key],
    })),
  setCanvases: (canvases, activeId) =>
    set((s) => ({ canvases, activeCanvasId: activeId === undefined ? s.activeCanvasId : activeId })),
  addImageInfo: (images) =>
    set((s) => ({ imageInfo: { ...s.imageInfo, ...Object.fromEntries(images.map((i) => [i.id, i])) } })),
  setSaveState: (saveState) => set({ saveState }),
});
