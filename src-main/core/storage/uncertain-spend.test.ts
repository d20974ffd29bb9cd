// Uncertain spend of image jobs, chat turns and video segments over real SQLite, listed and settled
// through one repository: what each was, the open amount, a chat turn's billed amount given by the
// user, a video segment only at its known price, oldest first, settled once, rollups = ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { openStorage } from './storage.ts';
import { pngBytes, rollupsAndRows, testLibrary, type TestLibrary } from './test-support.ts';

const libs: TestLibrary[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.dispose();
});

/** A library with one uncertain job (40_000), chat turn 2 of "storm" (20_000) and video segment 2 of 2 (3_750_000). */
async function everyKind() {
  const l = testLibrary('2026-03-15T12:00:00.000Z');
  libs.push(l);
  const stored = await l.store.put(await pngBytes(64, 48, 1));
  const { image } = l.images.insertOrGet({ ...stored, source: 'imported' });
  const [job] = l.generations.queue([
    { params: { modelId: 'stability.sd3-5-large-v1:0', prompt: 'a red fox' }, estimateMicroUsd: 40_000 },
  ]).jobs;
  if (!job) throw new Error('no job');
  l.generations.setRunningStatus(job.id, 'waiting');
  l.generations.recoverInterrupted();

  l.advance(60_000);
  const turn = (parentTurnId: string | null, threadId: string | null) =>
    l.chat.startTurn({
      threadId,
      newThread: { rootImageId: image.id, title: 'storm' },
      parentTurnId,
      instruction: parentTurnId ? 'add a boat' : 'make it stormy',
      sourceImageId: image.id,
      modelId: 'amazon.nova-2-omni-v1:0',
      profile: 'default',
      region: 'us-east-1',
      invokeId: 'us.amazon.nova-2-omni-v1:0',
      estimateMicroUsd: 20_000,
    });
  const first = turn(null, null);
  l.chat.finishTurn({
    turnId: first.turn.id,
    status: 'succeeded',
    spend: { kind: 'charge', microUsd: 1_500, priceSource: 'catalog' },
  });
  const second = turn(first.turn.id, first.thread.id);
  l.chat.recoverInterrupted();

  l.advance(60_000);
  const video = l.videos.queue({
    request: {
      imageIds: [image.id, image.id, image.id],
      cameras: ['push-in', 'orbit-left'],
      prompt: 'a harbour',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '16:9',
      loop: false,
    },
    modelId: 'luma.ray-v2:0',
    profile: null,
    region: 'us-west-2',
    outputBase: 's3://b/p',
    deleteAfter: false,
    segments: [0, 1].map((i) => ({
      camera: 'push-in',
      frame0ImageId: image.id,
      frame1ImageId: image.id,
      seconds: 5,
      clientToken: `token-${i}`,
      estimateMicroUsd: 3_750_000,
    })),
  });
  const segments = l.videos.work(video.job.id);
  const started = segments[1];
  if (!started) throw new Error('no segment');
  l.videos.markStarting(started.id);
  l.videos.recordArn(started.id, 'arn:aws:bedrock:us-west-2:1:async-invoke/x');
  l.videos.cancel(video.job.id);
  return {
    l,
    jobId: job.id,
    turnId: second.turn.id,
    threadId: first.thread.id,
    videoJobId: video.job.id,
    segmentId: String(started.id),
  };
}

const buckets = (l: TestLibrary) =>
  Object.fromEntries(
    l.db
      .prepare<[], { bucket: string; total: number }>(
        'SELECT bucket, SUM(amount_micro_usd) AS total FROM spend GROUP BY bucket',
      )
      .all()
      .map((r) => [r.bucket, r.total]),
  );

/** Migration 012's rollups and 002's spend_days, as kept by the triggers, equal the rows they count. */
function expectRollupsEqualLedger(l: TestLibrary): void {
  const { kept, rebuilt } = rollupsAndRows(l.db);
  expect(kept).toEqual(rebuilt);
  const days = (sql: string) => l.db.prepare(sql).all();
  expect(days('SELECT bucket, day, amount_micro_usd, entries FROM spend_days ORDER BY 1, 2')).toEqual(
    days(
      'SELECT bucket, substr(at, 1, 10) AS day, SUM(amount_micro_usd) AS amount_micro_usd, count(*) AS entries FROM spend GROUP BY 1, 2 ORDER BY 1, 2',
    ),
  );
}

