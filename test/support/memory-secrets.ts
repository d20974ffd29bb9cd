// A SecretStore for tests (the shell's is Electron safeStorage: src-main/electron/secret-store.ts):
// secrets in a Map, or none at all when `unavailable` says why (as safeStorage without a keychain).
import type { SecretStore } from '../../src-main/core/studio/index.ts';

export interface MemorySecrets extends SecretStore {
  readonly entries: Map<string, string>;
}

export function memorySecrets(options: { unavailable?: string } = {}): MemorySecrets {
  const entries = new Map<string, string>();
  return {
    entries,
    unavailableReason: () => options.unavailable ?? null,
    read: async (name) => entries.get(name) ?? null,
    async write(name, value) {
      if (options.unavailable !== undefined) throw new Error(options.unavailable);
      entries.set(name, value);
    },
    remove: async (name) => void entries.delete(name),
  };
}
