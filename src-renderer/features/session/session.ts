// Loading the session: app info, profiles (the default one chosen), the models of a profile/region,
// spend and budgets. The settings keys of the generation defaults live here too: the Settings view
// writes them, the prompt panel applies them (prompt's applyGenerationDefaults).
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import type { CallRegions, ModelSummary } from './sessionSlice.ts';

/** Settings keys of the generation defaults (Settings view → prompt panel). */
export const DEFAULT_MODEL_KEY = 'defaults.modelId';
export const DEFAULT_SIZE_KEY = 'defaults.size';

/** App info and the profiles; the default profile (or the first) and its region become the session's. */
export async function loadSession(): Promise<void> {
  const [info, profiles] = await Promise.all([call('app.info', {}), call('profiles.list', {})]);
  const def = profiles.profiles.find((p) => p.isDefault) ?? profiles.profiles[0];
  appStore.setState({
    appInfo: info,
    profiles: profiles.profiles,
    profile: def?.name ?? null,
    region: def?.region ?? null,
  });
}

/**
 * The models the current profile/region offers, each saying whether it can run within the regions
 * Easel may call, and those regions (the caller stores them: prompt's loadModels).
 */
export async function fetchModels(): Promise<{ models: ModelSummary[]; callRegions: CallRegions | null }> {
  const { profile, region } = appStore.getState();
  const { models, regions } = await call('models.list', {
    ...(profile === null ? {} : { profile }),
    ...(region === null ? {} : { region }),
  });
  return { models, callRegions: regions ?? null };
}

export async function refreshSpend(): Promise<void> {
  try {
    const [summary, budgets] = await Promise.all([call('spend.totals', {}), call('budgets.get', {})]);
    appStore.setState({
      spend: { todayMicroUsd: summary.todayMicroUsd, monthMicroUsd: summary.monthMicroUsd },
      budgets: budgets.budgets,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}
