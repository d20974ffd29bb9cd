// Boot and session data: app info, profiles, models for the profile/region, spend and budgets.
import { ApiError, call } from '../api.ts';
import { appStore } from '../store/index.ts';
import { findModel } from '../../src-shared/models/index.ts';

export async function refreshSpend(): Promise<void> {
  try {
    const [summary, budgets] = await Promise.all([call('spend.summary', {}), call('budgets.get', {})]);
    appStore.setState({ spend: { todayMicroUsd: summary.todayMicroUsd, monthMicroUsd: summary.monthMicroUsd }, budgets: budgets.budgets });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

/** Models for the current profile/region; keeps the chosen model when it is still offered. */
export async function loadModels(): Promise<void> {
  const { profile, region } = appStore.getState();
  const { models } = await call('models.list', { ...(profile === null ? {} : { profile }), ...(region === null ? {} : { region }) });
  const state = appStore.getState();
  appStore.setState({ models });
  const usable = models.filter((m) => m.tasks.includes('text-to-image'));
  if (!usable.some((m) => m.id === state.fields.modelId)) {
    const pick = usable.find((m) => m.lifecycle.status === 'active' && findModel(m.id)) ?? usable[0];
    if (pick) state.setFields({ modelId: pick.id, size: '', aspectRatio: '', steps: null, cfgScale: null, sampler: '', stylePreset: '' });
  }
}

export async function loadSession(): Promise<void> {
  const [info, profiles] = await Promise.all([call('app.info', {}), call('profiles.list', {})]);
  const def = profiles.profiles.find((p) => p.isDefault) ?? profiles.profiles[0];
  appStore.setState({ appInfo: info, profiles: profiles.profiles, profile: def?.name ?? null, region: def?.region ?? null });
  await loadModels();
}
