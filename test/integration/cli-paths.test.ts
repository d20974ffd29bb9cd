// Relative paths given to the CLI are the caller's: `npm run easel` runs the command in the
// checkout, but --out, --to, --data-dir, imported files, --init-image and manifests resolve against
// the folder the user typed the command in (npm's INIT_CWD). Real npm, real child processes, the
// local emulator.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createCliHarness, json, REPO_ROOT, type CliHarness, type CliResult } from './cli-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const SD35 = 'stability.sd3-5-large-v1:0';

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** `npm --prefix <checkout> run easel -- ...args`, typed in `caller`: npm sets INIT_CWD and runs in the checkout. */
function npmRunEasel(harness: CliHarness, caller: string, args: readonly string[]): Promise<CliResult> {
  const npm = process.env.npm_execpath;
  const [command, prefix] =
    npm !== undefined && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', [] as string[]];
  const child = spawn(command, [...prefix, '--prefix', REPO_ROOT, 'run', '--silent', 'easel', '--', ...args], {
    cwd: caller,
    env: { ...harness.env, HOME: harness.dir, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function callerFolder(harness: CliHarness): Promise<string> {
  const caller = join(harness.dir, 'caller');
  await mkdir(caller, { recursive: true });
  await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#447755' } })
    .png()
    .toFile(join(caller, 'start.png'));
  return caller;
}

describe('relative paths from `npm run easel` resolve against the caller (INIT_CWD)', () => {
  it('--data-dir, --out, --init-image, import paths and --to', async () => {
    h = await createCliHarness();
    const caller = await callerFolder(h);

    const where = await npmRunEasel(h, caller, ['data', 'where', '--data-dir', 'my-data', '--json']);
    expect(where.code, where.stderr).toBe(0);
    expect(json<{ dataDir: string }>(where).dataDir).toBe(join(caller, 'my-data'));

    const generated = await npmRunEasel(h, caller, ['generate', 'a red fox', '--model', CORE, '--out', './art']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(await readdir(join(caller, 'art'))).toHaveLength(1);

    const edited = await npmRunEasel(h, caller, [
      'generate',
      'a fox in snow',
      '--model',
      SD35,
      '--init-image',
      'start.png',
      '--strength',
      '0.5',
      '--json',
    ]);
    expect(edited.code, edited.stderr).toBe(0);

    const imported = await npmRunEasel(h, caller, ['import', './start.png', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    // found in the caller's folder (it is the init image again, so the library already has it)
    const rows = json<{ file: string; status: string; imageId: string }[]>(imported);
    expect(rows).toMatchObject([{ file: './start.png', status: 'imported' }]);

    const exported = await npmRunEasel(h, caller, [
      'library',
      'export',
      rows[0]!.imageId,
      '--to',
      'exported',
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(await readdir(join(caller, 'exported'))).toHaveLength(1);

    // nothing landed in the checkout
    for (const name of ['my-data', 'art', 'exported']) expect(existsSync(join(REPO_ROOT, name))).toBe(false);
  });

  it('data move DIR', async () => {
    h = await createCliHarness();
    const caller = await callerFolder(h);
    // The OS default folder (a data folder chosen by EASEL_HOME is not moved).
    delete h.env.EASEL_HOME;
    h.env.XDG_CONFIG_HOME = join(h.dir, 'xdg');
    const moved = await npmRunEasel(h, caller, ['data', 'move', 'moved-data', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(json<{ to: string }>(moved).to).toBe(join(caller, 'moved-data'));
    expect(existsSync(join(REPO_ROOT, 'moved-data'))).toBe(false);
  });

  it('a batch manifest and its --out', async () => {
    h = await createCliHarness();
    const caller = await callerFolder(h);
    await mkdir(join(caller, 'plans'));
    await writeFile(
      join(caller, 'plans', 'rocks.yaml'),
      `name: rocks\ndefaults:\n  model: ${CORE}\nassets:\n  - key: rock\n    prompt: a mossy rock\n    seed: 3\n`,
    );
    const result = await npmRunEasel(h, caller, ['batch', 'plans/rocks.yaml', '--out', 'tiles', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ manifest: string }>(result).manifest).toBe(join(caller, 'plans', 'rocks.yaml'));
    expect(await readdir(join(caller, 'tiles'))).toEqual(['rock_1.png']);
  });

  it("another package's script that calls the easel bin keeps npm's working directory, as npm scripts do", async () => {
    h = await createCliHarness();
    const caller = await callerFolder(h);
    // What npm sets for a script named "art" of a package "my-game", typed in a subfolder of it.
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(REPO_ROOT, 'bin/easel.js'), 'data', 'where', '--data-dir', 'd', '--json'],
        {
          cwd: h!.dir,
          env: { ...h!.env, INIT_CWD: caller, npm_lifecycle_event: 'art', npm_package_name: 'my-game' },
        },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr: '' }));
    });
    expect(json<{ dataDir: string }>(result).dataDir).toBe(join(h.dir, 'd'));
  });
});
