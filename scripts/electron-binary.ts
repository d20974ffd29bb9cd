// The Electron binary that `npm start` runs. The electron npm package downloads it from GitHub's
// releases (or ELECTRON_MIRROR) in its install script; when that download failed, running Electron
// ends in its own "Electron failed to install correctly". Here we look for the binary the way the
// package does (path.txt names it inside dist/, or ELECTRON_OVERRIDE_DIST_PATH), run the package's
// installer once more when it is missing, and when that fails too explain it in Easel's words.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import path from 'node:path';

export interface ElectronPackage {
  dir: string;
  version: string;
}

/** The electron package next to `from` (a file URL or path inside the project). */
export function findElectronPackage(from: string | URL): ElectronPackage | undefined {
  try {
    const manifest = createRequire(from).resolve('electron/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { dir: path.dirname(manifest), version };
  } catch {
    return undefined;
  }
}

/** The binary's path when it is there, as the package's index.js computes it. */
export function installedBinary(pkg: ElectronPackage, env: NodeJS.ProcessEnv): string | undefined {
  const pathFile = path.join(pkg.dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary =
    override !== undefined && override !== ''
      ? path.join(override, relative ?? 'electron')
      : relative === undefined
        ? undefined
        : path.join(pkg.dir, 'dist', relative);
  return binary !== undefined && existsSync(binary) ? binary : undefined;
}

/** Runs the package's own installer (the download); its output is kept for the explanation. */
export function runElectronInstaller(pkg: ElectronPackage, env: NodeJS.ProcessEnv): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    env,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  return { ok: result.status === 0, output: output.trim() };
}

/** The host the download goes to: ELECTRON_MIRROR's, else GitHub's. */
export function downloadHost(env: NodeJS.ProcessEnv): { host: string; port: number; url: string } {
  const mirror = env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror;
  const url = mirror !== undefined && mirror !== '' ? mirror : 'https://github.com/electron/electron/releases/';
  try {
    const parsed = new URL(url);
    const port = parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
    return { host: parsed.hostname, port, url };
  } catch {
    return { host: url, port: 443, url };
  }
}

/** Whether a TCP connection to the download host opens: the usual cause is no connection at all. */
export function probeHost(host: string, port: number, timeoutMs = 5_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** Easel's explanation of a missing binary: the cause, the standard settings, and what works now. */
export function missingElectronMessage(input: {
  version: string;
  url: string;
  host: string;
  unreachable: string | undefined;
  installerOutput: string;
}): string {
  const lastLine =
    input.installerOutput
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('at '))
      .at(-1) ?? '(no output)';
  const cause =
    input.unreachable === undefined
      ? `The download from ${input.url} failed: ${lastLine}`
      : `There is no connection to Electron's download host ${input.host} (${input.unreachable}), so the ` +
        `download from ${input.url} failed (${lastLine}).`;
  return [
    '',
    `Easel cannot start: the Electron ${input.version} binary is not installed.`,
    cause,
    '',
    'To install it, run npm start again once the machine can reach the host, or point the download elsewhere:',
    '  ELECTRON_MIRROR=<a mirror of the Electron releases, e.g. https://npmmirror.com/mirrors/electron/> npm start',
    `  electron_config_cache=<a folder holding electron-v${input.version}-<platform>-<arch>.zip> npm start`,
    '  (behind a proxy: ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY; see Electron\'s "Advanced Installation" guide)',
    '',
    'Use the studio in your browser now, without Electron:',
    '  npm run dev:browser',
    '',
  ].join('\n');
}

/** The binary, installing it when missing; a message for the user when it cannot be had. */
export async function ensureElectronBinary(
  pkg: ElectronPackage,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<{ binary: string } | { message: string }> {
  const present = installedBinary(pkg, env);
  if (present !== undefined) return { binary: present };
  log(`Electron ${pkg.version} is not installed yet: downloading it...`);
  const installed = runElectronInstaller(pkg, env);
  const binary = installed.ok ? installedBinary(pkg, env) : undefined;
  if (binary !== undefined) return { binary };
  const { host, port, url } = downloadHost(env);
  const unreachable = await probeHost(host, port);
  return {
    message: missingElectronMessage({
      version: pkg.version,
      url,
      host,
      unreachable,
      installerOutput: installed.output,
    }),
  };
}
