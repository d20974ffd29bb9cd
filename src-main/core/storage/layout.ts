// The layout inside a data folder: the database, content-addressed originals, thumbnails and the
// temp folder of atomic writes, and the spool of answers received but not yet saved. Where the data folder itself is lives in core/data-folder.
import { join } from 'node:path';

export interface DataPaths {
  root: string;
  database: string;
  library: string;
  thumbs: string;
  tmp: string;
  spool: string;
  /** Verified copies of the database (core/storage/backups.ts). */
  backups: string;
  /** Written at the first open: a data folder that has it once had a library (damage.ts). */
  databaseMarker: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: join(root, 'easel.db'),
    library: join(root, 'library'),
    thumbs: join(root, 'thumbs'),
    tmp: join(root, 'tmp'),
    spool: join(root, 'spool'),
    backups: join(root, 'backups'),
    databaseMarker: join(root, 'easel.db.id'),
  };
}

export const IMAGE_EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/** Relative (to the data folder, forward slashes) path of a stored image. */
export function imageRelPath(sha256: string, format: keyof typeof IMAGE_EXTENSIONS): string {
  return `library/${sha256.slice(0, 2)}/${sha256}.${IMAGE_EXTENSIONS[format]}`;
}

/** Relative path of an image's 256 px WebP thumbnail. */
export function thumbRelPath(sha256: string): string {
  return `thumbs/${sha256.slice(0, 2)}/${sha256}.webp`;
}
