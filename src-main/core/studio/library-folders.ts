// Folders indexed in place ("Add folder", `easel import --in-place`): adding one, watching the
// folders while the app runs (new images appear, moved or deleted ones show as missing), "Copy
// into library", and the file behind an in-place image for the image protocol (its thumbnail made
// on first display, in the import worker pool, and cached in thumbs/).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImageRecord } from '../../../src-shared/domain.ts';
import { EaselError, toErrorData, type ErrorData } from '../../../src-shared/errors.ts';
import {
  FolderWatcher,
  importFiles,
  rescanFolder,
  syncPaths,
  type FileAnalysis,
  type FolderSync,
  type ImportDeps,
  type ImportResult,
} from '../import-export/index.ts';
import { thumbRelPath, type LibraryFolder } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export interface AddFolderResult {
  folder: LibraryFolder;
  results: ImportResult[];
}

export class LibraryFolderCalls {
  readonly #ctx: StudioContext;
  #watcher: FolderWatcher | null = null;
  /** Syncs run one after another (a rescan and a watcher's batch never interleave). */
  #syncing: Promise<unknown> = Promise.resolve();

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  /** Indexes a folder's images in place (with `recursive`, its subfolders too) and watches it when watching. */
  async addFolder(folder: string, options: { recursive?: boolean } = {}): Promise<AddFolderResult> {
    this.#ctx.assertOpen();
    const path = resolve(folder);
    if (!(await stat(path).catch(() => null))?.isDirectory())
      throw new EaselError('validation', `${path} is not a folder.`, { field: 'folder' });
    const recursive = options.recursive ?? true;
    const results = await this.#serially(() =>
      importFiles(this.#deps(), [path], { mode: 'in-place', recurse: recursive }),
    );
    const added = this.#ctx.storage.inPlace.folders().find((f) => f.path === path);
    if (!added) throw new EaselError('internal', `The folder ${path} was not recorded.`);
    this.#watcher?.watch(added);
    return { folder: added, results };
  }

  /** The folders added in place. */
  libraryFolders(): LibraryFolder[] {
    return this.#ctx.storage.inPlace.folders();
  }

  /**
   * Starts watching every folder added in place (the app, not the one-shot CLI): each is rescanned
   * first (files moved or deleted while Easel was closed show as missing), then watched.
   */
  async watchLibraryFolders(options: { quietMs?: number } = {}): Promise<FolderSync[]> {
    this.#watcher ??= new FolderWatcher((folder, paths) => {
      void this.#serially(() => syncPaths(this.#deps(), folder, paths)).then(
        (sync) => this.#announce(sync),
        () => undefined,
      );
    }, options);
    const syncs: FolderSync[] = [];
    for (const folder of this.libraryFolders()) {
      this.#watcher.watch(folder);
      const sync = await this.#serially(() => rescanFolder(this.#deps(), folder));
      this.#announce(sync);
      syncs.push(sync);
    }
    return syncs;
  }

  /** Stops watching (the studio's close); resolves once the sync under way has ended. */
  async stopWatchingFolders(): Promise<void> {
    this.#watcher?.close();
    this.#watcher = null;
    await this.#syncing;
  }

  /** Copies images indexed in place into library/ (the bytes checked against the recorded hash). */
  async copyIntoLibrary(
    imageIds: readonly string[],
  ): Promise<{ copied: number; failures: { imageId: string; error: ErrorData }[] }> {
    this.#ctx.assertOpen();
    let copied = 0;
    const failures: { imageId: string; error: ErrorData }[] = [];
    for (const imageId of imageIds) {
      try {
        if (await this.#copyOne(this.#ctx.storage.images.get(imageId))) copied++;
      } catch (error) {
        failures.push({ imageId, error: toErrorData(error) });
      }
    }
    if (copied > 0) this.#ctx.emit({ name: 'images.updated', payload: { imageIds: [...imageIds] } });
    return { copied, failures };
  }

  async #copyOne(image: ImageRecord): Promise<boolean> {
    const source = image.externalPath;
    if (!source) return false; // already in the library
    const task = { kind: 'analyse', file: source, mode: 'copy', dataDir: this.#ctx.dataDir } as const;
    const { image: stored } = await this.#ctx.importPool().run<FileAnalysis>(task, source);
    if (stored.sha256 !== image.sha256)
      throw new EaselError(
        'validation',
        `${source} has changed since it was indexed, so it is not the image in the library any more. Its folder's next scan indexes the new file.`,
      );
    this.#ctx.storage.inPlace.copiedIntoLibrary(image.id, stored.path);
    return true;
  }

  #deps(): ImportDeps {
    return { ...this.#ctx.storage, pool: this.#ctx.importPool() };
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#syncing.then(work, work);
    this.#syncing = next.catch(() => undefined);
    return next;
  }

  #announce(sync: FolderSync): void {
    if (sync.added.length > 0) this.#ctx.emit({ name: 'images.added', payload: { imageIds: sync.added } });
    if (sync.updated.length > 0) this.#ctx.emit({ name: 'images.updated', payload: { imageIds: sync.updated } });
  }
}

/**
 * The file behind an in-place image for the image protocol: its own file (null when missing), or
 * its thumbnail, made in the worker pool on first display and cached (also while the file is missing).
 */
export async function resolveInPlaceFile(
  ctx: StudioContext,
  image: ImageRecord & { externalPath: string },
  variant: 'full' | 'thumb',
): Promise<{ filePath: string; mimeType: string; inPlace?: true } | null> {
  if (variant === 'thumb') {
    const cached = ctx.storage.store.absolute(thumbRelPath(image.sha256));
    if ((await stat(cached).catch(() => null))?.isFile()) return { filePath: cached, mimeType: 'image/webp' };
    if (image.missing) return null;
    try {
      const task = {
        kind: 'thumbnail',
        sha256: image.sha256,
        source: image.externalPath,
        dataDir: ctx.dataDir,
      } as const;
      return { filePath: await ctx.importPool().run<string>(task, image.externalPath), mimeType: 'image/webp' };
    } catch {
      return null;
    }
  }
  if (image.missing || !(await stat(image.externalPath).catch(() => null))?.isFile()) return null;
  return { filePath: image.externalPath, mimeType: `image/${image.format}`, inPlace: true };
}

export function libraryFolderHandlers(folders: LibraryFolderCalls) {
  return {
    'images.addFolder': async (req) => {
      const { results } = await folders.addFolder(req.folder, { recursive: req.recursive ?? true });
      const failures = results.flatMap((r) =>
        r.status === 'failed'
          ? [{ path: r.file, error: r.error ?? { code: 'internal' as const, message: 'Import failed.' } }]
          : [],
      );
      return { indexed: results.length - failures.length, failed: failures.length, failures: failures.slice(0, 100) };
    },
    'images.copyIntoLibrary': (req) => folders.copyIntoLibrary(req.imageIds),
  } satisfies Pick<StudioHandlers, 'images.addFolder' | 'images.copyIntoLibrary'>;
}
