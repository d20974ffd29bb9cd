// Settings: every key of the settings table (../settings.ts) with its own type, both ways.
import { SettingsSchema, SettingUpdateSchema } from '../settings.ts';
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty } from './values.ts';

export const settingsCalls = {
  /** Every setting, the default standing in for one never set (or no longer valid). */
  'settings.get': defineCall({
    request: Empty,
    response: z.strictObject({ settings: SettingsSchema }),
  }),
  /** One setting: `jobs.concurrency` also changes the running queue's concurrency. */
  'settings.set': defineCall({
    request: SettingUpdateSchema,
    response: Empty,
  }),
} as const satisfies CallMap;
