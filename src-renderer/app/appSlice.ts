// The shell's own UI state: the current view, the theme, the right panel's tab and the boot error.
// Session data (profile, region, models, spend, budgets) is the session feature's.
import type { SliceCreator } from '../store/types.ts';
import type { Theme } from '../theme/index.ts';

/** The views in top-bar order (Ctrl/Cmd+1..4 follow it); routes.ts gives each its label and component. */
export const VIEW_IDS = ['workspace', 'library', 'spend', 'settings'] as const;
export type ViewId = (typeof VIEW_IDS)[number];
export type RightTab = 'history' | 'layers' | 'queue';

export interface AppSlice {
  view: ViewId;
  theme: Theme;
  rightTab: RightTab;
  bootError: string | null;
  setView(view: ViewId): void;
  setTheme(theme: Theme): void;
  setRightTab(tab: RightTab): void;
}

declare module '../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends AppSlice {}
}

export const createAppSlice: SliceCreator<AppSlice> = (set) => ({
  view: 'workspace',
  theme: 'dark',
  rightTab: 'queue',
  bootError: null,
  setView: (view) => set({ view }),
  setTheme: (theme) => set({ theme }),
  setRightTab: (rightTab) => set({ rightTab }),
});
