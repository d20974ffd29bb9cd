import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../src-shared/contract/index.ts';
import {
  createWindowOpenHandler,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isTrustedSender,
  preventNavigation,
} from './security.ts';
import { createWindowOptions, MIN_HEIGHT, MIN_WIDTH } from './window-options.ts';

describe('window options', () => {
  const options = createWindowOptions({
    preloadPath: '/app/out/preload/preload.cjs',
    state: { width: 1200, height: 800, x: 10, y: 20, maximized: false },
  });

  it('turns on every renderer isolation setting and leaves webSecurity alone', () => {
    const prefs = options.webPreferences ?? {};
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect('webSecurity' in prefs).toBe(false);
    expect('allowRunningInsecureContent' in prefs).toBe(false);
    expect('experimentalFeatures' in prefs).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
  });

  it('uses the remembered bounds, minimum sizes and a background colour', () => {
    expect(options).toMatchObject({
      width: 1200,
      height: 800,
      x: 10,
      y: 20,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
    });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    const centred = createWindowOptions({ preloadPath: '/p', state: { width: 1000, height: 700, maximized: false } });
    expect('x' in centred).toBe(false);
    expect('icon' in centred).toBe(false);
  });

  it('gives the window the app icon when there is one', () => {
    const withIcon = createWindowOptions({
      preloadPath: '/p',
      state: { width: 1000, height: 700, maximized: false },
      iconPath: '/app/out/icons/512x512.png',
    });
    expect(withIcon.icon).toBe('/app/out/icons/512x512.png');
  });
});

describe('navigation, new windows and permissions', () => {
  it('prevents every navigation', () => {
    let prevented = 0;
    preventNavigation({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
  });

  it('denies every window.open, sending only allow-listed https links to the browser', () => {
    const opened: string[] = [];
    const handler = createWindowOpenHandler((url) => opened.push(url));
    for (const url of [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html',
      'https://evil.example.com/',
      'http://docs.aws.amazon.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'easel-app://renderer/x',
      'https://docs.aws.amazon.com.evil.com/',
      'https://user@docs.aws.amazon.com/',
      'not a url',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html']);
  });

  it('allow-list matches exact hosts over https only', () => {
    expect(isAllowedExternalUrl('https://github.com/x')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com:444/x')).toBe(false);
    expect(isAllowedExternalUrl('https://gist.github.com/x')).toBe(false);
  });

  it('denies permission requests and checks', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])
      denyPermissionRequest({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only our main frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: { url: APP_ORIGIN } })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example.com/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'easel-app://renderer.evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', parent: null })).toBe(false);
    expect(isTrustedSender({ url: '', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: 'http://127.0.0.1:5173/', parent: null }, 'http://127.0.0.1:5173')).toBe(true);
  });
});
