// The views the top bar navigates between. To add a view: add its id to VIEW_IDS (appSlice.ts) and
// put its component here (ids and labels are fixed; Ctrl/Cmd+1..4 follow this order).
import type { ComponentType } from 'react';
import { Workspace } from './Workspace.tsx';
import { LibraryView } from '../features/library/index.ts';
import { SpendView } from '../features/spend/index.ts';
import { SettingsView } from '../features/settings/index.ts';
import type { ViewId } from './appSlice.ts';

export interface RouteDef {
  id: ViewId;
  label: string;
  component: ComponentType;
}

export const ROUTES: readonly RouteDef[] = [
  { id: 'workspace', label: 'Workspace', component: Workspace },
  // ---- the library, spend and settings views plug in here ----
  { id: 'library', label: 'Library', component: LibraryView },
  { id: 'spend', label: 'Spend', component: SpendView },
  { id: 'settings', label: 'Settings', component: SettingsView },
];
