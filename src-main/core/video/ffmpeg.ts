// The ffmpeg Easel runs on the user's machine: the static build that `@ffmpeg-installer/ffmpeg`
// ships inside a per-platform npm package (linux-x64, darwin-arm64, win32-x64, …), so `npm ci`
// fetches it from the registry like any package and nothing is downloaded at run time. README.md
// ("Why this ffmpeg") says why this one. `EASEL_FFMPEG` names another binary (a platform the
// package does not cover).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { EaselError } from '../../../src-shared/errors.ts';

const requireFromHere = createRequire(import.meta.url);

let cached: string | undefined;

/** The ffmpeg binary; inside a packaged app the copy unpacked beside app.asar. */
export function ffmpegPath(): string {
  if (cached !== undefined) return cached;
  const override = process.env.EASEL_FFMPEG;
  if (override) return (cached = override);
  try {
    // The package throws (a string) on a platform it has no binary for: load it only when needed.
    const installer = requireFromHere('@ffmpeg-installer/ffmpeg') as { path: string };
    cached = installer.path.replace(`app.asar${pathSep()}`, `app.asar.unpacked${pathSep()}`);
    return cached;
  } catch (error) {
    throw new EaselError(
      'io',
      `Easel has no ffmpeg for this computer (${process.platform}-${process.arch}): ${String(error)}. ` +
        'Set EASEL_FFMPEG to an ffmpeg binary to join and read videos.',
    );
  }
}

function pathSep(): string {
  return process.platform === 'win32' ? '\\' : '/';
}

export interface FfmpegRun {
  stdout: Buffer;
  stderr: string;
}

/** Runs ffmpeg with `args` (no shell); rejects with its last stderr lines when it fails. */
export function runFfmpeg(args: readonly string[], options: { signal?: AbortSignal } = {}): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else
        reject(new EaselError('io', `ffmpeg failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
