// `npm run build` output: main (ESM, natives external), preload (CJS, only `electron` required),
// renderer (CSP meta, no inline script).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, MAIN_EXTERNALS } from '../../scripts/build.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'easel-build-'));
  await buildAll(out);
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('build', () => {
  it('bundles main as ESM importing only Node built-ins and the declared externals', async () => {
    const main = await readFile(path.join(out, 'main/main.js'), 'utf8');
    const imports = [...main.matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1] ?? '');
    expect(imports).toContain('electron');
    for (const specifier of imports) {
      const allowed =
        specifier.startsWith('node:') ||
        MAIN_EXTERNALS.some((e) =>
          e.endsWith('/*') ? specifier.startsWith(e.slice(0, -1)) : specifier === e || specifier.startsWith(`${e}/`),
        );
      expect(allowed, specifier).toBe(true);
    }
    expect(main).toContain('registerSchemesAsPrivileged');
  });

  it('bundles the preload as CJS that requires nothing but electron', async () => {
    const preload = await readFile(path.join(out, 'preload/preload.cjs'), 'utf8');
    expect([...new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload.length).toBeLessThan(50_000);
  });

  it('builds the renderer with the CSP meta tag and no inline script', async () => {
    const html = await readFile(path.join(out, 'renderer/index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy"/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('generates the app icon the window, the About box and the installers use', async () => {
    const { default: sharp } = await import('sharp');
    const meta = await sharp(path.join(out, 'icons/512x512.png')).metadata();
    expect([meta.width, meta.height]).toEqual([512, 512]);
    expect((await readFile(path.join(out, 'icons/icon.icns'))).subarray(0, 4).toString('latin1')).toBe('icns');
    expect((await readFile(path.join(out, 'icons/icon.ico'))).readUInt16LE(2)).toBe(1);
  });

  it('bundles the CLI so an installed copy runs without type stripping', async () => {
    // Installed, the bundle finds the native externals in the package's node_modules.
    await symlink(path.resolve(import.meta.dirname, '../../node_modules'), path.join(out, 'node_modules'), 'dir');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(out, 'cli/easel.js'), '--help'], {
      cwd: out,
      env: { ...process.env, EASEL_HOME: path.join(out, 'home') },
    });
    expect(stdout).toMatch(/Usage: easel <command>/);
    expect(stdout).toMatch(/^ {2}batch +Generate every asset/m);
  });
});
