// Moving the data folder (Settings' "Move data folder…", `easel data move DIR`): copy, verify, then
// point the app and the CLI at the copy with the pointer file (core/library/paths.ts). The old folder
// is never deleted: the user does that once happy. A failure removes the partial copy and leaves the
// old folder in use.
//
//   1. the target: absolute, not the current folder or inside it, empty or not there; enough space
//   2. easel.db with SQLite's online backup API (consistent, includes the WAL), checked with
//      quick_check and its image count; `data.previousDir` recorded in the copy's settings
//   3. library/ and thumbs/ file by file (8 at a time), each copy's size checked, and a library
//      file's SHA-256 checked against its content-addressed name; secrets/ (the encrypted Bedrock
//      API key) into an owner-only folder, each file owner-only
//   4. the pointer file, written atomically: from the next start, this is the data folder
import { createHash } from 'node:crypto';
import { createReadStream, constants as fsConstants } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rm, rmdir, stat, statfs } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EaselError } from '../../../src-shared/errors.ts';
import type { SettingKey } from '../../../src-shared/settings.ts';
import type { Db } from '../storage/index.ts';
import { writeDataLocation } from './location.ts';

/** Settings key, in the moved database: the folder it was moved from (shown until dismissed). */
export const PREVIOUS_DATA_DIR_SETTING = 'data.previousDir' satisfies SettingKey;

/** What is copied besides the database: the image files and thumbnails, and the window's place. */
const COPIED_FOLDERS = ['library', 'thumbs'] as const;
const COPIED_FILES = ['window-state.json'] as const;
/** The shell's SecretStore (electron/secret-store.ts): encrypted by the OS, owner-only, one level deep. */
const SECRETS_FOLDER = 'secrets';
const COPY_CONCURRENCY = 8;
const SHA256_NAME = /^([0-9a-f]{64})\.[a-z]+$/;

export interface DataMoveProgress {
  phase: 'database' | 'files';
  done: number;
  total: number;
}

export interface DataMoveOptions {
  db: Db;
  /** The data folder in use. */
  from: string;
  /** The new folder (absolute; empty or not there). */
  to: string;
  /** The pointer file to write (`<default folder>/location.json`). */
  locationFile: string;
  onProgress?: (progress: DataMoveProgress) => void;
}

export interface DataMoveResult {
  from: string;
  to: string;
  /** Image and thumbnail files copied (the database not counted). */
  files: number;
  /** Bytes copied, database included. */
  bytes: number;
}

/**
 * Checks where the data folder may go. @throws EaselError 'validation' naming the problem.
 * Resolves whether the folder exists already (it is then empty).
 */
export async function checkMoveTarget(from: string, to: string, locationFile: string): Promise<{ exists: boolean }> {
  if (!isAbsolute(to))
    throw new EaselError(
      'validation',
      `Choose the new data folder as a full path (for example /Volumes/Big/Easel), not "${to}".`,
      { field: 'folder' },
    );
  const source = resolve(from);
  const target = resolve(to);
  if (target === source)
    throw new EaselError('validation', `${target} is already Easel's data folder.`, { field: 'folder' });
  const inside = relative(source, target);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new EaselError(
      'validation',
      `The new data folder cannot be inside the current one (${source}). Choose a folder elsewhere.`,
      { field: 'folder' },
    );
  }
  const found = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new EaselError('validation', `Easel cannot use ${target}: ${error.message}`, {
      field: 'folder',
      cause: error,
    });
  });
  if (found === null) return { exists: false };
  if (!found.isDirectory())
    throw new EaselError('validation', `${target} is a file, not a folder. Choose an empty folder or a new one.`, {
      field: 'folder',
    });
  // The default folder holds only the pointer file once the data has moved away: moving back is fine.
  const entries = (await readdir(target)).filter(
    (name) => !(target === resolve(dirname(locationFile)) && name === basename(locationFile)),
  );
  if (entries.length > 0)
    throw new EaselError(
      'validation',
      `${target} is not empty. Choose an empty folder or a new one: Easel never mixes its data with other files.`,
      { field: 'folder' },
    );
  return { exists: true };
}

/** Copies the data folder to `to` and points Easel at it. The caller has checked that nothing else uses the folder. */
export async function moveDataFolder(options: DataMoveOptions): Promise<DataMoveResult> {
  const from = resolve(options.from);
  const { exists } = await checkMoveTarget(from, options.to, options.locationFile);
  const to = resolve(options.to);
  const files = await listFiles(from);
  const dbBytes = (await stat(join(from, 'easel.db')).catch(() => null))?.size ?? 0;
  const total = files.reduce((sum, f) => sum + f.size, dbBytes);
  await checkFreeSpace(to, total);

  const copied: string[] = []; // top-level entries made in `to`, removed on failure
  try {
    if (!exists) await mkdir(to, { recursive: true });
    options.onProgress?.({ phase: 'database', done: 0, total: 1 });
    copied.push('easel.db');
    await options.db.backup(join(to, 'easel.db'));
    await verifyDatabaseCopy(options.db, join(to, 'easel.db'), from);
    options.onProgress?.({ phase: 'database', done: 1, total: 1 });

    copied.push(...COPIED_FOLDERS);
    let done = 0;
    await runPool(files, COPY_CONCURRENCY, async (file) => {
      const target = join(to, file.rel);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(from, file.rel), target, fsConstants.COPYFILE_EXCL);
      await verifyFileCopy(join(from, file.rel), target, file.size);
      done += 1;
      if (done % 200 === 0 || done === files.length)
        options.onProgress?.({ phase: 'files', done, total: files.length });
    });
    copied.push(SECRETS_FOLDER);
    await copySecrets(join(from, SECRETS_FOLDER), join(to, SECRETS_FOLDER));
    for (const name of COPIED_FILES) {
      copied.push(name);
      await copyFile(join(from, name), join(to, name), fsConstants.COPYFILE_EXCL).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
    writeDataLocation(options.locationFile, to);
  } catch (error) {
    await removeCopy(to, exists, copied);
    throw moveFailure(error, from, to);
  }
  return { from, to, files: files.length, bytes: total };
}

