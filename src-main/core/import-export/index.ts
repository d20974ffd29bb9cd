// Import of image files into the library (copied, or indexed in place), export of library images
// to a folder, and the user's "check library". Plain Node (fs, sharp, worker threads); no Electron.
// Called by the facade (core/studio/image-files.ts).
export { importFiles } from './import.ts';
export type { ImportDeps, ImportOptions, ImportProgress, ImportResult, ImportResultMetadata } from './import.ts';
export { MAX_IMPORT_BYTES } from './file-checks.ts';
export { IMPORT_EXTENSIONS, hasImageExtension } from './folder-list.ts';
export type { ImportMode } from './analyse.ts';
export { ImportWorkerPool, DEFAULT_FILE_TIMEOUT_MS } from './worker-pool.ts';
export type { WorkerPoolOptions } from './worker-pool.ts';
export { exportImages } from './export.ts';
export type {
  ExportDeps,
  ExportOptions,
  ExportFileResult,
  ExportResult,
  ExportSidecar,
  OverwritePolicy,
} from './export.ts';
export { checkLibrary } from './check.ts';
export type { CheckDeps, CheckOptions, CheckReport } from './check.ts';
export { rescanFolder, syncPaths } from './folder-sync.ts';
export type { FolderSync } from './folder-sync.ts';
export { FolderWatcher } from './folder-watch.ts';
export type { FolderChanges } from './folder-watch.ts';
export type { FileAnalysis } from './analyse.ts';
