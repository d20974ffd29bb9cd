// A stand-in for Electron's built-in `electron` module, so the bundled main process (out/main/main.js)
// can be started in plain Node where the Electron binary cannot be downloaded. It records what main
// registers and, once the window has loaded, exercises the registered IPC handler and protocols the
// way the renderer would, then writes a JSON report to FAKE_ELECTRON_REPORT and exits.
import { writeFileSync } from 'node:fs';

const report = {
  windows: [],
  loadedUrls: [],
  protocols: { privileged: [], handled: [] },
  ipc: { handle: [], on: [] },
  menu: false,
  checks: {},
};
const handlers = { invoke: new Map(), protocol: new Map() };

/** An object whose every method records nothing and returns undefined, except the given ones. */
function stub(overrides = {}) {
  return new Proxy(overrides, { get: (target, key) => (key in target ? target[key] : () => undefined) });
}

const webContents = stub({ on: () => undefined, setWindowOpenHandler: () => undefined, isDestroyed: () => false });

export class BrowserWindow {
  constructor(options) {
    report.windows.push(JSON.parse(JSON.stringify(options)));
    this.webContents = webContents;
  }
  on() {
    return this;
  }
  once() {
    return this;
  }
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 800 };
  }
  async loadURL(url) {
    report.loadedUrls.push(url);
    setTimeout(() => void exercise(), 50);
  }
  show() {}
  maximize() {}
}

async function exercise() {
  const invoke = handlers.invoke.get('easel:invoke');
  const trusted = { senderFrame: { url: 'easel-app://renderer/index.html', parent: null } };
  const foreign = { senderFrame: { url: 'https://example.com/', parent: null } };
  try {
    report.checks.appInfo = invoke ? await invoke(trusted, 'app.info', {}) : null;
    report.checks.foreignSender = invoke ? await invoke(foreign, 'app.info', {}) : null;
    report.checks.badPayload = invoke ? await invoke(trusted, 'images.get', { imageId: '../../etc/passwd' }) : null;
    const images = handlers.protocol.get('easel-image');
    report.checks.unknownImage = images ? (await images(new Request('easel-image://image/424242/full'))).status : null;
    report.checks.traversal = images
      ? (await images(new Request('easel-image://image/..%2F..%2Fetc%2Fpasswd/full'))).status
      : null;
  } catch (error) {
    report.checks.error = String(error && error.stack ? error.stack : error);
  }
  writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report));
  process.exit(0);
}

export const app = stub({
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getVersion: () => '0.1.0',
  getPath: () => process.env.EASEL_HOME,
  on: () => app,
});
export const protocol = stub({
  registerSchemesAsPrivileged: (schemes) => {
    report.protocols.privileged.push(...schemes);
  },
  handle: (scheme, handler) => {
    report.protocols.handled.push(scheme);
    handlers.protocol.set(scheme, handler);
  },
});
export const ipcMain = stub({
  handle: (channel, handler) => {
    report.ipc.handle.push(channel);
    handlers.invoke.set(channel, handler);
  },
  on: (channel) => {
    report.ipc.on.push(channel);
  },
});
export const Menu = stub({
  buildFromTemplate: (template) => template,
  setApplicationMenu: () => {
    report.menu = true;
  },
});
export const screen = stub({ getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] });
export const session = { defaultSession: stub() };
export const dialog = stub();
export const shell = stub();
export const nativeImage = stub();
export const contextBridge = stub();
export const ipcRenderer = stub();
export const webUtils = stub();
export default { app, BrowserWindow, protocol, ipcMain, Menu, screen, session, dialog, shell, nativeImage };