/**
 * The secrets (a Bedrock API key pasted in Settings, encrypted by the OS keychain) go with the data:
 * without them the moved app would silently fall back to another credential. Owner-only like the
 * originals, whatever the umask.
 */
async function copySecrets(source: string, target: string): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(source, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await mkdir(target, { mode: 0o700 });
  await chmod(target, 0o700);
  for (const name of names) {
    const size = (await stat(join(source, name))).size;
    await copyFile(join(source, name), join(target, name), fsConstants.COPYFILE_EXCL);
    await chmod(join(target, name), 0o600);
    await verifyFileCopy(join(source, name), join(target, name), size);
  }
}

interface FileEntry {
  rel: string;
  size: number;
}

async function listFiles(root: string): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  for (const folder of COPIED_FOLDERS) {
    const base = join(root, folder);
    let entries;
    try {
      entries = await readdir(base, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) continue;
      const full = join(entry.parentPath, entry.name);
      // Symlinks count as files: copyFile follows them (a broken one fails the move, loudly).
      const size = entry.isFile() ? (await stat(full)).size : ((await stat(full).catch(() => null))?.size ?? 0);
      out.push({ rel: relative(root, full), size });
    }
  }
  return out;
}

async function checkFreeSpace(to: string, needed: number): Promise<void> {
  let probe = to;
  for (;;) {
    const info = await statfs(probe).catch(() => null);
    if (info) {
      const free = info.bavail * info.bsize;
      // 5% + 16 MB of slack: folders, SQLite pages, the file system's own overhead.
      if (free < needed * 1.05 + 16_000_000) {
        throw new EaselError(
          'io',
          `Not enough free space at ${to}: the data folder needs about ${mb(needed)}, and ${mb(free)} is free there. Free some space or choose another disk.`,
        );
      }
      return;
    }
    const parent = dirname(probe);
    if (parent === probe) return;
    probe = parent;
  }
}

async function verifyDatabaseCopy(db: Db, copyPath: string, from: string): Promise<void> {
  // Loaded here rather than at the top so that this module's index stays light: finding the data
  // folder (the facade's location entry) must not load SQLite or sharp.
  const { openDatabase } = await import('../storage/index.ts');
  const count = (d: Db) => d.prepare<[], { n: number }>('SELECT count(*) AS n FROM images').get()?.n ?? 0;
  const copy = openDatabase(copyPath, { migrate: false });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new EaselError('io', `The copied database failed SQLite's check (${String(check)}).`);
    if (count(copy) !== count(db))
      throw new EaselError('io', 'The copied database does not hold every image of the original.');
    copy
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(PREVIOUS_DATA_DIR_SETTING, JSON.stringify(from), new Date().toISOString());
    copy.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    copy.close();
  }
}

async function verifyFileCopy(source: string, copy: string, size: number): Promise<void> {
  const copied = await stat(copy);
  if (copied.size !== size)
    throw new EaselError('io', `The copy of ${source} has ${copied.size} bytes instead of ${size}.`);
  const named = SHA256_NAME.exec(basename(source))?.[1];
  if (named === undefined || !source.includes(`${sep}library${sep}`)) return;
  const hash = await sha256File(copy);
  // A stored image is named by its SHA-256: the copy must match it, unless the original itself
  // already differs (damaged on disk before the move): then the copy is faithful, and kept.
  if (hash !== named && hash !== (await sha256File(source)))
    throw new EaselError('io', `The copy of ${source} differs from the original.`);
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

async function runPool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

async function removeCopy(to: string, existed: boolean, entries: readonly string[]): Promise<void> {
  for (const name of entries) {
    await rm(join(to, name), { recursive: true, force: true }).catch(() => undefined);
    for (const suffix of ['-wal', '-shm', '-journal'])
      if (name === 'easel.db') await rm(join(to, name + suffix), { force: true }).catch(() => undefined);
  }
  if (!existed) await rmdir(to).catch(() => undefined);
}

function moveFailure(error: unknown, from: string, to: string): EaselError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'Easel may not write there (permission denied)'
        : code === 'EROFS'
          ? 'that disk is read-only'
          : error instanceof Error
            ? error.message
            : String(error);
  return new EaselError(
    'io',
    `Moving the data folder to ${to} failed: ${reason}. Nothing was lost: Easel still uses ${from}, and the partial copy was removed.`,
    { cause: error },
  );
}

function mb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
