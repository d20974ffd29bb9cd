// A studio over a temp data folder, talking to a local Bedrock emulator through the real AWS SDK
// with temp AWS config files (the emulator's test credentials in a [default] profile).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio, type StudioOptions } from '../../src-main/core/studio/index.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src-main/emulator/index.ts';
import type { JobUpdate } from '../../src-main/core/jobs/index.ts';
import { writeEmulatorAwsProfile } from '../support/emulator-aws.ts';

export { billedTotal } from '../support/emulator-aws.ts';

export interface Harness {
  dir: string;
  dataDir: string;
  env: Record<string, string>;
  emulator: RunningEmulator;
  studio: Studio;
  open(options?: Partial<StudioOptions>): Studio;
  /** Resolves with the first update that matches. */
  nextUpdate(predicate: (update: JobUpdate) => boolean, studio?: Studio): Promise<JobUpdate>;
  cleanup(): Promise<void>;
}

export const FAST_RETRY = { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 10 };

export async function createHarness(
  /** `env`: added to the studio's environment (e.g. EASEL_VIDEO_POLL_MS). */
  options: { emulator?: EmulatorOptions; studio?: Partial<StudioOptions>; env?: Record<string, string> } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-studio-'));
  // The Bedrock of today (2026): models run only where they run. Tests of the 2025 behaviour pass
  // `emulator: BEDROCK_2025` (the emulator plays 2025 and Easel calls every model as given).
  const emulator = await startEmulator({ port: 0, randomSeed: 7, ...options.emulator });
  const env: Record<string, string> = {
    ...(await writeEmulatorAwsProfile(dir, emulator)),
    // The Bedrock of 2025 served every model in every region: Easel calls each by its id there.
    ...(emulator.config().bedrock2025 ? { EASEL_BEDROCK_2025: '1' } : {}),
    // The emulator plays S3 too, on the same port (video output buckets).
    AWS_ENDPOINT_URL_S3: emulator.url,
    ...options.env,
  };
  const dataDir = join(dir, 'data');
  const studios: Studio[] = [];
  const open = (extra: Partial<StudioOptions> = {}): Studio => {
    const studio = createStudio({
      dataDir,
      env,
      retry: FAST_RETRY,
      networkBackoff: { initialMs: 20, maxMs: 200 },
      ...options.studio,
      ...extra,
    });
    studios.push(studio);
    return studio;
  };
  const studio = open();
  return {
    dir,
    dataDir,
    env,
    emulator,
    studio,
    open,
    nextUpdate(predicate, which = studio) {
      return new Promise((resolve) => {
        const off = which.onJobUpdate((update) => {
          if (!predicate(update)) return;
          off();
          resolve(update);
        });
      });
    },
    async cleanup() {
      for (const s of studios) await s.close();
      await emulator.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ledger charges per kind, summed. */
export function ledgerTotals(studio: Studio): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const entry of studio.library.spend.entries())
    totals[entry.kind] = (totals[entry.kind] ?? 0) + entry.amountMicroUsd;
  return totals;
}
