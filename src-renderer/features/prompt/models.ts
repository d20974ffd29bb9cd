// The prompt panel's model follows the session: when the profile/region changes, the chosen model
// stays if it is still offered (only models that can run within "Regions Easel may call" are: else
// an active model the catalog knows that can run is picked), and Settings'
// default model and size are applied when this profile/region offers the model and it accepts
// the size (else the model keeps its own default size).
import { call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { findModel, validateParams } from '../../../src-shared/models/index.ts';
import { DEFAULT_MODEL_KEY, DEFAULT_SIZE_KEY, fetchModels } from '../session/index.ts';
import type { ModelSummary } from '../session/index.ts';
import { buildParams } from './params.ts';
import { offeredModels } from './region-notice.ts';

const RESET = { size: '', aspectRatio: '', steps: null, cfgScale: null, sampler: '', stylePreset: '' } as const;

/** Models for the current profile/region; keeps the chosen model when it is still offered. */
export async function loadModels(): Promise<void> {
  const { models, callRegions } = await fetchModels();
  const state = appStore.getState();
  state.setModels(models, callRegions);
  keepOfferedModel(models, state.fields.modelId);
}

function keepOfferedModel(models: readonly ModelSummary[], chosen: string): void {
  const usable = offeredModels(models);
  if (usable.some((m) => m.id === chosen)) return;
  const pick = usable.find((m) => m.lifecycle.status === 'active' && findModel(m.id)) ?? usable[0];
  if (pick) appStore.getState().setFields({ modelId: pick.id, ...RESET });
}

/**
 * Applies Settings' default model and size to the prompt panel: the model when this profile/region
 * offers it for text-to-image, the size when that model accepts it (else the model's own default).
 */
export function applyGenerationDefaults(settings: Record<string, unknown>): void {
  const state = appStore.getState();
  const modelId = typeof settings[DEFAULT_MODEL_KEY] === 'string' ? settings[DEFAULT_MODEL_KEY] : '';
  const size = typeof settings[DEFAULT_SIZE_KEY] === 'string' ? settings[DEFAULT_SIZE_KEY] : '';
  const usable = offeredModels(state.models).some((m) => m.id === modelId);
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

/** Reads the saved generation defaults (none when settings cannot be read) and applies them. */
export async function loadGenerationDefaults(): Promise<void> {
  const { settings } = await call('settings.get', {}).catch(() => ({ settings: {} as Record<string, unknown> }));
  applyGenerationDefaults(settings);
}
