// App-wide UI and session state: current view, theme, right-panel tab, profile/region, models,
// spend figures shown in the top bar, budgets (for the pre-send refusal).
import type { CallResponse } from '../../src-shared/contract/index.ts';
import type { SliceCreator } from '../store/types.ts';
import type { ViewId } from './routes.ts';

export type Theme = 'dark' | 'light';
export type RightTab = 'history' | 'layers' | 'queue';
export type AppInfo = CallResponse<'app.info'>;
export type ProfileSummary = CallResponse<'profiles.list'>['profiles'][number];
export type ModelSummary = CallResponse<'models.list'>['models'][number];
export type BudgetStatus = CallResponse<'budgets.get'>['budgets'][number];

export interface AppSlice {
  view: ViewId;
  theme: Theme;
  rightTab: RightTab;
  appInfo: AppInfo | null;
  bootError: string | null;
  profiles: ProfileSummary[];
  /** null: the default profile. */
  profile: string | null;
  /** null: the profile's region. */
  region: string | null;
  models: ModelSummary[];
  spend: { todayMicroUsd: number; monthMicroUsd: number } | null;
  budgets: BudgetStatus[];
  setView(view: ViewId): void;
  setTheme(theme: Theme): void;
  setRightTab(tab: RightTab): void;
  setProfile(profile: string | null): void;
  setRegion(region: string | null): void;
}

export const createAppSlice: SliceCreator<AppSlice> = (set) => ({
  view: 'workspace',
  theme: 'dark',
  rightTab: 'queue',
  appInfo: null,
  bootError: null,
  profiles: [],
  profile: null,
  region: null,
  models: [],
  spend: null,
  budgets: [],
  setView: (view) => set({ view }),
  setTheme: (theme) => set({ theme }),
  setRightTab: (rightTab) => set({ rightTab }),
  setProfile: (profile) => set({ profile }),
  setRegion: (region) => set({ region }),
});
