// Before the database opens: the data folder must be a folder this user can write to. Without this
// check a read-only or misplaced folder reads "internal error: unable to open database file"
// (SQLite's words), which names neither the folder nor the cause.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';

const CHOOSE = 'Choose another folder (--data-dir or EASEL_HOME), or fix its permissions.';

/**
 * Creates the data folder if needed and checks that it and its database can be written.
 * @throws EaselError 'validation' (field 'dataDir') when the path or a parent is a file;
 *   'io' when the folder or the database cannot be written (permission, read-only file system).
 */
export function ensureWritableFolder(root: string, database: string): void {
  const { existing, isFolder } = nearestExisting(root);
  if (!isFolder) {
    const blocker = existing;
    const what = blocker === root ? `${root} is a file` : `${blocker} is a file, not a folder`;
    throw new EaselError('validation', `The data folder ${root} cannot be used: ${what}. ${CHOOSE}`, {
      field: 'dataDir',
    });
  }
  try {
    // The nearest existing folder first: mkdir on a read-only file system reports ENOENT, not EROFS.
    accessSync(existing, constants.W_OK);
    mkdirSync(root, { recursive: true });
    accessSync(root, constants.W_OK);
    if (existsSync(database)) accessSync(database, constants.R_OK | constants.W_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    const path = (cause as NodeJS.ErrnoException).path ?? root;
    throw new EaselError('io', `Easel cannot write to its data folder ${root}: ${reason(code, path)}. ${CHOOSE}`, {
      cause,
    });
  }
}

/** The path itself or its nearest existing ancestor, and whether that is a folder. */
function nearestExisting(path: string): { existing: string; isFolder: boolean } {
  for (let p = path; ; p = dirname(p)) {
    const info = statSync(p, { throwIfNoEntry: false });
    if (info) return { existing: p, isFolder: info.isDirectory() };
    if (dirname(p) === p) return { existing: p, isFolder: true };
  }
}

function reason(code: string, path: string): string {
  if (code === 'EROFS') return `${path} is on a read-only file system (EROFS)`;
  if (code === 'EACCES' || code === 'EPERM')
    return `permission denied on ${path} (${code}): this user may not write there`;
  if (code === 'ENOSPC') return `the disk holding ${path} is full (ENOSPC)`;
  return `${path}: ${code}`;
}
