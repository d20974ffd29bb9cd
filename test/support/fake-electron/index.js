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
    if (invoke && process.env.FAKE_ELECTRON_API_KEY) {
      report.checks.apiKeySet = await invoke(trusted, 'apiKey.set', { key: process.env.FAKE_ELECTRON_API_KEY });
      report.checks.apiKeyStatus = await invoke(trusted, 'apiKey.status', {});
      report.checks.profiles = await invoke(trusted, 'profiles.list', {});
    }
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
// safeStorage: a reversible scrambling (not plain text, so tests can look for the key in the file),
// available unless FAKE_SAFE_STORAGE=unavailable; the Linux backend from FAKE_SAFE_STORAGE_BACKEND.
const FAKE_CIPHER_MAGIC = Buffer.from('fake-safe-storage:v1:');
const scramble = (bytes) => Buffer.from(bytes.map((b) => b ^ 0x5a));
export const safeStorage = {
  isEncryptionAvailable: () => process.env.FAKE_SAFE_STORAGE !== 'unavailable',
  getSelectedStorageBackend: () => process.env.FAKE_SAFE_STORAGE_BACKEND ?? 'gnome_libsecret',
  encryptString(plainText) {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Encryption is not available.');
    return Buffer.concat([FAKE_CIPHER_MAGIC, scramble(Buffer.from(plainText, 'utf8'))]);
  },
  decryptString(encrypted) {
    if (!Buffer.isBuffer(encrypted) || !encrypted.subarray(0, FAKE_CIPHER_MAGIC.length).equals(FAKE_CIPHER_MAGIC))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return scramble(encrypted.subarray(FAKE_CIPHER_MAGIC.length)).toString('utf8');
  },
};
export const screen = stub({ getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] });
export const session = { defaultSession: stub() };
export const dialog = stub();
export const shell = stub();
export const nativeImage = stub();
export const contextBridge = stub();
export const ipcRenderer = stub();
export const webUtils = stub();
export default {
  app,
  BrowserWindow,
  protocol,
  ipcMain,
  Menu,
  screen,
  session,
  dialog,
  shell,
  nativeImage,
  safeStorage,
};
