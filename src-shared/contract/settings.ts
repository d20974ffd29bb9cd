// Settings: key/value pairs kept in the data folder.
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty } from './values.ts';

export const settingsCalls = {
  'settings.get': defineCall({
    request: Empty,
    response: z.strictObject({ settings: z.record(z.string(), z.unknown()) }),
  }),
  'settings.set': defineCall({
    request: z.strictObject({ key: z.string().min(1).max(200), value: z.unknown() }),
    response: Empty,
  }),
} as const satisfies CallMap;
