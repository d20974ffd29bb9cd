// Electron main process: lifecycle, the window, protocols, IPC through the one gate, events to
// the renderer. The studio core is reached only through a StudioHost built in createStudioHost().
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import type { OpenDialogOptions } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { APP_ORIGIN, APP_SCHEME, IMAGE_SCHEME, IPC_CHANNELS } from '../../src-shared/contract/index.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { resolveDragItem } from './drag.ts';
import type { StudioHost } from './host.ts';
import { createImageProtocolHandler } from './image-protocol.ts';
import { hostFromStudio, type ShellPlatform } from './studio-host.ts';
import { createStudio } from '../core/studio/index.ts';
import { openStudioOrOfferRestore, type DamagedDatabaseDialog } from './damaged-database.ts';
import { resolveDataLocation, type DataLocation } from '../core/studio/location.ts';
import { startEmulator } from '../emulator/index.ts';
import { createIpcGate } from './ipc.ts';
import { createSafeStorageSecrets } from './secret-store.ts';
import { attachLogFile, logFault } from './log.ts';
import { openFileLog } from './log-file.ts';
import { buildMenuTemplate } from './menu.ts';
import {
  createWindowOpenHandler,
  denyPermissionCheck,
  denyPermissionRequest,
  isTrustedSender,
  preventNavigation,
} from './security.ts';
import { createWindowOptions } from './window-options.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';

// The bundle lives in out/main/; preload and renderer beside it.
const outDir = path.resolve(import.meta.dirname, '..');
const preloadPath = path.join(outDir, 'preload', 'preload.cjs');
/** Generated from assets/icon.svg by the build (scripts/icons.ts). */
const iconPath = path.join(outDir, 'icons', '512x512.png');
const rendererDir = path.join(outDir, 'renderer');
const isDev = !app.isPackaged;

// Must run before `ready`: privileged schemes for the renderer's origin and the image protocol.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

/**
 * The data folder shared with the CLI: EASEL_HOME, else a moved folder's pointer, else the OS
 * per-user folder for "Easel" (the library's rule, which matches app.getPath('userData') for
 * productName Easel).
 */
function resolveDataFolder(): DataLocation {
  return resolveDataLocation(process.env);
}

// ===============================================================================================
// THE ONE PLACE where the studio core is constructed. Demo mode (EASEL_DEMO=1, offered by the
// onboarding screen) runs the built-in Bedrock emulator in-process and points the SDK at it with
// its test credentials, in a separate data folder so simulated spend never mixes with real spend.
const DEMO_FLAG = '--easel-demo';
const isDemo = () => process.env.EASEL_DEMO === '1' || process.argv.includes(DEMO_FLAG);

/** Only the shell can show files in the file manager or relaunch the app (see ShellPlatform). */
const platform: ShellPlatform = {
  showItemInFolder: (file) => shell.showItemInFolder(file),
  startDemo: () => {
    if (isDemo()) return false;
    // The Welcome screen's "Try demo mode": relaunch with the demo flag; before-quit closes the studio.
    app.relaunch({ args: [...process.argv.slice(1), DEMO_FLAG] });
    setTimeout(() => app.quit(), 100);
    return true;
  },
  relaunch: () => {
    // After a data-folder move: the next start reads the new pointer file. before-quit closes the studio.
    app.relaunch();
    setTimeout(() => app.quit(), 100);
    return true;
  },
  pickFolder: async (title) => {
    const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

async function createStudioHost(location: DataLocation): Promise<StudioHost> {
  const dataDir = location.dataDir;
  if (isDemo()) {
    // Today's Bedrock (2026), home region us-east-1: each model is called where it runs.
    // With preview access, so demo mode can talk to images (Nova 2 Omni, Converse).
    const emulator = await startEmulator({ port: 0, previewAccess: true });
    const demoDir = path.join(dataDir, 'demo');
    // Only the emulator's keys: the user's own profiles must not be used (or listed) in demo mode.
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...emulator.env(),
      AWS_CONFIG_FILE: path.join(demoDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(demoDir, 'no-aws-credentials'),
    };
    delete env.AWS_PROFILE;
    delete env.AWS_BEARER_TOKEN_BEDROCK;
    const secrets = createSafeStorageSecrets(safeStorage, path.join(demoDir, 'secrets'));
    const studio = createStudio({ dataDir: demoDir, env, demoMode: true, secrets });
    const host = hostFromStudio(studio, platform);
    return {
      ...host,
      close: async () => {
        await host.close();
        await emulator.stop();
      },
    };
  }
  // A Bedrock API key pasted in Settings: encrypted by the OS keychain, in <data>/secrets.
  const secrets = createSafeStorageSecrets(safeStorage, path.join(dataDir, 'secrets'));
  const studio = await openStudioOrOfferRestore(
    () =>
      createStudio({
        dataDir,
        secrets,
        ...(location.locationFile === null ? {} : { locationFile: location.locationFile }),
      }),
    dataDir,
    damagedDatabaseDialog,
  );
  // Folders added in place: rescanned (moved or deleted files show as missing), then watched.
  studio.watchLibraryFolders().catch((error: unknown) => logFault('watching the library folders failed', error));
  return hostFromStudio(studio, platform);
}

const damagedDatabaseDialog: DamagedDatabaseDialog = {
  async ask(message, backup) {
    const buttons = backup ? ['Restore the newest backup', 'Quit'] : ['Quit'];
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: 'Easel',
      message: "Easel's database is damaged",
      detail: backup
        ? `${message}\n\nRestore the backup taken ${new Date(backup.createdAt).toLocaleString()}? Work since then is not in it (images made since stay in the library folder: "easel check --repair" adopts them).`
        : message,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    });
    return backup && response === 0 ? 'restore' : 'quit';
  },
  async restored(result) {
    await dialog.showMessageBox({
      type: 'info',
      title: 'Easel',
      message: 'The backup was restored',
      detail: `${result.restored} is now Easel's database.${result.keptAs ? ` The damaged file is kept as ${result.keptAs}.` : ''}`,
    });
  },
};
// ===============================================================================================

