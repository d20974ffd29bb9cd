// Where Easel keeps its data. The app (Electron's app.getPath('userData') for productName "Easel")
// and the CLI must resolve the same folder, so this mirrors Electron's rule without importing it.
//
// A data folder moved from Settings (or `easel data move`) is remembered by a small pointer file in
// the DEFAULT folder, `<default>/location.json` = {"dataDir": "/new/place"}, outside the moved
// folder, so the app and the CLI both follow it. EASEL_HOME still wins over it.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { EaselError } from '../../../src-shared/errors.ts';

export const APP_FOLDER_NAME = 'Easel';
export const LOCATION_FILE_NAME = 'location.json';

type Env = Record<string, string | undefined>;

/** The per-user app-data folder for "Easel" (what Electron's userData is), ignoring any move. */
export function defaultDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}

export interface DataLocation {
  /** The data folder to open. */
  dataDir: string;
  /** How it was chosen: EASEL_HOME, the pointer file (a move), or the OS default. */
  source: 'env' | 'pointer' | 'default';
  /** The pointer file a move writes (in the default folder); null when EASEL_HOME decides. */
  locationFile: string | null;
}

const LocationSchema = z.object({ dataDir: z.string().min(1) });

/**
 * The data folder and how it was chosen: EASEL_HOME if set, else the folder named by
 * `<default>/location.json`, else the default folder.
 * @throws EaselError 'io' when the pointer file is unreadable or names a folder that is not there
 * (a disconnected disk): opening an empty library there instead would look like data loss.
 */
export function resolveDataLocation(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): DataLocation {
  const override = env.EASEL_HOME?.trim();
  if (override) return { dataDir: override, source: 'env', locationFile: null };
  const fallback = defaultDataDir(env, platform, home);
  const locationFile = join(fallback, LOCATION_FILE_NAME);
  const pointed = readDataLocation(locationFile);
  if (pointed === null) return { dataDir: fallback, source: 'default', locationFile };
  if (!statSync(pointed, { throwIfNoEntry: false })?.isDirectory()) {
    throw new EaselError(
      'io',
      `Easel's data folder ${pointed} (chosen when it was moved) is not there. If it is on a disk that is not connected, connect it and start Easel again. To use the default folder instead, delete ${locationFile}.`,
    );
  }
  return { dataDir: pointed, source: 'pointer', locationFile };
}

/** The data folder: EASEL_HOME if set, else a moved folder's pointer, else the per-user app-data folder for "Easel". */
export function resolveDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return resolveDataLocation(env, platform, home).dataDir;
}

/** The folder a pointer file names, or null when there is no pointer. @throws EaselError 'io' when unreadable. */
export function readDataLocation(locationFile: string): string | null {
  let text: string;
  try {
    text = readFileSync(locationFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new EaselError(
      'io',
      `Easel could not read ${locationFile}, which says where its data folder is: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // damaged: reported below
  }
  const parsed = LocationSchema.safeParse(value);
  if (!parsed.success || !isAbsolute(parsed.data.dataDir)) {
    throw new EaselError(
      'io',
      `${locationFile}, which says where Easel's data folder is, is damaged. Put {"dataDir": "/absolute/path"} in it, or delete it to use the default folder.`,
    );
  }
  return parsed.data.dataDir;
}

/**
 * Points the app and the CLI at `dataDir` from their next start: writes the pointer file atomically
 * (temp file, fsync, rename, folder fsync). `null`, or the pointer file's own folder, removes it
 * (back to the default folder).
 */
export function writeDataLocation(locationFile: string, dataDir: string | null): void {
  const folder = dirname(locationFile);
  if (dataDir === null || dataDir === folder) {
    try {
      unlinkSync(locationFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    syncFolder(folder);
    return;
  }
  mkdirSync(folder, { recursive: true });
  const temp = `${locationFile}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, `${JSON.stringify({ dataDir }, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, locationFile);
  syncFolder(folder);
}

function syncFolder(folder: string): void {
  if (process.platform === 'win32' || !existsSync(folder)) return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
