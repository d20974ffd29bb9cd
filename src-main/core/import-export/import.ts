// Import: PNG/JPEG/WebP files into the library, copied (content-addressed, into library/) or
// indexed in place (the file stays in the user's folder), with the generation metadata other tools
// (and Easel) wrote into them, each recorded as an image with source 'imported'. The per-file work
// runs in worker threads (worker-pool.ts, analyse.ts) with a time limit per file; the main thread
// only lists folders and writes rows, one transaction per batch. One result per file: a bad file
// never stops the rest.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ErrorData } from '../../../src-shared/errors.ts';
import type { Db, ExternalFile, ImagesRepo, InPlaceRepo, PromptsRepo } from '../storage/index.ts';
import type { SourceTool } from '../metadata/index.ts';
import type { FileAnalysis, ImportMode } from './analyse.ts';
import { listFolder, type FolderEntry } from './folder-list.ts';
import { failedResult, recordBatch, resultMetadata, type AnalysedFile } from './import-rows.ts';
import { ImportWorkerPool } from './worker-pool.ts';

/** What import needs; an open `Storage` satisfies it. */
export interface ImportDeps {
  db: Db;
  paths: { root: string };
  images: ImagesRepo;
  prompts: PromptsRepo;
  inPlace: InPlaceRepo;
  /** The worker threads to use (the facade keeps one pool); without it a pool lives for this call. */
  pool?: ImportWorkerPool;
}

/** The `metadata` of an import result: the CLI's `import --json` shape. Absent values are null. */
export interface ImportResultMetadata {
  /** null when the file carries no generation metadata. */
  sourceTool: SourceTool | null;
  prompt: string | null;
  negativePrompt: string | null;
  /**
   * A number when it is exact in JSON/JavaScript (≤ 2^53); a larger seed (Fooocus, ComfyUI
   * 64-bit seeds) is its exact decimal text as a string.
   */
  seed: number | string | null;
  steps: number | null;
  cfgScale: number | null;
  sampler: string | null;
  /** The noise schedule when the tool states it apart from the sampler (A1111 "Schedule type", ComfyUI). */
  scheduler: string | null;
  model: string | null;
  /** The generation size the metadata states, else the file's own pixel size. */
  width: number | null;
  height: number | null;
}

export interface ImportResult {
  /** The path as given (for files found by `recurse`: the path under the given folder). */
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: ErrorData;
  /** Set when these exact bytes were already in the library: the existing image's id (= imageId). */
  duplicateOf?: string;
  metadata?: ImportResultMetadata;
}

export interface ImportProgress {
  /** Files finished so far (this one included). */
  done: number;
  total: number;
  result: ImportResult;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Import the images inside folders (and their subfolders) instead of refusing them. */
  recurse?: boolean;
  /** Stops before the next file; the files not reached are reported as failed with code 'aborted'. */
  signal?: AbortSignal;
  /** 'copy' (default): into library/; 'in-place': the files stay where they are (paths made absolute). */
  mode?: ImportMode;
  /** Per-file time limit when this call makes its own pool (default DEFAULT_FILE_TIMEOUT_MS). */
  fileTimeoutMs?: number;
}

/** Rows are written when this many files are analysed, or this long after the first of a batch. */
const BATCH_FILES = 64;
const BATCH_MS = 250;

export async function importFiles(
  deps: ImportDeps,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const mode = options.mode ?? 'copy';
  const entries = await listEntries(deps, paths, options.recurse ?? false, mode);
  const pool =
    deps.pool ??
    new ImportWorkerPool(options.fileTimeoutMs === undefined ? {} : { taskTimeoutMs: options.fileTimeoutMs });
  const results: ImportResult[] = [];
  const rows = new RowBatch(deps, options.signal, (result) => {
    results.push(result);
    options.onProgress?.({ done: results.length, total: entries.length, result });
  });
  try {
    await forEachLimited(entries, pool.size * 2, async (entry, index) => {
      const early = entryResult(deps, entry, mode, options.signal);
      if (early) return rows.settle(index, early);
      try {
        const task = { kind: 'analyse', file: entry.file, mode, dataDir: deps.paths.root } as const;
        rows.settle(index, { file: entry.file, mode, analysis: await pool.run<FileAnalysis>(task, entry.file) });
      } catch (error) {
        rows.settle(index, failedResult(entry.file, error));
      }
    });
    rows.flush();
  } finally {
    if (!deps.pool) await pool.close();
  }
  return results;
}

