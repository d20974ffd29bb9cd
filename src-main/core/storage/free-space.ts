// Free space on the data folder's disk, and telling a full disk from other failures (a file write's
// ENOSPC or SQLite's SQLITE_FULL, however deeply wrapped).
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes available to this user on the file system that holds `path` (its nearest existing ancestor); null if unknown. */
export function freeBytes(path: string): number | null {
  let probe = path;
  for (;;) {
    try {
      const info = statfsSync(probe);
      return info.bavail * info.bsize;
    } catch {
      const parent = dirname(probe);
      if (parent === probe) return null;
      probe = parent;
    }
  }
}

/** True when the error (or any error in its cause chain) says the disk is full. */
export function isDiskFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Bytes as "12.3 MB" (decimal megabytes, as disks are sold). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
