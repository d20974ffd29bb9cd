// Types of the fake electron's parts that TypeScript tests import directly (the rest is exercised
// only through the bundled main process).
export declare const safeStorage: {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
};
