// The safeStorage glue against the fake electron's safeStorage (a reversible scrambling standing in
// for the OS keychain): what reaches the disk is never the plain secret, and nothing is written
// when safeStorage cannot encrypt for real.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../test/support/fake-electron/index.js';
import { createSafeStorageSecrets, NO_SECURE_STORAGE } from './secret-store.ts';

const KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'easel-secrets-'));
});
afterEach(async () => {
  delete process.env.FAKE_SAFE_STORAGE;
  delete process.env.FAKE_SAFE_STORAGE_BACKEND;
  await rm(dir, { recursive: true, force: true });
});

describe('createSafeStorageSecrets', () => {
  it('writes the secret encrypted, owner-only, reads it back, and removes it', async () => {
    const secrets = createSafeStorageSecrets(safeStorage, path.join(dir, 'secrets'), 'linux');
    expect(secrets.unavailableReason()).toBeNull();
    expect(await secrets.read('bedrock-api-key')).toBeNull();
    await secrets.write('bedrock-api-key', KEY);
    const file = path.join(dir, 'secrets', 'bedrock-api-key.bin');
    const bytes = await readFile(file);
    expect(bytes.toString('latin1')).not.toContain(KEY.slice(4, 20));
    expect(safeStorage.decryptString(bytes)).toBe(KEY);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await readdir(path.join(dir, 'secrets'))).toEqual(['bedrock-api-key.bin']); // no temp file left
    // Another store over the same folder (the next start) reads it.
    expect(
      await createSafeStorageSecrets(safeStorage, path.join(dir, 'secrets'), 'linux').read('bedrock-api-key'),
    ).toBe(KEY);
    await secrets.remove('bedrock-api-key');
    expect(await secrets.read('bedrock-api-key')).toBeNull();
    await secrets.remove('bedrock-api-key'); // removing nothing is fine
  });

  it('refuses to store anything without real encryption: none at all, or Linux basic_text', async () => {
    for (const [variable, value, platform] of [
      ['FAKE_SAFE_STORAGE', 'unavailable', 'darwin'],
      ['FAKE_SAFE_STORAGE_BACKEND', 'basic_text', 'linux'],
    ] as const) {
      process.env[variable] = value;
      const secrets = createSafeStorageSecrets(safeStorage, path.join(dir, 'secrets'), platform);
      expect(secrets.unavailableReason()).toBe(NO_SECURE_STORAGE);
      await expect(secrets.write('bedrock-api-key', KEY)).rejects.toThrow(/cannot keep an API key/);
      await expect(readdir(dir)).resolves.toEqual([]);
      delete process.env[variable];
    }
    // basic_text matters only on Linux (the backend exists nowhere else).
    process.env.FAKE_SAFE_STORAGE_BACKEND = 'basic_text';
    expect(createSafeStorageSecrets(safeStorage, dir, 'win32').unavailableReason()).toBeNull();
  });

  it('fails on a file it cannot decrypt, and refuses names that are not plain words', async () => {
    const secrets = createSafeStorageSecrets(safeStorage, dir, 'linux');
    await writeFile(path.join(dir, 'bedrock-api-key.bin'), 'garbage');
    await expect(secrets.read('bedrock-api-key')).rejects.toThrow(/decrypt/);
    await expect(secrets.write('../escape', KEY)).rejects.toThrow(/Not a secret name/);
  });
});
