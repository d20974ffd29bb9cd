// Public API of the `easel` command line (see README.md).
export { runCli, commandHelp } from './run.ts';
export type { RunOptions } from './run.ts';
export { EXIT } from './context.ts';
export type { CliIo, TextStream } from './io.ts';
export { loadManifest, ManifestError } from './manifest.ts';
export type { BatchItem, ManifestIssue } from './manifest.ts';
