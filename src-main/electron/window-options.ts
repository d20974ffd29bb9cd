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
}): BrowserWindowConstructorOptions {
  const { state } = args;
  return {
    title: args.title ?? 'Easel',
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
