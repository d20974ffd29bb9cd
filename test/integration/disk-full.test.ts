// A full disk under the data folder (issue 13, item 1), on a real small file system (a tmpfs; root
// only, skipped elsewhere): work that would not fit is refused before anything is sent or charged;
// the disk filling up while an answer is saved keeps the answer in the spool, tells the listener,
// keeps the process running, and the next start saves and charges the image once.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../src-main/core/jobs/index.ts';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { canMountTmpfs, fillDisk, mountTmpfs, unmount } from '../support/tmpfs.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';

let h: Harness;
let disk: string;
let mounted = false;
const opened: Studio[] = [];
beforeEach(async () => {
  h = await createHarness();
  disk = join(h.dir, 'disk');
  mkdirSync(disk);
});
afterEach(async () => {
  for (const studio of opened.splice(0)) await studio.close();
  if (mounted) unmount(disk);
  mounted = false;
  await h.cleanup();
});

/** A tmpfs of `size` on the test's disk folder, and a studio whose data folder is on it. */
function openOnDisk(size: string): { studio: Studio; dataDir: string } {
  mountTmpfs(disk, size);
  mounted = true;
  const dataDir = join(disk, 'Easel');
  return { studio: reopen(dataDir), dataDir };
}

function reopen(dataDir: string): Studio {
  const studio = h.open({ dataDir });
  opened.push(studio);
  return studio;
}

function ledgerKinds(studio: Studio): string[] {
  return studio.library.db
    .prepare<[], { kind: string }>('SELECT kind FROM spend ORDER BY id')
    .all()
    .map((r) => r.kind);
}

describe.skipIf(!canMountTmpfs)('a full disk (tmpfs)', () => {
  it('refuses a batch that would not fit before anything is sent or reserved: "Disk full: N MB needed at <folder>"', async () => {
    const { studio, dataDir } = openOnDisk('4m');
    await expect(
      studio.generate({ modelId: CORE, prompt: 'forty', count: 40, task: 'text-to-image' }),
    ).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        new RegExp(
          `^Disk full: about [\\d.]+ MB needed at ${dataDir} \\([\\d.]+ MB free\\)\\. 40 image\\(s\\) would not fit, so nothing was sent or charged\\.`,
        ),
      ),
    });
    expect(h.emulator.requests()).toBe(0);
    expect(studio.listJobs()).toEqual([]);
    expect(ledgerKinds(studio)).toEqual([]);
  });

  it('the disk filling up while an answer is saved: the job says so, the process goes on, the next start saves and charges it once', async () => {
    const opened = openOnDisk('40m');
    const { dataDir } = opened;
    let { studio } = opened;
    const updates: JobUpdate[] = [];
    let filler: string | null = null;
    studio.onJobUpdate((update) => {
      updates.push(update);
      // Another program fills the disk once the answer is spooled, before the image is stored.
      if (update.job.status === 'saving' && !filler) filler = fillDisk(disk);
    });
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a full disk', task: 'text-to-image' });
    await studio.whenIdle();
    const jobId = jobs[0]!.id;

    const last = updates.at(-1)!;
    expect(last.job.status).toBe('failed');
    expect(last.error).toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        new RegExp(
          `^Disk full: about [\\d.]+ MB needed at ${dataDir} \\([\\d.]+ MB free\\)\\. Bedrock made \\(and billed\\) this image; Easel keeps it in ${join(dataDir, 'spool', `${jobId}.json`)}`,
        ),
      ),
    });
    // Nothing paid is lost: the answer is in the spool, the job still holds its reservation.
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([`${jobId}.json`]);
    expect(studio.getJob(jobId).status).toBe('saving');
    expect(ledgerKinds(studio)).toEqual(['reservation']);
    // The process is alive and the studio answers.
    expect(studio.listImages().images).toEqual([]);
    expect(h.emulator.billing()).toHaveLength(1);

    // Space comes back; the next start saves the image from the spool and charges it once.
    rmSync(filler!);
    await studio.close();
    studio = reopen(dataDir);
    await studio.whenIdle();
    const job = studio.getJob(jobId);
    expect(job.status).toBe('succeeded');
    expect(studio.listImages().images.map((i) => i.id)).toEqual([job.imageId]);
    expect(ledgerKinds(studio)).toEqual(['reservation', 'release', 'charge']);
    expect(studio.uncertainJobs()).toEqual([]);
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
    expect(h.emulator.requests()).toBe(1);
  });
});
