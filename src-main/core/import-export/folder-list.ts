// The image files under a folder, for `recurse` and for folders indexed in place.
import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { EaselError } from '../../../src-shared/errors.ts';
import { statError } from './file-checks.ts';

/** Extensions looked at inside folders when recursing (others are ignored, not reported). */
export const IMPORT_EXTENSIONS = [
  '.png',
  '.jpg',
  '.jpeg',
  '.jfif',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
];

/** A name Easel looks at inside a folder. */
export function hasImageExtension(name: string): boolean {
  return IMPORT_EXTENSIONS.includes(extname(name).toLowerCase());
}

export interface FolderEntry {
  file: string;
  error?: EaselError;
}

/**
 * Images in a folder (and, `recursive`, below it), sorted, depth first; links to folders are not
 * followed (no cycles).
 */
export async function listFolder(folder: string, recursive = true): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real)) return;
    seen.add(real);
    let names: Dirent[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (cause) {
      out.push({ file: dir, error: await statError(dir, cause as NodeJS.ErrnoException) });
      return;
    }
    // A dirent tells a folder without a stat per file; a link (to a folder) is not a folder here.
    for (const entry of names) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(path);
      } else if (hasImageExtension(entry.name)) out.push({ file: path });
    }
  };
  await walk(folder);
  return out;
}
