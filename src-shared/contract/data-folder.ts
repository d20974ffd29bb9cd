// The data folder: where it lives, moving it, and checking its files against the database.
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty } from './values.ts';

export const dataFolderCalls = {
  /**
   * Where the data lives: the folder, the one it was moved from (left on disk for the user to
   * delete), and whether it can be moved from here (not with EASEL_HOME, not in demo mode).
   */
  'data.info': defineCall({
    request: Empty,
    response: z.strictObject({
      dataDir: z.string().max(4096),
      previousDir: z.string().max(4096).nullable(),
      movable: z.boolean(),
      notMovableReason: z.string().max(1000).nullable(),
    }),
  }),
  /**
   * Copies the data folder to `folder` (absolute; empty or not there), verifies it, and makes it the
   * data folder from the next start; the old folder stays. `restarting`: the shell is relaunching
   * onto it (else: restart Easel to use it).
   */
  'data.move': defineCall({
    request: z.strictObject({ folder: z.string().min(1).max(4096) }),
    response: z.strictObject({
      from: z.string().max(4096),
      to: z.string().max(4096),
      files: z.number().int().min(0),
      bytes: z.number().int().min(0),
      restarting: z.boolean(),
    }),
  }),
  /**
   * The database's integrity_check, then its rows against the files. `repair` fixes the files
   * (orphans adopted, dead rows removed); refused ('database-damaged') when the database is damaged.
   */
  'library.check': defineCall({
    request: z.strictObject({ repair: z.boolean().default(false) }),
    response: z.strictObject({
      checkedRows: z.number().int(),
      checkedFiles: z.number().int(),
      missingFiles: z.number().int(),
      orphanFiles: z.number().int(),
      orphanThumbs: z.number().int(),
      tempFiles: z.number().int(),
      repaired: z.boolean(),
      /** SQLite's integrity_check: problems found, and readable lines (which table or index, what to do). */
      integrity: z.strictObject({
        ok: z.boolean(),
        problems: z.number().int().min(0),
        summary: z.array(z.string().max(2000)).max(200),
      }),
    }),
  }),
} as const satisfies CallMap;
