// A generated image that is damaged past its header (the emulator's `cutImages` knob): it passes the
// answer's checks, its decode (started as the answer arrives, before the spool) refuses it, and
// nothing of it lands anywhere. Real SQLite, files, sharp and SDK against the emulator.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billedTotal, createHarness, ledgerTotals, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const CORE_PRICE = 40_000;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/** Every file under `folder` (none when it does not exist). */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('a generated image cut short', () => {
  it('fails its job with bad-image, lands nowhere, and is charged once (Bedrock billed it)', async () => {
    harness = await createHarness({ emulator: { cutImages: true } });
    const { studio, emulator, dataDir } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a red fox in snow', seed: 42 });
    await studio.whenIdle();

    const job = studio.getJob(jobs[0]!.id);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'bad-image', imageId: null });
    expect(job.errorMessage).toMatch(/damaged or cut short/);
    expect(await filesUnder(join(dataDir, 'library'))).toEqual([]);
    expect(await filesUnder(join(dataDir, 'thumbs'))).toEqual([]);
    expect(await filesUnder(join(dataDir, 'tmp'))).toEqual([]);
    expect(await filesUnder(join(dataDir, 'spool'))).toEqual([]);

    const totals = ledgerTotals(studio);
    expect(totals.charge).toBe(CORE_PRICE);
    expect((totals.reservation ?? 0) + (totals.release ?? 0)).toBe(0);
    expect(billedTotal(emulator)).toBe(CORE_PRICE);
  });
});
