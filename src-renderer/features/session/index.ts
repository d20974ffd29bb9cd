export { DEFAULT_MODEL_KEY, DEFAULT_SIZE_KEY, fetchModels, loadSession, refreshSpend } from './session.ts';
export { IMAGE_MODEL_REGIONS, regionChoices } from './regions.ts';
export type { AppInfo, BudgetStatus, CallRegions, ModelSummary, ProfileSummary, SessionSlice } from './sessionSlice.ts';
