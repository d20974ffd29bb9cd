// `easel spend` and `easel spend resolve` as child processes against the emulator, for a chat turn
// and an image job left uncertain by a kill -9 while their request was at Bedrock: both are listed
// (--json uncertainSpend, with the arguments that settle them), each settles once (a second try
// exits 2 and changes nothing), the job's --json answer keeps its {job} shape, and the ledger's
// sums move by exactly the settled amounts.
import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

interface Entry {
  kind: string;
  id: string;
  label: string;
  detail: string;
  microUsd: number;
  resolve: string;
}
interface Spend {
  totalMicroUsd: number;
  uncertainMicroUsd: number;
  uncertainJobs: { jobId: string; microUsd: number }[];
  uncertainSpend: Entry[];
}

function read<T>(dataDir: string, sql: string): T[] {
  const db = new Database(join(dataDir, 'easel.db'), { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

const bucketSums = (dataDir: string) =>
  Object.fromEntries(
    read<{ bucket: string; total: number }>(
      dataDir,
      'SELECT bucket, SUM(amount_micro_usd) AS total FROM spend GROUP BY bucket ORDER BY bucket',
    ).map((r) => [r.bucket, r.total]),
  );

/** Starts `easel ...args` and kills it (-9) once its request is at Bedrock (the row in flight). */
async function killWhileSending(harness: CliHarness, args: string[], inFlight: string) {
  const { child, done } = harness.start(args);
  const sent = () => {
    try {
      return read<{ n: number }>(harness.dataDir, `SELECT count(*) AS n FROM ${inFlight}`)[0]?.n;
    } catch {
      return 0; // the database is not made yet
    }
  };
  // A child's start under a loaded machine can take many seconds: wait for it, not a fixed time.
  await expect.poll(sent, { timeout: 90_000, interval: 50 }).toBe(1);
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
}

describe('easel spend resolve', () => {
  it('settles an interrupted chat turn (--chat-turn) and image job once each; --json keeps its shapes', async () => {
    h = await createCliHarness({ emulator: { bedrock2025: false, previewAccess: true } });
    const file = join(h.dir, 'source.png');
    await writeFile(
      file,
      await sharp({ create: { width: 320, height: 240, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
    );
    const imported = json<{ imageId: string }[]>(await h.run(['import', file, '--json']));
    // Long enough that a busy machine still sees the request at Bedrock before it is answered (a
    // job is 'sending' while it writes the request, then 'waiting' for the answer).
    h.emulator.configure({ latencyMs: 10_000 });
    await killWhileSending(
      h,
      ['chat', imported[0]?.imageId ?? '', 'add a red boat', '--json'],
      "chat_turns WHERE status = 'sending'",
    );
    await killWhileSending(
      h,
      ['generate', 'a lighthouse', '--model', CORE, '--json'],
      "generations WHERE status IN ('sending', 'waiting')",
    );
    h.emulator.configure({ latencyMs: 0 });

    const spend = json<Spend>(await h.run(['spend', '--json']));
    const [job, turn] = [...spend.uncertainSpend].sort((a, b) => a.kind.localeCompare(b.kind)).reverse();
    expect(turn).toMatchObject({ kind: 'chat-turn', detail: 'add a red boat', resolve: `--chat-turn ${turn?.id}` });
    expect(turn?.label).toMatch(/^Chat turn 1 in /);
    expect(job).toMatchObject({ kind: 'job', detail: 'a lighthouse', resolve: job?.id });
    expect(spend.uncertainJobs.map((j) => j.jobId)).toEqual([job?.id]);
    expect(spend.uncertainMicroUsd).toBe((turn?.microUsd ?? 0) + (job?.microUsd ?? 0));
    const text = await h.run(['spend']);
    expect(text.stdout).toContain(`--chat-turn ${turn?.id}`);
    expect(text.stdout).toContain(turn?.label);

    const before = bucketSums(h.dataDir);
    const settled = await h.run(['spend', 'resolve', '--chat-turn', turn?.id ?? '', '--billed', '--json']);
    expect(settled.code, settled.stderr).toBe(0);
    expect(JSON.parse(settled.stdout)).toEqual({
      settled: {
        kind: 'chat-turn',
        id: turn?.id,
        label: turn?.label,
        billed: true,
        releasedMicroUsd: turn?.microUsd,
        chargedMicroUsd: turn?.microUsd,
        threadId: expect.any(String),
        videoJobId: null,
      },
    });
    const again = await h.run(['spend', 'resolve', '--chat-turn', turn?.id ?? '', '--not-billed', '--json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already settled/);

    const resolvedJob = await h.run(['spend', 'resolve', job?.id ?? '', '--not-billed', '--json']);
    expect(resolvedJob.code, resolvedJob.stderr).toBe(0);
    const answer = JSON.parse(resolvedJob.stdout) as { job: Record<string, unknown>; settled: unknown };
    expect(answer.job).toMatchObject({ id: job?.id, status: 'interrupted', priceMicroUsd: 0, modelId: CORE });
    expect(answer.settled).toMatchObject({ kind: 'job', id: job?.id, chargedMicroUsd: 0 });
    expect((await h.run(['spend', 'resolve', job?.id ?? '', '--billed'])).code).toBe(2);

    expect(bucketSums(h.dataDir)).toEqual({
      ...before,
      uncertain: 0,
      spend: (before.spend ?? 0) + (turn?.microUsd ?? 0),
    });
    const after = json<Spend>(await h.run(['spend', '--json']));
    expect(after).toMatchObject({ uncertainMicroUsd: 0, uncertainJobs: [], uncertainSpend: [] });
    expect(after.totalMicroUsd).toBe(spend.totalMicroUsd + (turn?.microUsd ?? 0));

    // One thing at a time, and the usage says how.
    const both = await h.run(['spend', 'resolve', job?.id ?? '', '--chat-turn', '1', '--billed']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one job id, --chat-turn ID or --video-segment ID/);
  }, 300_000);
});
