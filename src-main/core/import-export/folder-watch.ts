// Watching folders indexed in place: node's fs.watch (recursive on Linux, macOS and Windows since
// Node 20), whose events only say "something happened at this name", so they are collected per
// folder for a short quiet time and handed over as paths to bring up to date (folder-sync.ts).
// A folder that cannot be watched (gone, no permission) is reported once and skipped.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { LibraryFolder } from '../storage/index.ts';

export type FolderChanges = (folder: LibraryFolder, paths: string[]) => void;

export class FolderWatcher {
  readonly #onChanges: FolderChanges;
  readonly #quietMs: number;
  readonly #watchers = new Map<string, { watcher: FSWatcher; timer: NodeJS.Timeout | null; paths: Set<string> }>();

  constructor(onChanges: FolderChanges, options: { quietMs?: number } = {}) {
    this.#onChanges = onChanges;
    this.#quietMs = options.quietMs ?? 300;
  }

  /** Starts watching (again: nothing changes). Returns false when the folder cannot be watched. */
  watch(folder: LibraryFolder): boolean {
    if (this.#watchers.has(folder.path)) return true;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder.path, { recursive: folder.recursive, persistent: false });
    } catch {
      return false;
    }
    const entry = { watcher, timer: null as NodeJS.Timeout | null, paths: new Set<string>() };
    watcher.on('change', (_event, name) => {
      entry.paths.add(name === null ? folder.path : join(folder.path, name.toString()));
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = setTimeout(() => {
        entry.timer = null;
        const paths = [...entry.paths];
        entry.paths.clear();
        this.#onChanges(folder, paths);
      }, this.#quietMs);
    });
    // The folder itself went away: its rows are found missing by the next rescan.
    watcher.on('error', () => this.unwatch(folder.path));
    this.#watchers.set(folder.path, entry);
    return true;
  }

  unwatch(path: string): void {
    const entry = this.#watchers.get(path);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.watcher.close();
    this.#watchers.delete(path);
  }

  close(): void {
    for (const path of [...this.#watchers.keys()]) this.unwatch(path);
  }
}
