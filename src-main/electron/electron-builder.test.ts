// The packaging config, read as electron-builder would (it runs on users' machines, not here).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', async () => {
  const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { main: string };

  it('names the app and packs only the build output', () => {
    expect(config.appId).toBe('dev.easel.studio');
    expect(config.productName).toBe('Easel');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(pkg.main).toBe('out/main/main.js');
    expect(config.asar).toBe(true);
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
  });

  it('takes the icons the build generates from assets/icon.svg (out/icons: see test/e2e/build.test.ts)', () => {
    expect((config.linux as { icon: string }).icon).toBe('out/icons');
    expect((config.mac as { icon: string }).icon).toBe('out/icons/icon.icns');
    expect((config.win as { icon: string }).icon).toBe('out/icons/icon.ico');
  });

  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/sharp/**', 'node_modules/@img/**']),
    );
  });

  it('sets the release fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('uses only keys electron-builder 26 knows', async () => {
    const scheme = JSON.parse(await readFile(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    for (const key of Object.keys(config)) expect(Object.keys(scheme.properties), key).toContain(key);
    const fuseKeys = Object.keys(scheme.definitions.FuseOptionsV1?.properties ?? {});
    for (const key of Object.keys(config.electronFuses as object)) expect(fuseKeys, key).toContain(key);
  });
});
