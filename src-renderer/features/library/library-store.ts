// The library's zustand slice (combined in src-renderer/store): filters, tile size and fit, the selection
// and the open detail. The loaded pages live in the view (a cache of main's data, not app state).
import type { SliceCreator } from '../../store/types.ts';
import { DEFAULT_FILTERS } from './query.ts';
import type { LibraryFilters } from './query.ts';
import { clickSelect, EMPTY_SELECTION, pruneSelection, selectAllMatching } from './selection.ts';
import type { ClickModifiers, Selection } from './selection.ts';

export interface LibrarySlice {
  library: {
    filters: LibraryFilters;
    tileSize: number;
    /** Tiles show images cropped to squares, or whole (aspect kept, letterboxed). */
    tileFit: TileFit;
    selection: Selection;
    detailId: string | null;
  };
  setLibraryFilters: (patch: Partial<LibraryFilters>) => void;
  resetLibraryFilters: () => void;
  setTileSize: (size: number) => void;
  setTileFit: (fit: TileFit) => void;
  clickImage: (order: readonly string[], id: string, modifiers?: ClickModifiers) => void;
  /** Every image matching the current filters, loaded or not. */
  selectAllImages: () => void;
  clearSelection: () => void;
  pruneImageSelection: (order: readonly string[]) => void;
  openDetail: (id: string | null) => void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends LibrarySlice {}
}

export type TileFit = 'crop' | 'whole';

export const MIN_TILE = 96;
export const MAX_TILE = 320;

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set) => ({
  library: { filters: DEFAULT_FILTERS, tileSize: 168, tileFit: 'crop', selection: EMPTY_SELECTION, detailId: null },
  setLibraryFilters: (patch) =>
    set((s) => ({
      library: { ...s.library, filters: { ...s.library.filters, ...patch }, selection: EMPTY_SELECTION },
    })),
  resetLibraryFilters: () =>
    set((s) => ({ library: { ...s.library, filters: DEFAULT_FILTERS, selection: EMPTY_SELECTION } })),
  setTileSize: (size) =>
    set((s) => ({ library: { ...s.library, tileSize: Math.min(MAX_TILE, Math.max(MIN_TILE, Math.round(size))) } })),
  setTileFit: (tileFit) => set((s) => ({ library: { ...s.library, tileFit } })),
  clickImage: (order, id, modifiers) =>
    set((s) => ({ library: { ...s.library, selection: clickSelect(s.library.selection, order, id, modifiers) } })),
  selectAllImages: () => set((s) => ({ library: { ...s.library, selection: selectAllMatching() } })),
  clearSelection: () => set((s) => ({ library: { ...s.library, selection: EMPTY_SELECTION } })),
  pruneImageSelection: (order) =>
    set((s) => {
      const selection = pruneSelection(s.library.selection, order);
      return selection === s.library.selection ? s : { library: { ...s.library, selection } };
    }),
  openDetail: (id) => set((s) => ({ library: { ...s.library, detailId: id } })),
});
