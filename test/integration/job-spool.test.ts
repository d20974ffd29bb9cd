// The spool (core/jobs, "Received answers are spooled"): a job stopped after Bedrock answered is
// saved and charged once by the next start, never marked uncertain and never sent again. The "process
// gone in `saving`" state is taken for real: at the job's `saving` update (its answer spooled, the
// image not yet stored) the database is copied with VACUUM INTO and the spool file beside it — what
// a kill -9 at that moment leaves on disk.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

interface LedgerRow {
  kind: string;
  amount_micro_usd: number;
}
function ledger(studio: Studio, jobId: string): LedgerRow[] {
  return studio.library.db
    .prepare<[number], LedgerRow>('SELECT kind, amount_micro_usd FROM spend WHERE generation_id = ? ORDER BY id')
    .all(Number(jobId));
}

/** Runs one job; at its `saving` update, copies what a kill -9 would leave into `crashDir`. */
async function runAndSnapshotAtSaving(studio: Studio, dataDir: string, crashDir: string): Promise<string> {
  mkdirSync(join(crashDir, 'spool'), { recursive: true });
  let taken = false;
  const off = studio.onJobUpdate(({ job }) => {
    if (job.status !== 'saving' || taken) return;
    taken = true;
    studio.library.db.prepare('VACUUM INTO ?').run(join(crashDir, 'easel.db'));
    copyFileSync(join(dataDir, 'spool', `${job.id}.json`), join(crashDir, 'spool', `${job.id}.json`));
  });
  const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a lighthouse at dusk', task: 'text-to-image' });
  await studio.whenIdle();
  off();
  expect(taken).toBe(true);
  return jobs[0]!.id;
}

describe('spooled answers', () => {
  it('a job stopped in `saving` is saved and charged once at the next start: no uncertain spend, nothing sent again', async () => {
    const crashDir = join(h.dir, 'crashed');
    const jobId = await runAndSnapshotAtSaving(h.studio, h.dataDir, crashDir);
    const original = h.studio.getJob(jobId);
    expect(original.status).toBe('succeeded');
    const originalImage = h.studio.getImage(original.imageId!);
    // The uninterrupted run left no spool behind.
    expect(readdirSync(join(h.dataDir, 'spool'))).toEqual([]);
    const requests = h.emulator.requests();
    const billed = h.emulator.billing().length;

    // The crashed folder: the job is `saving`, its reservation held, its answer in the spool.
    const crashed = h.open({ dataDir: crashDir, resumeQueued: false });
    await crashed.whenIdle();
    expect(crashed.interruptedAtStart).toEqual([]);
    const job = crashed.getJob(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.errorCode).toBeNull();
    const image = crashed.getImage(job.imageId!);
    // The same bytes the uninterrupted run stored (same request, seed and metadata).
    expect(image.sha256).toBe(originalImage.sha256);
    expect(existsSync(join(crashDir, image.path))).toBe(true);
    const rows = ledger(crashed, jobId);
    expect(rows.map((r) => r.kind)).toEqual(['reservation', 'release', 'charge']);
    expect(rows.filter((r) => r.kind === 'charge')).toEqual([
      { kind: 'charge', amount_micro_usd: original.priceMicroUsd },
    ]);
    expect(crashed.uncertainJobs()).toEqual([]);
    expect(readdirSync(join(crashDir, 'spool'))).toEqual([]);
    // Nothing was sent again.
    expect(h.emulator.requests()).toBe(requests);
    expect(h.emulator.billing()).toHaveLength(billed);
  });

  it('a spool file whose job is already settled is deleted at the next start, the job left as it was', async () => {
    const crashDir = join(h.dir, 'crashed');
    const jobId = await runAndSnapshotAtSaving(h.studio, h.dataDir, crashDir);
    const before = h.studio.getJob(jobId);
    const ledgerBefore = ledger(h.studio, jobId);
    await h.studio.close();
    // Stopped between the outcome's commit and the spool's removal.
    copyFileSync(join(crashDir, 'spool', `${jobId}.json`), join(h.dataDir, 'spool', `${jobId}.json`));
    const reopened = h.open();
    await reopened.whenIdle();
    expect(readdirSync(join(h.dataDir, 'spool'))).toEqual([]);
    expect(reopened.getJob(jobId)).toEqual(before);
    expect(ledger(reopened, jobId)).toEqual(ledgerBefore);
  });
});

// The database's own disk full (SQLITE_FULL in the outcome transaction), without root: SQLite's
// max_page_count caps the file at its size the moment the answer is spooled. The prompt is long, so
// the image row (and its search index entry) the outcome writes needs new pages.
describe('the outcome transaction hitting a full database (max_page_count)', () => {
  it('holds the job with its answer in the spool; the next start saves and charges it once', async () => {
    const db = h.studio.library.db;
    const updates: { status: string; message: string | null }[] = [];
    h.studio.onJobUpdate(({ job, error }) => {
      updates.push({ status: job.status, message: error?.message ?? null });
      if (job.status !== 'saving') return;
      db.exec('VACUUM'); // no free page left to reuse
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    });
    const prompt = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const { jobs } = await h.studio.generate({ modelId: CORE, prompt, task: 'text-to-image' });
    await h.studio.whenIdle();
    const jobId = jobs[0]!.id;
    expect(updates.at(-1)).toEqual({
      status: 'failed',
      message: expect.stringMatching(/^Disk full: about [\d.]+ MB needed at .*Easel keeps it in .*spool/),
    });
    expect(h.studio.getJob(jobId).status).toBe('saving');
    expect(readdirSync(join(h.dataDir, 'spool'))).toEqual([`${jobId}.json`]);
    await h.studio.close();

    const reopened = h.open();
    await reopened.whenIdle();
    const job = reopened.getJob(jobId);
    expect(job.status).toBe('succeeded');
    expect(ledger(reopened, jobId).map((r) => r.kind)).toEqual(['reservation', 'release', 'charge']);
    expect(reopened.uncertainJobs()).toEqual([]);
    expect(readdirSync(join(h.dataDir, 'spool'))).toEqual([]);
    expect(h.emulator.requests()).toBe(1);
  });
});
