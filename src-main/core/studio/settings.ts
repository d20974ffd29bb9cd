// Settings: every setting of the table in src-shared/settings.ts, and setting one (the job
// concurrency also applies at once).
import type { Settings, SettingUpdate } from '../../../src-shared/settings.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import type { JobCalls } from './jobs.ts';

export class SettingsCalls {
  readonly #ctx: StudioContext;
  readonly #jobs: JobCalls;

  constructor(ctx: StudioContext, jobs: JobCalls) {
    this.#ctx = ctx;
    this.#jobs = jobs;
  }

  /** Every setting of the table in src-shared/settings.ts (defaults for those never set). */
  settings(): Settings {
    return this.#ctx.storage.settings.readAll();
  }

  /** One setting, already valid for its key (the gate parses it); concurrency also applies now. */
  setSetting(update: SettingUpdate): void {
    if (update.key === 'jobs.concurrency') this.#jobs.setConcurrency(update.value);
    else this.#ctx.storage.settings.set(update.key, update.value);
  }
}

export function settingsHandlers(settings: SettingsCalls) {
  return {
    'settings.get': async () => ({ settings: settings.settings() }),
    'settings.set': async (req) => {
      settings.setSetting(req);
      return {};
    },
  } satisfies Pick<StudioHandlers, 'settings.get' | 'settings.set'>;
}
