// Import of image files into the library, export of library images to a folder, and the user's
// "check library". Plain Node (fs, sharp); no Electron. Called by the facade (core/studio/image-files.ts).
export { importFiles, MAX_IMPORT_BYTES, IMPORT_EXTENSIONS } from './import.ts';
export type { ImportDeps, ImportOptions, ImportProgress, ImportResult, ImportResultMetadata } from './import.ts';
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
