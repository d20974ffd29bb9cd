// Image files in and out of the library: import (with the generation metadata they carry), export
// under template names, and the library check (database against files, with repair).
import {
  checkLibrary,
  exportImages,
  importFiles,
  type CheckReport,
  type ExportOptions,
  type ExportResult,
  type ImportResult,
  type ImportResultMetadata,
} from '../import-export/index.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { SourceTool } from '../metadata/index.ts';
import type { IntegrityReport } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

/**
 * One file's import result (= the CLI's `import --json` element). `metadata` is present when the
 * file carried generation metadata of a tool Easel reads (or unrecognised text chunks: 'unknown');
 * a plain image has none. A seed beyond 2^53 is a decimal string in `seed`, repeated in `seedText`.
 */
export interface ImportFileResult extends Omit<ImportResult, 'metadata'> {
  metadata?: Omit<ImportResultMetadata, 'sourceTool'> & { sourceTool: SourceTool; seedText?: string };
}

export interface ImportFilesOptions {
  /** After each file (results in order). */
  onProgress?: (progress: { done: number; total: number; result: ImportFileResult }) => void;
  /** Import the images inside folders and their subfolders (depth first, name order) instead of refusing folders. */
  recurse?: boolean;
  /**
   * Index the files where they are instead of copying them into the library. A folder given is
   * recorded (its own images indexed; with `recurse` its subfolders too) and watched while the app runs.
   */
  inPlace?: boolean;
  /** Stops before the next file; the files not reached are failed with code 'aborted'. */
  signal?: AbortSignal;
  /**
   * Tell the UI with an images.added event (imports it did not ask for itself: the File > Import…
   * menu). The renderer's own images.import call does not announce.
   */
  announce?: boolean;
}

/** The library check: the database's integrity_check, then its rows against the files. */
export interface LibraryCheckReport extends CheckReport {
  integrity: IntegrityReport;
}

export class ImageFileCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  /**
   * Copies image files into the library (content-addressed; the same bytes twice → `duplicateOf`)
   * and reads their generation metadata (Easel, A1111/Forge, ComfyUI, InvokeAI, NovelAI, Fooocus).
   * Never throws for a bad file: each gets a failed result with a message naming it.
   */
  async importFiles(files: readonly string[], options: ImportFilesOptions = {}): Promise<ImportFileResult[]> {
    this.#ctx.assertOpen();
    const { onProgress } = options;
    const results = (
      await importFiles({ ...this.#ctx.storage, pool: this.#ctx.importPool() }, files, {
        ...(options.recurse === undefined ? {} : { recurse: options.recurse }),
        ...(options.inPlace ? { mode: 'in-place' as const } : {}),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(onProgress
          ? { onProgress: (p) => onProgress({ done: p.done, total: p.total, result: studioImportResult(p.result) }) }
          : {}),
      })
    ).map(studioImportResult);
    if (options.announce) {
      const imageIds = importedIds(results);
      if (imageIds.length > 0) this.#ctx.emit({ name: 'images.added', payload: { imageIds } });
    }
    return results;
  }

  /** Copies images (ids or a collection) to a folder under template names (thin wrapper, used by the CLI). */
  exportImages(options: ExportOptions): Promise<ExportResult> {
    this.#ctx.assertOpen();
    return exportImages(this.#ctx.storage, options);
  }

  /**
   * Runs SQLite's integrity_check (`integrity`: which table or index is damaged, what to do), then
   * compares the database with the files: missing files, orphans, temp files, missing thumbnails;
   * with `repair`, fixes them (orphans adopted, dead rows removed, thumbnails regenerated). The
   * report's `summary` has one readable line per finding or repair.
   * @throws EaselError 'database-damaged' for a repair of a damaged database (it is not written to)
   */
  async checkLibrary(options: { repair?: boolean } = {}): Promise<LibraryCheckReport> {
    this.#ctx.assertOpen();
    if (options.repair) this.#ctx.refuseWhileShared('repair the library');
    const integrity = this.#ctx.storage.integrity();
    if (options.repair && !integrity.ok)
      throw new EaselError(
        'database-damaged',
        `The database ${this.#ctx.storage.paths.database} is damaged, so Easel will not repair the library in it: ${integrity.summary.slice(1).join(' ')}`,
      );
    return { ...(await checkLibrary(this.#ctx.storage, { repair: options.repair ?? false })), integrity };
  }
}

/** The ids of the images an import added or found already there. */
export function importedIds(results: readonly ImportFileResult[]): string[] {
  return results.flatMap((r) => (r.imageId === undefined ? [] : [r.imageId]));
}

/** The import-export module's result with the facade's metadata rule (see ImportFileResult). */
function studioImportResult(result: ImportResult): ImportFileResult {
  const { metadata, ...rest } = result;
  if (!metadata || metadata.sourceTool === null) return rest;
  const { sourceTool, ...fields } = metadata;
  return {
    ...rest,
    metadata: { sourceTool, ...fields, ...(typeof fields.seed === 'string' ? { seedText: fields.seed } : {}) },
  };
}

export function imageFileHandlers(files: ImageFileCalls) {
  return {
    'images.import': async (req) => {
      const results = await files.importFiles(req.paths);
      return {
        imageIds: importedIds(results),
        failures: results.flatMap((r) =>
          r.status === 'failed'
            ? [{ path: r.file, error: r.error ?? { code: 'internal' as const, message: 'Import failed.' } }]
            : [],
        ),
      };
    },
    'images.export': async (req) => {
      const result = await files.exportImages({
        folder: req.folder,
        withMetadata: req.withMetadata,
        sidecar: req.sidecar,
        ...(req.imageIds === undefined ? {} : { imageIds: req.imageIds }),
        ...(req.collectionId === undefined ? {} : { collectionId: req.collectionId }),
        ...(req.template === undefined ? {} : { template: req.template }),
        ...(req.overwrite === undefined ? {} : { overwrite: req.overwrite }),
      });
      return { folder: result.folder, files: result.files, totals: result.totals };
    },
    'library.check': async (req) => {
      const check = await files.checkLibrary({ repair: req.repair });
      return {
        checkedRows: check.checkedRows,
        checkedFiles: check.checkedFiles,
        missingFiles: check.missingFiles.length,
        orphanFiles: check.orphanFiles.length,
        orphanThumbs: check.orphanThumbs.length,
        tempFiles: check.tempFiles.length,
        repaired: req.repair,
        integrity: {
          ok: check.integrity.ok,
          problems: check.integrity.problems,
          summary: check.integrity.summary,
        },
      };
    },
  } satisfies Pick<StudioHandlers, 'images.import' | 'images.export' | 'library.check'>;
}
