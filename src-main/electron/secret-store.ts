// The SecretStore of core (core/studio/api-key.ts) over Electron's safeStorage: each secret is
// encrypted by the operating system's keychain (Keychain, DPAPI, libsecret/KWallet) and written to
// `<data folder>/secrets/<name>.bin` (owner-only, replaced atomically). Refuses to store anything
// when safeStorage cannot encrypt for real (no keychain, or Linux's `basic_text` fallback, whose
// password is hard-coded): a secret is never written in plain text. Electron-free: main.ts passes
// `safeStorage` in, the unit test the fake electron's.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../core/studio/index.ts';

/** The part of Electron's safeStorage used here (Electron 45's synchronous API). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain (a hard-coded password). */
  getSelectedStorageBackend?(): string;
}

const NAME = /^[a-z0-9-]{1,64}$/;

export const NO_SECURE_STORAGE =
  "Easel cannot keep an API key on this computer: the system's secure storage (Keychain, Windows Credential Manager, or a keyring such as GNOME Keyring or KWallet) is not available. Set AWS_BEARER_TOKEN_BEDROCK before starting Easel, or use a profile.";

export function createSafeStorageSecrets(
  safeStorage: SafeStorageLike,
  dir: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const fileOf = (name: string): string => {
    if (!NAME.test(name)) throw new Error(`Not a secret name: ${JSON.stringify(name)}`);
    return path.join(dir, `${name}.bin`);
  };
  const unavailableReason = (): string | null => {
    if (!safeStorage.isEncryptionAvailable()) return NO_SECURE_STORAGE;
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return NO_SECURE_STORAGE;
    return null;
  };
  return {
    unavailableReason,
    async read(name) {
      let encrypted: Buffer;
      try {
        encrypted = await readFile(fileOf(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if (unavailableReason() !== null) return null;
      return safeStorage.decryptString(encrypted);
    },
    async write(name, value) {
      const reason = unavailableReason();
      if (reason !== null) throw new Error(reason);
      const file = fileOf(name);
      const encrypted = safeStorage.encryptString(value);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, encrypted, { mode: 0o600 });
      await rename(temp, file);
    },
    async remove(name) {
      await rm(fileOf(name), { force: true });
    },
  };
}
