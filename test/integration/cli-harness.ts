// Runs the real `easel` CLI as a child process (process.execPath + src-main/cli/main.ts) against an
// in-process Bedrock emulator, with a temp EASEL_HOME and temp AWS config files. The child's
// environment is built from scratch: nothing of the developer's AWS setup leaks in.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src-main/emulator/index.ts';
import { writeEmulatorAwsProfile } from '../support/emulator-aws.ts';

export { billedTotal } from '../support/emulator-aws.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO_ROOT, 'src-main/cli/main.ts');
const SHIFTED_CLOCK = join(REPO_ROOT, 'test/support/shifted-clock.ts');
export const CORE = 'stability.stable-image-core-v1:1';
export const CORE_PRICE = 40_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What a child CLI process gets besides the harness's env: more variables, a shifted clock. */
export interface ChildOptions {
  env?: Record<string, string>;
  clockShiftMs?: number;
}

export interface CliHarness {
  dir: string;
  dataDir: string;
  env: Record<string, string>;
  emulator: RunningEmulator;
  /** Runs `easel ...args` to its end; `clockShiftMs` moves the child's clock (test/support/shifted-clock.ts). */
  run(args: readonly string[], options?: { timeoutMs?: number } & ChildOptions): Promise<CliResult>;
  /** Starts `easel ...args` and hands back the child (for kill tests) plus its result. */
  start(args: readonly string[], options?: ChildOptions): { child: ChildProcess; done: Promise<CliResult> };
  cleanup(): Promise<void>;
}

export async function createCliHarness(options: { emulator?: EmulatorOptions } = {}): Promise<CliHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-cli-'));
  // The Bedrock of today (2026): models run only where they run. Tests of the 2025 behaviour pass
  // `emulator: BEDROCK_2025` (the emulator plays 2025 and Easel calls every model as given).
  const emulator = await startEmulator({ port: 0, randomSeed: 7, ...options.emulator });
  const dataDir = join(dir, 'data');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    EASEL_HOME: dataDir,
    ...(await writeEmulatorAwsProfile(dir, emulator)),
    // The Bedrock of 2025 served every model in every region: Easel calls each by its id there.
    ...(emulator.config().bedrock2025 ? { EASEL_BEDROCK_2025: '1' } : {}),
  };
  const start = (
    args: readonly string[],
    options: ChildOptions = {},
  ): { child: ChildProcess; done: Promise<CliResult> } => {
    const clock = options.clockShiftMs === undefined ? [] : ['--import', SHIFTED_CLOCK];
    const childEnv = {
      ...env,
      ...options.env,
      ...(options.clockShiftMs === undefined ? {} : { EASEL_TEST_CLOCK_SHIFT_MS: String(options.clockShiftMs) }),
    };
    const child = spawn(process.execPath, [...clock, CLI, ...args], {
      cwd: dir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const done = new Promise<CliResult>((resolveDone, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
    });
    return { child, done };
  };
  return {
    dir,
    dataDir,
    env,
    emulator,
    start,
    async run(args, runOptions = {}) {
      const { child, done } = start(args, runOptions);
      const timer = setTimeout(() => child.kill('SIGKILL'), runOptions.timeoutMs ?? 20_000);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    },
    async cleanup() {
      await emulator.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Parses stdout as JSON, failing with the whole output when it is not. */
export function json<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n--- stderr:\n${result.stderr}`);
  }
}
