// The data folder as the UI and the CLI see it: where it is, where it was moved from, whether it
// may move from here, and moving it (core/data-folder copies, verifies and writes the pointer).
import { EaselError } from '../../../src-shared/errors.ts';
import {
  moveDataFolder,
  PREVIOUS_DATA_DIR_SETTING,
  type DataMoveProgress,
  type DataMoveResult,
} from '../data-folder/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export class DataFolderCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  /** The data folder (database, library, thumbnails). */
  get dataDir(): string {
    return this.#ctx.dataDir;
  }

  /** Where a move would write its pointer (null: the folder was chosen with EASEL_HOME or --data-dir). */
  get locationFile(): string | null {
    return this.#ctx.locationFile ?? null;
  }

  /**
   * Copies the data folder to `folder` (absolute; empty or not there; not inside the current one),
   * verifies the copy and points the app and the CLI at it from their next start. The old folder
   * is left in place (the new database remembers it in `data.previousDir`). Only the process that
   * holds the folder's lock may move it, with no other process on it and no job queued or running.
   * Work that writes files is refused from the start of the move on (restart to use the new folder).
   * @throws EaselError 'validation' (where it may not go, demo mode, EASEL_HOME), 'io' (another
   * process, jobs, space, a failed copy: then the partial copy is removed and nothing changes).
   */
  async moveDataFolder(
    folder: string,
    options: { onProgress?: (progress: DataMoveProgress) => void } = {},
  ): Promise<DataMoveResult> {
    const ctx = this.#ctx;
    ctx.assertOpen();
    const refusal = this.dataMoveRefusal();
    if (refusal !== null || ctx.locationFile === undefined)
      throw new EaselError('validation', refusal ?? 'The data folder cannot be moved from here.');
    ctx.refuseWhileShared('move the data folder');
    const active = ctx.storage.generations.list({
      statuses: ['queued', 'sending', 'waiting', 'saving'],
      limit: 1000,
    }).length;
    if (active > 0) {
      throw new EaselError(
        'io',
        `${active} image${active === 1 ? ' is' : 's are'} still being generated. Wait for ${active === 1 ? 'it' : 'them'} to finish (or cancel ${active === 1 ? 'it' : 'them'}), then move the data folder.`,
      );
    }
    ctx.setMoving({ to: folder, done: false });
    try {
      const result = await moveDataFolder({
        db: ctx.storage.db,
        from: ctx.dataDir,
        to: folder,
        locationFile: ctx.locationFile,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      ctx.setMoving({ to: result.to, done: true });
      return result;
    } catch (error) {
      ctx.setMoving(null);
      throw error;
    }
  }

  /** Why this data folder cannot be moved from here at all (demo mode, EASEL_HOME), or null. */
  dataMoveRefusal(): string | null {
    if (this.#ctx.demoMode)
      return 'Demo mode keeps its own data folder. Quit demo mode (restart Easel) to move your data folder.';
    if (this.#ctx.locationFile === undefined)
      return `This data folder was chosen with EASEL_HOME (or --data-dir), so Easel cannot move it. Quit Easel, move the folder yourself and change EASEL_HOME.`;
    return null;
  }

  /** The folder this data folder was moved from (still on disk until the user deletes it), or null. */
  previousDataDir(): string | null {
    return this.#ctx.storage.settings.read(PREVIOUS_DATA_DIR_SETTING);
  }
}

export function dataFolderHandlers(data: DataFolderCalls) {
  return {
    'data.info': async () => {
      const reason = data.dataMoveRefusal();
      return {
        dataDir: data.dataDir,
        previousDir: data.previousDataDir(),
        movable: reason === null,
        notMovableReason: reason,
      };
    },
    // The shell wraps this to relaunch onto the new folder (hostFromStudio's platform.relaunch).
    'data.move': async (req) => ({ ...(await data.moveDataFolder(req.folder)), restarting: false }),
  } satisfies Pick<StudioHandlers, 'data.info' | 'data.move'>;
}
