// The BrowserWindow options, as a plain object so tests assert every security setting.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowState } from './window-state.ts';

export const MIN_WIDTH = 960;
export const MIN_HEIGHT = 600;
export const BACKGROUND_COLOR = '#16161a';

export function createWindowOptions(args: {
  preloadPath: string;
  state: WindowState;
  title?: string;
  /** The app icon (out/icons/512x512.png); Linux and Windows show it on the window and taskbar. */
  iconPath?: string;
}): BrowserWindowConstructorOptions {
  const { state } = args;
  return {
    title: args.title ?? 'Easel',
    ...(args.iconPath === undefined ? {} : { icon: args.iconPath }),
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    backgroundColor: BACKGROUND_COLOR,
    show: false,
    webPreferences: {
      preload: args.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