let mainWindow: BrowserWindow | null = null;

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', preventNavigation);
  contents.on('will-redirect', preventNavigation);
  contents.on('will-attach-webview', preventNavigation);
  contents.setWindowOpenHandler(createWindowOpenHandler((url) => void shell.openExternal(url)));
}

async function createWindow(stateFile: string): Promise<BrowserWindow> {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = await loadWindowState(stateFile, displays);
  const win = new BrowserWindow(createWindowOptions({ preloadPath, state, iconPath }));
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      void saveWindowState(stateFile, win.getNormalBounds(), win.isMaximized()).catch((error: unknown) =>
        logFault('could not save window state', error),
      );
    }, 400);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    clearTimeout(saveTimer);
    void saveWindowState(stateFile, win.getNormalBounds(), win.isMaximized()).catch((error: unknown) =>
      logFault('could not save window state', error),
    );
  });

  // A crashed renderer is reloaded; jobs run in main and the reloaded page asks for their state.
  win.webContents.on('render-process-gone', (_event, details) => {
    logFault(`renderer gone (${details.reason}); reloading`);
    if (!win.isDestroyed()) win.webContents.reload();
  });

  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  await app.whenReady();
  let location: DataLocation;
  try {
    location = resolveDataFolder();
  } catch (error) {
    // A moved data folder that is not there (disconnected disk) or a damaged pointer: say so.
    dialog.showErrorBox('Easel cannot find its data folder', error instanceof Error ? error.message : String(error));
    throw error;
  }
  const dataDir = location.dataDir;
  mkdirSync(dataDir, { recursive: true });
  attachLogFile(openFileLog(path.join(dataDir, 'logs')));
  const host = await createStudioHost(location);

  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);

  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  protocol.handle(IMAGE_SCHEME, createImageProtocolHandler(host.resolveImage, host.libraryRoot));

  const gate = createIpcGate(host.handlers, {
    isTrustedSender: (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame, APP_ORIGIN),
    validateResponses: isDev,
  });
  ipcMain.handle(IPC_CHANNELS.invoke, (event, callName: unknown, payload: unknown) => gate(event, callName, payload));
  ipcMain.on(IPC_CHANNELS.startDrag, (event, imageIds: unknown) => {
    if (!isTrustedSender(event.senderFrame, APP_ORIGIN)) return;
    void resolveDragItem(imageIds, host.resolveImage, host.libraryRoot).then(
      (item) => {
        if (item !== null && !event.sender.isDestroyed()) event.sender.startDrag(item);
      },
      (error: unknown) => logFault('drag failed', error),
    );
  });

  // Events go to whichever window exists now; the host (and its running jobs) outlives reloads.
  host.subscribe((event) => {
    if (mainWindow !== null && !mainWindow.isDestroyed())
      mainWindow.webContents.send(IPC_CHANNELS.event, event.name, event.payload);
  });

  const about = () => {
    void dialog.showMessageBox({
      type: 'info',
      title: 'About Easel',
      icon: iconPath,
      message: `Easel ${app.getVersion()}`,
      detail: `An image studio for Amazon Bedrock.\nElectron ${process.versions.electron}\nData: ${host.dataDir}`,
    });
  };
  const importImages = async () => {
    const result = await dialog.showOpenDialog({
      title: 'Import images',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp'] }],
    });
    if (!result.canceled && result.filePaths.length > 0) await host.importFiles(result.filePaths);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        appName: 'Easel',
        isMac: process.platform === 'darwin',
        isDev,
        actions: {
          about,
          importImages: () => void importImages().catch((error: unknown) => logFault('import failed', error)),
          openDataFolder: () => void shell.openPath(host.dataDir),
        },
      }),
    ),
  );
  app.setAboutPanelOptions({ applicationName: 'Easel', applicationVersion: app.getVersion(), iconPath });

  const stateFile = path.join(dataDir, 'window-state.json');
  await createWindow(stateFile);
  app.on('activate', () => {
    if (mainWindow === null)
      void createWindow(stateFile).catch((error: unknown) => logFault('could not open the window', error));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void host
      .close()
      .catch((error: unknown) => logFault('closing the studio failed', error))
      .finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  logFault('Easel failed to start', error);
  app.exit(1);
});
