// Migration 003 and the batch-item claim: one job holds a batch key at a time, across connections
// (each connection stands for a process: the claim is read and taken in queue's IMMEDIATE transaction).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db.ts';
import { GenerationsRepo } from './generations-repo.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { tempDir } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dbFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir, 'easel.db');
}

const params = { modelId: 'stability.stable-image-core-v1:1', prompt: 'an oak tree' };
const item = (batchKey: string) => ({ params, estimateMicroUsd: 40_000, batchKey });

describe('migration 003 (batch claims)', () => {
  it('backfills each key with the job that holds it: running or succeeded, else the newest', () => {
    const file = dbFile();
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) });
    const insert = old.prepare(
      "INSERT INTO generations (id, created_at, status, model_id, params, batch_key) VALUES (?, '2026-01-01T00:00:00.000Z', ?, 'm', '{}', ?)",
    );
    // b/a#0: failed, then succeeded, then failed again (a retry) → the success holds it.
    insert.run(1, 'failed', 'b/a#0');
    insert.run(2, 'succeeded', 'b/a#0');
    insert.run(3, 'failed', 'b/a#0');
    // b/a#1: two successes (the race this migration ends) → the newer one.
    insert.run(4, 'succeeded', 'b/a#1');
    insert.run(5, 'succeeded', 'b/a#1');
    // b/a#2: only failures → the newest, which lets a new job take the key.
    insert.run(6, 'failed', 'b/a#2');
    insert.run(7, 'cancelled', 'b/a#2');
    insert.run(8, 'queued', null);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT batch_key, generation_id FROM batch_claims ORDER BY batch_key').all()).toEqual([
      { batch_key: 'b/a#0', generation_id: 2 },
      { batch_key: 'b/a#1', generation_id: 5 },
      { batch_key: 'b/a#2', generation_id: 7 },
    ]);
    const repo = new GenerationsRepo(db);
    const { jobs, held } = repo.queue([item('b/a#0'), item('b/a#1'), item('b/a#2')]);
    expect(held.map((j) => j.id)).toEqual(['2', '5']);
    expect(jobs.map((j) => j.batchKey)).toEqual(['b/a#2']);
    db.close();
  });
});

describe('GenerationsRepo.queue with batch keys', () => {
  it('claims each key once across two connections; a failed holder lets the next run take it', () => {
    const file = dbFile();
    const a = openDatabase(file);
    const b = openDatabase(file);
    const first = new GenerationsRepo(a);
    const second = new GenerationsRepo(b);
    const one = first.queue([item('m/x#0'), item('m/x#1')]);
    expect(one.held).toEqual([]);
    const two = second.queue([item('m/x#0'), item('m/x#1'), item('m/x#2')]);
    // The second connection gets the first's jobs back for the keys they hold, and queues only the new one.
    expect(two.held.map((j) => j.id)).toEqual(one.jobs.map((j) => j.id));
    expect(two.jobs.map((j) => j.batchKey)).toEqual(['m/x#2']);
    // Nothing was reserved for the held items: three reservations in all.
    expect(a.prepare("SELECT count(*) AS n FROM spend WHERE kind = 'reservation'").get()).toEqual({ n: 3 });
    // The same key twice in one call: one job.
    expect(first.queue([item('m/y#0'), item('m/y#0')]).jobs).toHaveLength(1);

    const [x0, x1] = one.jobs;
    if (!x0 || !x1) throw new Error('two jobs expected');
    first.claim(x0.id);
    first.recordGenerationOutcome({
      jobId: x0.id,
      status: 'failed',
      charge: { kind: 'none' },
      error: { code: 'model-error', message: 'boom' },
    });
    first.cancelQueued(x1.id);
    const three = second.queue([item('m/x#0'), item('m/x#1')]);
    expect(three.held).toEqual([]);
    expect(three.jobs.map((j) => j.batchKey)).toEqual(['m/x#0', 'm/x#1']);
    expect(b.prepare('SELECT generation_id FROM batch_claims WHERE batch_key = ?').get('m/x#0')).toEqual({
      generation_id: Number(three.jobs[0]?.id),
    });
    // Jobs without a batch key never claim anything.
    expect(
      first.queue([
        { params, estimateMicroUsd: 1 },
        { params, estimateMicroUsd: 1 },
      ]).jobs,
    ).toHaveLength(2);
    a.close();
    b.close();
  });
});
