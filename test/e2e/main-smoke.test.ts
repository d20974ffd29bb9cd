// The bundled Electron main process, started in plain Node against a stand-in for Electron's
// built-in module (test/support/fake-electron: the true process boundary, since the Electron binary
// cannot be downloaded here). It proves the bundle loads its natives, opens the studio, registers
// the hardened window, both protocols and the one IPC gate, and answers like the real app.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain } from '../../scripts/build.ts';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;

interface Report {
  windows: { webPreferences: Record<string, unknown> }[];
  loadedUrls: string[];
  protocols: { privileged: { scheme: string; privileges: Record<string, boolean> }[]; handled: string[] };
  ipc: { handle: string[]; on: string[] };
  menu: boolean;
  checks: Record<string, unknown>;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'easel-main-smoke-'));
  await buildMain(path.join(dir, 'out'));
  // node_modules beside the bundle: the real packages, but `electron` is the stand-in.
  const modules = path.join(dir, 'node_modules');
  await mkdir(modules);
  for (const name of await readdir(path.join(root, 'node_modules'))) {
    if (name !== 'electron' && !name.startsWith('.'))
      await symlink(path.join(root, 'node_modules', name), path.join(modules, name));
  }
  await cp(path.join(root, 'test/support/fake-electron'), path.join(modules, 'electron'), { recursive: true });
  await cp(path.join(root, 'package.json'), path.join(dir, 'package.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the bundled main process', () => {
  it('boots: hardened window, privileged protocols, one IPC gate, and the studio answers', async () => {
    const reportFile = path.join(dir, 'report.json');
    const home = path.join(dir, 'home');
    await promisify(execFile)(process.execPath, [path.join(dir, 'out/main/main.js')], {
      cwd: dir,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        EASEL_HOME: home,
        FAKE_ELECTRON_REPORT: reportFile,
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      },
    });
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;

    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String(report.windows[0]?.webPreferences['preload'])).toMatch(/preload[\\/]preload\.cjs$/);
    expect(report.loadedUrls).toEqual(['easel-app://renderer/index.html']);
    expect(report.protocols.privileged.map((p) => p.scheme).sort()).toEqual(['easel-app', 'easel-image']);
    expect(report.protocols.handled.sort()).toEqual(['easel-app', 'easel-image']);
    expect(report.ipc.handle).toEqual(['easel:invoke']);
    expect(report.menu).toBe(true);

    expect(report.checks['error']).toBeUndefined();
    expect(report.checks['appInfo']).toMatchObject({
      ok: true,
      value: { name: 'Easel', dataDir: home, demoMode: false },
    });
    expect(report.checks['foreignSender']).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(report.checks['badPayload']).toMatchObject({ ok: false, error: { code: 'validation', field: 'imageId' } });
    expect(report.checks['unknownImage']).toBe(404);
    expect([400, 404]).toContain(report.checks['traversal']);
    // The studio really opened its library in the data folder.
    expect(await readdir(home)).toEqual(expect.arrayContaining(['easel.db']));
  });

  it('keeps a Bedrock API key pasted in Settings encrypted by safeStorage, and answers only its mask', async () => {
    const key = 'ABSKQmVkcm9ja0FQSUtleS1zbW9rZS10ZXN0LTAwMDAwMDAwMDA6c2VjcmV0';
    const reportFile = path.join(dir, 'report-key.json');
    const home = path.join(dir, 'home-key');
    await promisify(execFile)(process.execPath, [path.join(dir, 'out/main/main.js')], {
      cwd: dir,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        EASEL_HOME: home,
        FAKE_ELECTRON_REPORT: reportFile,
        FAKE_ELECTRON_API_KEY: key,
        AWS_REGION: 'us-west-2',
        AWS_CONFIG_FILE: path.join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      },
    });
    const text = await readFile(reportFile, 'utf8');
    expect(text).not.toContain(key.slice(4, 24));
    const report = JSON.parse(text) as Report;
    expect(report.checks['error']).toBeUndefined();
    const status = { configured: true, source: 'settings', masked: 'ABSK…cmV0', canStore: true, storeProblem: null };
    expect(report.checks['apiKeySet']).toEqual({ ok: true, value: status });
    expect(report.checks['apiKeyStatus']).toEqual({ ok: true, value: status });
    expect(report.checks['profiles']).toEqual({
      ok: true,
      value: {
        profiles: [
          { name: '(Bedrock API key)', kind: 'api-key', region: 'us-west-2', isDefault: true, maskedKey: 'ABSK…cmV0' },
        ],
      },
    });
    const stored = await readFile(path.join(home, 'secrets', 'bedrock-api-key.bin'));
    expect(stored.length).toBeGreaterThan(key.length);
    expect(stored.toString('latin1')).not.toContain(key.slice(4, 24));
  });
});
