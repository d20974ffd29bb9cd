// A newcomer's first commands: an old Node is named with the way to get the right one
// (scripts/check-node.js, before npm install/start/test), and a missing Electron binary ends in
// Easel's explanation instead of Electron's "failed to install correctly" (scripts/start.ts).
// Real child processes on copies of the scripts, beside a stand-in electron package whose
// installer fails or succeeds without downloading anything.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectronBinary, installedBinary } from '../../scripts/electron-binary.ts';

const SCRIPTS = join(import.meta.dirname, '../../scripts');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(
  script: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A project folder holding copies of `scripts` and a stand-in electron package. */
function project(scripts: string[], installer: string): { root: string; electron: string } {
  dir = mkdtempSync(join(tmpdir(), 'easel-first-run-'));
  const root = join(dir, 'project');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  for (const s of scripts) copyFileSync(join(SCRIPTS, s), join(root, 'scripts', s));
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{ "name": "electron", "version": "45.4.1", "main": "index.js" }');
  writeFileSync(join(electron, 'install.js'), installer);
  return { root, electron };
}

/** A local port nothing listens on: a download host that refuses the connection, without the network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('scripts/check-node.js', () => {
  it('names the required Node (from .nvmrc) and how to get it, and fails', async () => {
    const { root } = project(['check-node.js'], '');
    writeFileSync(join(root, '.nvmrc'), '99\n');
    const result = await run(join(root, 'scripts', 'check-node.js'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Easel needs Node.js 99 or later; this is Node.js ${process.version}`);
    expect(result.stderr).toContain('nvm install 99');
    expect(result.stderr).toContain('https://nodejs.org/en/download');
    expect(result.stderr).toContain('npx -y node@99');
  });

  it('says nothing when the Node is new enough', async () => {
    const { root } = project(['check-node.js'], '');
    writeFileSync(join(root, '.nvmrc'), `${process.versions.node.split('.')[0]}\n`);
    expect(await run(join(root, 'scripts', 'check-node.js'))).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('scripts/start.ts without the Electron binary', () => {
  it('tries the installer, then explains: no connection to the download host, mirror and cache settings, dev:browser', async () => {
    const { root } = project(
      ['start.ts', 'electron-binary.ts'],
      "console.error('TypeError: fetch failed'); process.exit(1);\n",
    );
    const port = await closedPort();
    const result = await run(join(root, 'scripts', 'start.ts'), { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Easel cannot start: the Electron 45.4.1 binary is not installed.');
    expect(result.stderr).toContain(
      `There is no connection to Electron's download host 127.0.0.1 (ECONNREFUSED), so the download from http://127.0.0.1:${port}/ failed (TypeError: fetch failed).`,
    );
    expect(result.stderr).toContain('ELECTRON_MIRROR=');
    expect(result.stderr).toContain('electron_config_cache=');
    expect(result.stderr).toContain('electron-v45.4.1-<platform>-<arch>.zip');
    expect(result.stderr).toContain('npm run dev:browser');
    expect(result.stderr).not.toMatch(/failed to install correctly/i);
  });

  it('uses the binary the installer puts in place, and ELECTRON_OVERRIDE_DIST_PATH as Electron does', async () => {
    const { electron } = project(
      [],
      [
        "import { mkdirSync, writeFileSync } from 'node:fs';",
        "mkdirSync(new URL('./dist', import.meta.url), { recursive: true });",
        "writeFileSync(new URL('./dist/electron', import.meta.url), 'binary');",
        "writeFileSync(new URL('./path.txt', import.meta.url), 'electron');",
      ].join('\n'),
    );
    writeFileSync(join(electron, 'package.json'), '{ "name": "electron", "version": "45.4.1", "type": "module" }');
    const pkg = { dir: electron, version: '45.4.1' };
    expect(installedBinary(pkg, {})).toBeUndefined();
    expect(await ensureElectronBinary(pkg, { PATH: process.env.PATH }, () => undefined)).toEqual({
      binary: join(electron, 'dist', 'electron'),
    });
    // Electron's own override: the binary is looked for there, not in dist/.
    const elsewhere = join(dir, 'electron-build');
    mkdirSync(elsewhere);
    expect(installedBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toBeUndefined();
    writeFileSync(join(elsewhere, 'electron'), 'binary');
    chmodSync(join(elsewhere, 'electron'), 0o755);
    expect(installedBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toBe(join(elsewhere, 'electron'));
  });
});
