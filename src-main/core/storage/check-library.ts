// "Check library": compares the images table with the files under library/, thumbs/ and tmp/.
// Reports rows whose file is gone, files no row knows (orphans), stray thumbnails and temp files
// left by a crash; with `repair` it makes the two agree without losing anything paid for:
// orphan image files are adopted as library images (a crash between the file write and the
// database commit leaves exactly such a file), rows whose file is gone are removed (their job
// and spend records stay), stray thumbnails and stale temp files are deleted.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.ts';
import { ImagesRepo } from './images-repo.ts';
import { listShardedFiles, type ImageStore } from './image-store.ts';
import { thumbRelPath } from './layout.ts';
import { toId } from './rows.ts';

export interface CheckLibraryOptions {
  repair?: boolean;
  /** Temp files younger than this may belong to a write in progress (another process); default 10 minutes. */
  tempGraceMs?: number;
}

export interface LibraryCheck {
  checkedRows: number;
  checkedFiles: number;
  /** Rows whose file is missing. */
  missingFiles: { imageId: string; sha256: string; path: string }[];
  /** Files under library/ that no row points at (relative paths). */
  orphanFiles: string[];
  /** Thumbnails whose image has no row. */
  orphanThumbs: string[];
  /** Leftover temp files in tmp/. */
  tempFiles: string[];
  /** Filled when repairing. */
  repair: {
    adopted: { imageId: string; path: string }[];
    /** Orphans that could not be read as images: left in place for the user to look at. */
    unreadable: string[];
    removedRows: number;
    deletedFiles: number;
  } | null;
}

const IMAGE_FILE = /^library\/([0-9a-f]{2})\/([0-9a-f]{64})\.(png|jpg|webp)$/;
const THUMB_FILE = /^thumbs\/[0-9a-f]{2}\/([0-9a-f]{64})\.webp$/;

export async function checkLibrary(
  db: Db,
  store: ImageStore,
  options: CheckLibraryOptions = {},
): Promise<LibraryCheck> {
  const rows = db
    .prepare<[], { id: number; sha256: string; path: string; external: 0 | 1 }>(
      'SELECT id, sha256, path, external_path IS NOT NULL AS external FROM images',
    )
    .all();
  // A video's MP4 sits under library/ beside its poster image (migration 006).
  const knownPaths = new Set<string>(
    db
      .prepare<[], { path: string }>('SELECT path FROM videos')
      .all()
      .map((r) => r.path),
  );
  const knownShas = new Set<string>();
  const missingFiles: LibraryCheck['missingFiles'] = [];
  for (const row of rows) {
    knownPaths.add(row.path);
    knownShas.add(row.sha256);
    // An image indexed in place has no file in library/ (a missing one is marked by the folder scan).
    if (row.external === 1) continue;
    const file = await stat(store.absolute(row.path)).catch(() => null);
    if (!file?.isFile()) missingFiles.push({ imageId: toId(row.id), sha256: row.sha256, path: row.path });
  }

  const files = await listShardedFiles(store.paths.library, 'library');
  const orphanFiles = files.filter((f) => !knownPaths.has(f));
  const thumbs = await listShardedFiles(store.paths.thumbs, 'thumbs');
  const orphanThumbs = thumbs.filter((t) => {
    const match = THUMB_FILE.exec(t);
    return !match || !knownShas.has(match[1] ?? '');
  });
  const grace = options.tempGraceMs ?? 600_000;
  const tempFiles: string[] = [];
  for (const name of await readdir(store.paths.tmp).catch(() => [])) {
    const info = await stat(join(store.paths.tmp, name)).catch(() => null);
    if (info && Date.now() - info.mtimeMs >= grace) tempFiles.push(`tmp/${name}`);
  }

  const report: LibraryCheck = {
    checkedRows: rows.length,
    checkedFiles: files.length,
    missingFiles,
    orphanFiles,
    orphanThumbs,
    tempFiles,
    repair: null,
  };
  if (!options.repair) return report;

  const images = new ImagesRepo(db);
  const repair: NonNullable<LibraryCheck['repair']> = { adopted: [], unreadable: [], removedRows: 0, deletedFiles: 0 };
  // Missing files first: a row pointing at a missing file may share its hash with an orphan of another extension.
  repair.removedRows = images.deleteRows(missingFiles.map((m) => m.imageId));
  for (const missing of missingFiles) {
    // Its thumbnail would otherwise become a stray; an orphan of the same hash makes a new one.
    await rm(store.absolute(thumbRelPath(missing.sha256)), { force: true });
  }
  for (const rel of orphanFiles) {
    const match = IMAGE_FILE.exec(rel);
    try {
      const bytes = await readFile(store.absolute(rel));
      const stored = await store.put(bytes);
      const { image, created } = images.insertOrGet({
        ...stored,
        source: 'imported',
        metadata: { recoveredBy: 'check-library', originalPath: rel },
      });
      if (stored.path !== rel || !match || match[2] !== stored.sha256) {
        await rm(store.absolute(rel), { force: true }); // misnamed: now stored under its real name
        repair.deletedFiles++;
      }
      if (created) repair.adopted.push({ imageId: image.id, path: image.path });
    } catch {
      repair.unreadable.push(rel);
    }
  }
  for (const rel of [...orphanThumbs, ...tempFiles]) {
    await rm(store.absolute(rel), { force: true });
    repair.deletedFiles++;
  }
  report.repair = repair;
  return report;
}
