// Keeping a folder indexed in place in step with the disk: a full rescan (when the app opens, and
// when a folder is added again) and the paths a watcher reported. New and changed images are
// indexed (importFiles, in place); rows whose file is gone are marked missing, never dropped; the
// same bytes found at a new path relink their row (a move, the library's insertOrGet rule).
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { LibraryFolder } from '../storage/index.ts';
import { hasImageExtension, listFolder } from './folder-list.ts';
import { importFiles, type ImportDeps, type ImportResult } from './import.ts';

export interface FolderSync {
  /** Images created by this sync. */
  added: string[];
  /** Rows whose state changed: found missing, found again, or moved. */
  updated: string[];
  results: ImportResult[];
}

/** Indexes every image of the folder and marks the rows whose file is gone. */
export async function rescanFolder(deps: ImportDeps, folder: LibraryFolder): Promise<FolderSync> {
  const entries = await listFolder(folder.path, folder.recursive);
  const present = new Set(entries.map((e) => e.file));
  const gone = deps.inPlace
    .filesUnder(folder.path)
    .filter((row) => !row.missing && !present.has(row.path) && inScope(folder, row.path));
  return finish(
    deps,
    [...present],
    gone.map((row) => row.imageId),
  );
}

/** Brings the paths a watcher reported (files or folders, created, changed or removed) up to date. */
export async function syncPaths(
  deps: ImportDeps,
  folder: LibraryFolder,
  paths: readonly string[],
): Promise<FolderSync> {
  const toIndex = new Set<string>();
  const gone = new Set<string>();
  for (const path of new Set(paths)) {
    if (!inScope(folder, path)) continue;
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) {
      if (hasImageExtension(path)) toIndex.add(path);
    } else if (info?.isDirectory()) {
      for (const entry of await listFolder(path, folder.recursive)) toIndex.add(entry.file);
    } else {
      // Gone: a file, or a whole folder moved away or deleted.
      const row = deps.inPlace.fileAt(path);
      if (row && !row.missing) gone.add(row.imageId);
      for (const under of deps.inPlace.filesUnder(path)) if (!under.missing) gone.add(under.imageId);
    }
  }
  return finish(deps, [...toIndex], [...gone]);
}

async function finish(deps: ImportDeps, files: string[], goneIds: string[]): Promise<FolderSync> {
  const before = new Map(files.map((file) => [file, deps.inPlace.fileAt(file)]));
  const missing = new Set(goneIds);
  deps.inPlace.markMissing(goneIds);
  const results = files.length === 0 ? [] : await importFiles(deps, files, { mode: 'in-place' });
  const added: string[] = [];
  const updated = new Set(missing);
  for (const result of results) {
    if (result.imageId === undefined) continue;
    if (result.duplicateOf === undefined) added.push(result.imageId);
    else if (before.get(result.file)?.imageId !== result.imageId || before.get(result.file)?.missing)
      updated.add(result.imageId);
  }
  return { added, updated: [...updated], results };
}

/** A path the folder covers: below it, and directly inside it unless the folder is recursive. */
function inScope(folder: LibraryFolder, path: string): boolean {
  const prefix = folder.path.endsWith(sep) ? folder.path : folder.path + sep;
  if (!path.startsWith(prefix)) return false;
  return folder.recursive || !path.slice(prefix.length).includes(sep);
}