describe('UncertainSpendRepo', () => {
  it('lists every kind, oldest first, with what it was and its open amount', async () => {
    const { l, jobId, turnId, threadId, videoJobId, segmentId } = await everyKind();
    expect(l.uncertain.list()).toEqual([
      expect.objectContaining({
        kind: 'job',
        id: jobId,
        label: `Image job ${jobId}`,
        detail: 'a red fox',
        microUsd: 40_000,
        amountEditable: true,
      }),
      expect.objectContaining({
        kind: 'chat-turn',
        id: turnId,
        label: 'Chat turn 2 in “storm”',
        detail: 'add a boat',
        microUsd: 20_000,
        threadId,
      }),
      expect.objectContaining({
        kind: 'video-segment',
        id: segmentId,
        label: `Video segment 2 of 2 (video ${videoJobId})`,
        detail: 'a harbour',
        microUsd: 3_750_000,
        amountEditable: false,
        videoJobId,
      }),
    ]);
    expect(l.spend.summary().uncertainMicroUsd).toBe(40_000 + 20_000 + 3_750_000);
  });

  it('settles each kind as its domain does, in one go each, and never twice', async () => {
    const { l, jobId, turnId, segmentId } = await everyKind();
    const before = buckets(l);
    expect(l.uncertain.settle('job', jobId, { billed: true, amountMicroUsd: 35_000 })).toMatchObject({
      releasedMicroUsd: 40_000,
      chargedMicroUsd: 35_000,
    });
    expect(l.generations.get(jobId).priceMicroUsd).toBe(35_000);
    // A chat turn's estimate is an upper bound: the bill may say less.
    expect(l.uncertain.settle('chat-turn', turnId, { billed: true, amountMicroUsd: 12_345 })).toMatchObject({
      releasedMicroUsd: 20_000,
      chargedMicroUsd: 12_345,
    });
    expect(l.chat.turn(turnId).priceMicroUsd).toBe(12_345);
    expect(() => l.uncertain.settle('video-segment', segmentId, { billed: true, amountMicroUsd: 1 })).toThrow(
      /known price/,
    );
    expect(l.uncertain.settle('video-segment', segmentId, { billed: false })).toMatchObject({ chargedMicroUsd: 0 });
    expect(buckets(l)).toEqual({ ...before, uncertain: 0, spend: (before.spend ?? 0) + 35_000 + 12_345 });
    expect(l.uncertain.list()).toEqual([]);
    expectRollupsEqualLedger(l);

    const after = l.spend.entries().length;
    for (const [kind, id] of [
      ['job', jobId],
      ['chat-turn', turnId],
      ['video-segment', segmentId],
    ] as const) {
      const refused = (() => {
        try {
          l.uncertain.settle(kind, id, { billed: true });
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(refused).toBeInstanceOf(EaselError);
      expect(refused).toMatchObject({ code: 'validation', message: expect.stringMatching(/already settled/) });
    }
    expect(l.spend.entries()).toHaveLength(after);
    expectRollupsEqualLedger(l);
    expect(() => l.uncertain.settle('chat-turn', '424242', { billed: true })).toThrow(/no chat turn/);
  });

  it('a thing that never had uncertain spend is refused as such', async () => {
    const { l } = await everyKind();
    const finished = l.db.prepare<[], { id: number }>("SELECT id FROM chat_turns WHERE status = 'succeeded'").get();
    expect(() => l.uncertain.settle('chat-turn', String(finished?.id), { billed: true })).toThrow(
      /has no uncertain spend/,
    );
  });
});

describe('two connections to one library (a window and the CLI)', () => {
  it('the second settle of the same chat turn is refused: the check reads the committed ledger', async () => {
    const { l, turnId } = await everyKind();
    const other = openStorage({ dataDir: l.dir });
    try {
      expect(other.uncertain.list().map((e) => e.kind)).toEqual(['job', 'chat-turn', 'video-segment']);
      other.uncertain.settle('chat-turn', turnId, { billed: true });
      const entries = l.spend.entries().length;
      expect(() => l.uncertain.settle('chat-turn', turnId, { billed: false })).toThrow(/already settled/);
      expect(l.spend.entries()).toHaveLength(entries);
      expect(l.uncertain.list().map((e) => e.kind)).toEqual(['job', 'video-segment']);
    } finally {
      other.close();
    }
  });
});
