// Session data every other feature reads: app info, the AWS profiles and the chosen profile and
// region, the models they offer, the spend figures of the top bar and the budgets (for the pre-send
// refusal).
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import type { SliceCreator } from '../../store/types.ts';

export type AppInfo = CallResponse<'app.info'>;
export type ProfileSummary = CallResponse<'profiles.list'>['profiles'][number];
export type ModelSummary = CallResponse<'models.list'>['models'][number];
/** The profile's region and the regions Easel may call for it (models.list's `regions`). */
export type CallRegions = NonNullable<CallResponse<'models.list'>['regions']>;
export type BudgetStatus = CallResponse<'budgets.get'>['budgets'][number];

export interface SessionSlice {
  appInfo: AppInfo | null;
  profiles: ProfileSummary[];
  /** null: the default profile. */
  profile: string | null;
  /** null: the profile's region. */
  region: string | null;
  models: ModelSummary[];
  /** Where the current profile may call, as the last model list said; null until known. */
  callRegions: CallRegions | null;
  spend: { todayMicroUsd: number; monthMicroUsd: number } | null;
  budgets: BudgetStatus[];
  setProfile(profile: string | null): void;
  setRegion(region: string | null): void;
  setModels(models: ModelSummary[], callRegions?: CallRegions | null): void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends SessionSlice {}
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set) => ({
  appInfo: null,
  profiles: [],
  profile: null,
  region: null,
  models: [],
  callRegions: null,
  spend: null,
  budgets: [],
  setProfile: (profile) => set({ profile }),
  setRegion: (region) => set({ region }),
  setModels: (models, callRegions = null) => set({ models, callRegions }),
});
