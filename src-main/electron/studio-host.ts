// The facade as the shell sees it: contract handlers, an event stream, the image resolver and
// import. Plain code (no electron import) so that main.ts and the test bridge share it.
import path from 'node:path';
import type { StudioHandlers } from '../../src-shared/contract/index.ts';
import { EaselError } from '../../src-shared/errors.ts';
import type { Studio } from '../core/studio/index.ts';
import type { StudioHost } from './host.ts';
import type { ImageResolver } from './image-protocol.ts';

/**
 * What only the shell can do, for the calls the facade cannot answer alone. Electron passes
 * shell.showItemInFolder and a relaunch; the test bridge records the requests. Without a hook the
 * call fails with a plain message (the facade's handler).
 */
export interface ShellPlatform {
  /** Show this file (absolute path, resolved here in main) selected in the file manager. */
  showItemInFolder?(absolutePath: string): void | Promise<void>;
  /** Restart in demo mode; resolves true when a restart is under way. */
  startDemo?(): boolean | Promise<boolean>;
  /** Restart the app as it was started (after a data-folder move); resolves true when under way. */
  relaunch?(): boolean | Promise<boolean>;
  /** The system's folder picker: the chosen folder's absolute path, null when cancelled. */
  pickFolder?(title: string): Promise<string | null>;
}

function platformHandlers(studio: Studio, platform: ShellPlatform, resolve: ImageResolver): Partial<StudioHandlers> {
  const out: Partial<StudioHandlers> = {};
  const show = platform.showItemInFolder;
  if (show) {
    out['shell.reveal'] = async (req) => {
      if (req.imageId === undefined) {
        await show(studio.dataDir);
        return {};
      }
      // A video shows its MP4; any other item its image file.
      const file = (await resolve(req.imageId, 'video').catch(() => null)) ?? (await resolve(req.imageId, 'full'));
      if (file === null)
        throw new EaselError(
          'not-found',
          `Image ${req.imageId} has no file in the library (it may have been purged or moved). Run "easel check" to check the library.`,
        );
      await show(file.filePath);
      return {};
    };
  }
  const demo = platform.startDemo;
  if (demo) out['app.startDemo'] = async () => ({ restarting: await demo() });
  const relaunch = platform.relaunch;
  // A moved data folder is used from the next start: relaunch onto it at once.
  if (relaunch)
    out['data.move'] = async (req) => ({ ...(await studio.moveDataFolder(req.folder)), restarting: await relaunch() });
  const pick = platform.pickFolder;
  if (pick) {
    out['shell.capabilities'] = async () => ({ pickFolder: true });
    out['shell.pickFolder'] = async (req) => ({ folder: await pick(req.title) });
  }
  return out;
}

/**
 * Image id + variant → file: images through the facade's resolver; `video` through `video.asset`
 * (the MP4 beside a video's poster item; its path is relative to the data folder). Null for an id
 * that is not a video: the protocol answers 404.
 */
function resolverFor(studio: Studio, handlers: StudioHandlers): ImageResolver {
  return async (imageId, variant) => {
    if (variant !== 'video') return studio.resolveImageFile(imageId, variant);
    try {
      const asset = await handlers['video.asset']({ imageId });
      return { filePath: path.resolve(studio.dataDir, asset.path), mimeType: 'video/mp4' };
    } catch (error) {
      if (error instanceof EaselError && error.code === 'not-found') return null;
      throw error;
    }
  };
}

export function hostFromStudio(studio: Studio, platform: ShellPlatform = {}): StudioHost {
  const resolveImage = resolverFor(studio, studio.handlers);
  return {
    handlers: { ...studio.handlers, ...platformHandlers(studio, platform, resolveImage) },
    // The facade's events are already the contract's (job.updated, images.added): forwarded as they are.
    subscribe: (listener) => studio.onEvent(listener),
    resolveImage,
    // Full images live in <data>/library and thumbnails in <data>/thumbs: both under the data folder.
    libraryRoot: studio.dataDir,
    dataDir: studio.dataDir,
    async importFiles(paths) {
      // Not the renderer's own call: the facade announces the new images (images.added).
      const results = await studio.importFiles(paths, { announce: true });
      return { imageIds: results.flatMap((result) => (result.imageId === undefined ? [] : [result.imageId])) };
    },
    close: () => studio.close(),
  };
}
