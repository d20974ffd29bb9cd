// Boot and session data: app info, profiles, models for the profile/region, spend and budgets.
import { ApiError, call } from '../api.ts';
import { appStore } from '../store/index.ts';
import { findModel, validateParams } from '../../src-shared/models/index.ts';
import { buildParams } from '../features/prompt/params.ts';

/** Settings keys of the generation defaults (Settings view → prompt panel). */
export const DEFAULT_MODEL_KEY = 'defaults.modelId';
export const DEFAULT_SIZE_KEY = 'defaults.size';

const RESET = { size: '', aspectRatio: '', steps: null, cfgScale: null, sampler: '', stylePreset: '' } as const;

/**
 * Applies Settings' default model and size to the prompt panel: the model when this profile/region
 * offers it for text-to-image, the size when that model accepts it (else the model's own default).
 */
export function applyGenerationDefaults(settings: Record<string, unknown>): void {
  const state = appStore.getState();
  const modelId = typeof settings[DEFAULT_MODEL_KEY] === 'string' ? settings[DEFAULT_MODEL_KEY] : '';
  const size = typeof settings[DEFAULT_SIZE_KEY] === 'string' ? settings[DEFAULT_SIZE_KEY] : '';
  const usable = state.models.some((m) => m.id === modelId && m.tasks.includes('text-to-image'));
  const target = usable ? modelId : state.fields.modelId;
  const next = target === state.fields.modelId ? {} : { modelId: target, ...RESET };
  let sizeOk = false;
  if (size !== '' && target !== '') {
    const issues = validateParams(
      buildParams({ ...state.fields, ...next, modelId: target, size, prompt: state.fields.prompt || 'x' }, undefined),
    );
    sizeOk = !issues.some((i) => i.field === 'width' || i.field === 'height');
  }
  if (Object.keys(next).length > 0 || sizeOk) state.setFields({ ...next, ...(sizeOk ? { size } : {}) });
}

export async function refreshSpend(): Promise<void> {
  try {
    const [summary, budgets] = await Promise.all([call('spend.summary', {}), call('budgets.get', {})]);
    appStore.setState({
      spend: { todayMicroUsd: summary.todayMicroUsd, monthMicroUsd: summary.monthMicroUsd },
      budgets: budgets.budgets,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

/** Models for the current profile/region; keeps the chosen model when it is still offered. */
export async function loadModels(): Promise<void> {
  const { profile, region } = appStore.getState();
  const { models } = await call('models.list', {
    ...(profile === null ? {} : { profile }),
    ...(region === null ? {} : { region }),
  });
  const state = appStore.getState();
  appStore.setState({ models });
  const usable = models.filter((m) => m.tasks.includes('text-to-image'));
  if (!usable.some((m) => m.id === state.fields.modelId)) {
    const pick = usable.find((m) => m.lifecycle.status === 'active' && findModel(m.id)) ?? usable[0];
    if (pick)
      state.setFields({
        modelId: pick.id,
        size: '',
        aspectRatio: '',
        steps: null,
        cfgScale: null,
        sampler: '',
        stylePreset: '',
      });
  }
}

export async function loadSession(): Promise<void> {
  const [info, profiles] = await Promise.all([call('app.info', {}), call('profiles.list', {})]);
  const def = profiles.profiles.find((p) => p.isDefault) ?? profiles.profiles[0];
  appStore.setState({
    appInfo: info,
    profiles: profiles.profiles,
    profile: def?.name ?? null,
    region: def?.region ?? null,
  });
  await loadModels();
  const { settings } = await call('settings.get', {}).catch(() => ({ settings: {} as Record<string, unknown> }));
  applyGenerationDefaults(settings);
}
