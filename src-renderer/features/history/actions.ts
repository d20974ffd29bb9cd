// History tab actions: search, favourites, and restoring a past run's settings.
import type { GenerationParams } from '../../../src-shared/domain.ts';
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { fieldsFromParams } from '../prompt/index.ts';
import type { PromptEntry, PromptRun } from './historySlice.ts';

export async function loadPrompts(): Promise<void> {
  const { historyQuery, historyFavoritesOnly } = appStore.getState();
  const text = historyQuery.trim();
  const { prompts } = await call('prompts.list', {
    limit: 200,
    ...(text === '' ? {} : { text }),
    ...(historyFavoritesOnly ? { favoriteOnly: true } : {}),
  });
  appStore.getState().setPrompts(prompts);
}

export async function toggleFavorite(entry: PromptEntry): Promise<void> {
  appStore.getState().markFavorite(entry.id, !entry.favorite);
  try {
    await call('prompts.favorite', { promptId: entry.id, favorite: !entry.favorite });
  } catch (error) {
    appStore.getState().markFavorite(entry.id, entry.favorite);
    if (!(error instanceof ApiError)) throw error;
  }
}

function applyRun(params: GenerationParams, seed: number | null, from: string): void {
  appStore.getState().replaceFields(fieldsFromParams(params, seed), from);
}

/**
 * The latest run of each prompt (its model and, when it made one, its image) for the History list:
 * from the newest jobs (newest first), the latest job's model, the latest image any of them made.
 */
export async function loadPromptRuns(): Promise<void> {
  const { jobs } = await call('jobs.list', { limit: 500 });
  const runs: Record<string, PromptRun> = {};
  for (const job of jobs) {
    const run = (runs[job.prompt] ??= { jobId: job.id, modelId: job.modelId, imageId: null });
    if (run.imageId === null && job.imageId !== null) run.imageId = job.imageId;
  }
  appStore.getState().setPromptRuns(runs);
}

/**
 * Restores every setting of the latest run that used this prompt (the prompt only when none is
 * found), replacing the prompt panel's fields with an Undo.
 */
export async function restoreFromHistory(entry: PromptEntry): Promise<void> {
  const local = appStore.getState();
  let jobId =
    local.promptRuns[entry.prompt]?.jobId ??
    local.jobOrder.find((id) => {
      const job = local.jobs[id];
      return job !== undefined && job.prompt === entry.prompt;
    });
  if (jobId === undefined) {
    const { jobs } = await call('jobs.list', { limit: 500 });
    jobId = jobs.find((j) => j.prompt === entry.prompt)?.id;
  }
  if (jobId === undefined) {
    local.replaceFields({ prompt: entry.prompt, negativePrompt: entry.negativePrompt }, 'history');
    return;
  }
  const { job, params } = await call('jobs.get', { jobId });
  applyRun(params, job.seed, 'history');
}

/** "Reuse all settings" of an image on the canvas. */
export async function reuseSettings(imageId: string): Promise<void> {
  const { image } = await call('images.get', { imageId });
  if (image.generationId === null) {
    appStore.getState().replaceFields(
      {
        prompt: image.prompt ?? '',
        negativePrompt: image.negativePrompt ?? '',
        ...(image.seed === null ? {} : { seedText: String(image.seed), seedLocked: true }),
      },
      'an image',
    );
    return;
  }
  const { job, params } = await call('jobs.get', { jobId: image.generationId });
  applyRun(params, job.seed ?? image.seed, 'an image');
}

/** "Reuse seed": the image's seed, locked. */
export function reuseSeed(seed: number): void {
  appStore.getState().setFields({ seedText: String(seed), seedLocked: true });
}
