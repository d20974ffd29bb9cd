// App and shell calls: about, demo mode, revealing files in the system file manager, picking a folder.
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty, IdSchema } from './values.ts';

export const appCalls = {
  /** About/settings screen: version, where data lives (display only), demo mode (emulator). */
  'app.info': defineCall({
    request: Empty,
    response: z.strictObject({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      demoMode: z.boolean(),
      /** Another Easel process (the app, a CLI) holds this data folder: this one skipped crash recovery. */
      otherProcess: z
        .strictObject({
          pid: z.number().int().positive(),
          hostname: z.string().max(300),
          startedAt: z.string().max(40),
        })
        .nullable()
        .optional(),
    }),
  }),
  /** Restart in demo mode (the built-in emulator, a separate data folder). Done by the shell. */
  'app.startDemo': defineCall({
    request: Empty,
    response: z.strictObject({ restarting: z.boolean() }),
  }),
  /**
   * Shows an image's file (or, without imageId, the data folder) in the system file manager. Done by
   * the shell (Electron: shell.showItemInFolder); no path ever reaches the renderer.
   */
  'shell.reveal': defineCall({
    request: z.strictObject({ imageId: IdSchema.optional() }),
    response: Empty,
  }),
  /** What this shell can do besides the facade: Electron picks folders natively; the browser bridge cannot. */
  'shell.capabilities': defineCall({
    request: Empty,
    response: z.strictObject({ pickFolder: z.boolean() }),
  }),
  /**
   * The system's folder picker (Electron: dialog.showOpenDialog). `folder` is the absolute path the
   * user chose, null when they cancelled. Refused where `shell.capabilities` says pickFolder: false.
   */
  'shell.pickFolder': defineCall({
    request: z.strictObject({ title: z.string().max(200) }),
    response: z.strictObject({ folder: z.string().max(4096).nullable() }),
  }),
} as const satisfies CallMap;