/** A file's result without analysing it: cancelled, a folder listing error, or unchanged in place. */
function entryResult(
  deps: ImportDeps,
  entry: FolderEntry & { unchanged?: string },
  mode: ImportMode,
  signal: AbortSignal | undefined,
): ImportResult | null {
  if (signal?.aborted)
    return {
      file: entry.file,
      status: 'failed',
      error: { code: 'aborted', message: 'The import was cancelled before this file.' },
    };
  if (entry.error) return { file: entry.file, status: 'failed', error: entry.error.toData() };
  if (mode !== 'in-place' || entry.unchanged === undefined) return null;
  const image = deps.images.find(entry.unchanged);
  if (!image) return null;
  const metadata = image.metadata as Parameters<typeof resultMetadata>[0];
  return {
    file: entry.file,
    status: 'imported',
    imageId: image.id,
    duplicateOf: image.id,
    metadata: resultMetadata(metadata?.sourceTool === null ? null : metadata, image.width, image.height),
  };
}

/**
 * The files to import. Folders: with `recurse` everything below them; in place also the images
 * directly inside (the folder is recorded for watching). In place, paths are absolute and a file
 * indexed before with the same size and time is not read again.
 */
async function listEntries(
  deps: ImportDeps,
  paths: readonly string[],
  recurse: boolean,
  mode: ImportMode,
): Promise<(FolderEntry & { unchanged?: string })[]> {
  const entries: FolderEntry[] = [];
  // In place: what the library already holds there, one query per folder (not one per file).
  const known = new Map<string, ExternalFile>();
  for (const given of paths) {
    const file = mode === 'in-place' ? resolve(given) : given;
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory() && (recurse || mode === 'in-place')) {
      if (mode === 'in-place') {
        deps.inPlace.addFolder(file, recurse);
        for (const row of deps.inPlace.filesUnder(file))
          if (!known.has(row.path) || !row.missing) known.set(row.path, row);
      }
      entries.push(...(await listFolder(file, recurse)));
    } else {
      entries.push({ file });
      const row = mode === 'in-place' ? deps.inPlace.fileAt(file) : null;
      if (row) known.set(file, row);
    }
  }
  if (known.size === 0) return entries;
  const out: (FolderEntry & { unchanged?: string })[] = [...entries];
  await forEachLimited(entries, 16, async (entry, index) => {
    const row = entry.error ? undefined : known.get(entry.file);
    if (row) out[index] = await withUnchanged(deps, entry, row);
  });
  return out;
}

async function withUnchanged(
  deps: ImportDeps,
  entry: FolderEntry,
  known: ExternalFile,
): Promise<FolderEntry & { unchanged?: string }> {
  const info = await stat(entry.file).catch(() => null);
  if (info && info.size === known.bytes && Math.trunc(info.mtimeMs) === known.mtimeMs) {
    if (known.missing) deps.inPlace.markFound(known.imageId);
    return { ...entry, unchanged: known.imageId };
  }
  // The file at this path changed: the bytes indexed before are no longer there.
  deps.inPlace.markMissing([known.imageId]);
  return entry;
}

/**
 * Files settle in any order (workers finish when they finish); rows are written and results
 * announced in the files' order, so the first of two identical files is the one created. Analysed
 * files wait for their rows until BATCH_FILES of them or BATCH_MS, then one transaction writes them.
 * With a signal each file is written on its own, so an abort stops before the next file.
 */
class RowBatch {
  readonly #deps: ImportDeps;
  readonly #signal: AbortSignal | undefined;
  readonly #publish: (result: ImportResult) => void;
  readonly #settled = new Map<number, ImportResult | AnalysedFile>();
  #next = 0;
  #pending: (ImportResult | AnalysedFile)[] = [];
  #analysed = 0;
  #since = 0;

  constructor(deps: ImportDeps, signal: AbortSignal | undefined, publish: (result: ImportResult) => void) {
    this.#deps = deps;
    this.#signal = signal;
    this.#publish = publish;
  }

  settle(index: number, outcome: ImportResult | AnalysedFile): void {
    this.#settled.set(index, outcome);
    for (let o = this.#settled.get(this.#next); o !== undefined; o = this.#settled.get(this.#next)) {
      this.#settled.delete(this.#next++);
      if (this.#pending.length === 0) this.#since = Date.now();
      this.#pending.push(o);
      if (!('status' in o)) this.#analysed++;
      const full = this.#analysed >= BATCH_FILES || Date.now() - this.#since >= BATCH_MS;
      if (full || this.#signal !== undefined) this.flush();
    }
  }

  flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    this.#analysed = 0;
    if (pending.length === 0) return;
    const aborted = this.#signal?.aborted ?? false;
    const toRecord = aborted ? [] : pending.filter((o): o is AnalysedFile => !('status' in o));
    const recorded = recordBatch(this.#deps, toRecord);
    let k = 0;
    for (const o of pending) {
      if ('status' in o) this.#publish(o);
      else if (aborted)
        this.#publish({
          file: o.file,
          status: 'failed',
          error: { code: 'aborted', message: 'The import was cancelled before this file.' },
        });
      else {
        const result = recorded[k++];
        if (result) this.#publish(result);
      }
    }
  }
}

/** Runs `fn` over the items with at most `limit` running at once. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
