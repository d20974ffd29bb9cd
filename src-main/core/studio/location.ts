// The facade's light entry: where the data folder is, without opening it. It loads no SQLite, sharp
// or AWS SDK (core/data-folder's index is light), so `easel data where`, `--help` and usage errors
// answer at once and the shell can find its folder before it opens the studio.
export { resolveDataLocation } from '../data-folder/index.ts';
export type { DataLocation } from '../data-folder/index.ts';
