// Electron's security checklist as plain functions, attached by main.ts and asserted by tests
// without the Electron binary: navigation and new windows denied, external https links only
// from an allow-list (opened in the default browser), permissions denied, and the sender check
// used by every IPC entry point.
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../src-shared/contract/index.ts';

export { CONTENT_SECURITY_POLICY };

/** Hosts whose https links open in the user's browser (docs the UI links to). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'docs.aws.amazon.com',
  'console.aws.amazon.com',
  'aws.amazon.com',
  'github.com',
];

export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    allowedHosts.includes(parsed.hostname)
  );
}

/** will-navigate / will-redirect / will-attach-webview: always prevented (the app is one page). */
export function preventNavigation(event: { preventDefault(): void }): void {
  event.preventDefault();
}

/**
 * setWindowOpenHandler: never a new Electron window; allow-listed https links go to the default
 * browser through `openExternal` (shell.openExternal in main).
 */
export function createWindowOpenHandler(
  openExternal: (url: string) => void,
  allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS,
) {
  return (details: { url: string }): { action: 'deny' } => {
    if (isAllowedExternalUrl(details.url, allowedHosts)) openExternal(details.url);
    return { action: 'deny' };
  };
}

/** session.setPermissionRequestHandler: every request (camera, notifications, ...) denied. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** session.setPermissionCheckHandler: every check answers "not granted". */
export function denyPermissionCheck(): boolean {
  return false;
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** True only for a main frame (no parent) whose document is our renderer origin. */
export function isTrustedSender(frame: SenderFrame | null | undefined, expectedOrigin: string = APP_ORIGIN): boolean {
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return origin === expectedOrigin;
}
