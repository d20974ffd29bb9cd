// Backups of the library database (<data>/backups/easel-<UTC time>.db): the newest one for
// Settings, and backing up now. Restoring happens outside a running library (the CLI's
// `easel restore`, the app's dialog when the database is damaged at start).
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty, Timestamp } from './values.ts';

export const BackupSummarySchema = z.strictObject({
  /** The file's name inside `folder`. */
  name: z.string().min(1).max(255),
  bytes: z.number().int().min(0),
  createdAt: Timestamp,
});
export type BackupSummary = z.infer<typeof BackupSummarySchema>;

export const backupCalls = {
  /** The newest backup (null: none yet), how many are kept, where, and why the last automatic one failed. */
  'backups.info': defineCall({
    request: Empty,
    response: z.strictObject({
      folder: z.string().max(4096),
      last: BackupSummarySchema.nullable(),
      count: z.number().int().min(0),
      keep: z.number().int().min(1),
      lastError: z.string().max(4000).nullable(),
    }),
  }),
  /** A verified backup now (SQLite online backup); the oldest beyond `keep` are removed. */
  'backups.create': defineCall({ request: Empty, response: BackupSummarySchema }),
} as const satisfies CallMap;
