// Where Easel keeps its data. The app (Electron's app.getPath('userData') for productName "Easel")
// and the CLI must resolve the same folder, so this mirrors Electron's rule without importing it.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'Easel';

type Env = Record<string, string | undefined>;

/** The data folder: EASEL_HOME if set, else the per-user app-data folder for "Easel". */
export function resolveDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env.EASEL_HOME?.trim();
  if (override) return override;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}

export interface DataPaths {
  root: string;
  database: string;
  library: string;
  thumbs: string;
  tmp: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: join(root, 'easel.db'),
    library: join(root, 'library'),
    thumbs: join(root, 'thumbs'),
    tmp: join(root, 'tmp'),
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
