// Uncertain spend of chat turns and video segments settled where image jobs' is (spend.uncertain,
// spend.settle), through the IPC gate over the real studio, real SQLite and the real SDK against
// the emulator: the entries are listed with what they were, settling charges or releases exactly
// the open amount in one transaction, a second settle is refused with nothing counted twice, and
// the trigger-kept rollups still equal the ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CallName, EventEnvelope } from '../../src-shared/contract/index.ts';
import { createIpcGate } from '../../src-main/electron/ipc.ts';
import type { Studio } from '../../src-main/core/studio/index.ts';
import { rollupsAndRows } from '../../src-main/core/storage/test-support.ts';
import { createVideoHarness, type VideoHarness } from '../support/video-harness.ts';
import { createHarness, type Harness } from './studio-harness.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** The studio behind the same gate the window's calls go through (validated requests and answers). */
function gateOf(studio: Studio) {
  const gate = createIpcGate(studio.handlers, { isTrustedSender: () => true, validateResponses: true });
  return async (name: CallName, payload: unknown): Promise<unknown> => {
    const answer = await gate({}, name, payload);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value;
  };
}

/** Ledger sums per bucket, straight from the rows. */
function buckets(studio: Studio): Record<string, number> {
  const rows = studio.library.db
    .prepare<[], { bucket: string; total: number }>(
      'SELECT bucket, SUM(amount_micro_usd) AS total FROM spend GROUP BY bucket ORDER BY bucket',
    )
    .all();
  return Object.fromEntries(rows.map((r) => [r.bucket, r.total]));
}

function expectRollupsEqualLedger(studio: Studio): void {
  const { kept, rebuilt } = rollupsAndRows(studio.library.db);
  expect(kept).toEqual(rebuilt);
}

interface Listed {
  jobs: { id: string }[];
  entries: { kind: string; id: string; label: string; detail: string; microUsd: number; amountEditable: boolean }[];
}

describe('a chat turn with uncertain spend', () => {
  async function cancelledTurn(): Promise<{ h: Harness; turnId: string; threadId: string; estimate: number }> {
    const h = await createHarness({ emulator: { bedrock2025: false, previewAccess: true } });
    cleanup = () => h.cleanup();
    const file = join(h.dir, 'harbour.png');
    await writeFile(
      file,
      await sharp({ create: { width: 256, height: 192, channels: 3, background: '#305070' } })
        .png()
        .toBuffer(),
    );
    const [imported] = await h.studio.importFiles([file]);
    // A first turn that succeeds, so the uncertain one is turn 2 of its thread.
    const first = await h.studio.chat('make the sky stormy', { imageId: imported?.imageId ?? '' });
    h.emulator.configure({ latencyMs: 2_000 });
    let sendingId = '';
    const off = h.studio.onEvent((e) => {
      if (e.name === 'chat.turn' && e.payload.turn.status === 'sending') sendingId = e.payload.turn.id;
    });
    const pending = h.studio.chat('add a red boat', { threadId: first.thread.id });
    await expect.poll(() => sendingId).not.toBe('');
    await new Promise((r) => setTimeout(r, 150));
    h.studio.cancelChatTurn(sendingId);
    const { turn } = await pending;
    off();
    h.emulator.configure({ latencyMs: 0 });
    expect(turn.status).toBe('cancelled');
    return { h, turnId: turn.id, threadId: first.thread.id, estimate: turn.estimateMicroUsd ?? 0 };
  }

  it('is listed in Spend as "Chat turn 2 in <thread>", and billed charges its estimate once', async () => {
    const { h, turnId, threadId, estimate } = await cancelledTurn();
    const call = gateOf(h.studio);
    expect(estimate).toBeGreaterThan(0);
    const title = h.studio.chatThread(threadId).thread.title;
    const listed = (await call('spend.uncertain', {})) as Listed;
    expect(listed.jobs).toEqual([]);
    expect(listed.entries).toEqual([
      expect.objectContaining({
        kind: 'chat-turn',
        id: turnId,
        label: `Chat turn 2 in “${title}”`,
        detail: 'add a red boat',
        microUsd: estimate,
        amountEditable: true,
        threadId,
      }),
    ]);
    const before = buckets(h.studio);
    expect(before.uncertain).toBe(estimate);
    const events: EventEnvelope[] = [];
    h.studio.onEvent((e) => events.push(e));

    const answer = (await call('spend.settle', { kind: 'chat-turn', id: turnId, billed: true })) as {
      settled: { chargedMicroUsd: number; releasedMicroUsd: number };
    };
    expect(answer.settled).toMatchObject({ kind: 'chat-turn', id: turnId, chargedMicroUsd: estimate });
    expect(answer.settled.releasedMicroUsd).toBe(estimate);
    const after = buckets(h.studio);
    expect(after.uncertain).toBe(0);
    expect(after.spend).toBe((before.spend ?? 0) + estimate);
    expect(after.hold).toBe(before.hold);
    expect(h.studio.spendSummary()).toMatchObject({ uncertainMicroUsd: 0, totalMicroUsd: after.spend });
    expect(h.studio.chatThread(threadId).turns.find((t) => t.id === turnId)?.priceMicroUsd).toBe(estimate);
    // The chat view hears of it (the turn's new price).
    expect(events.some((e) => e.name === 'chat.turn' && e.payload.turn.id === turnId)).toBe(true);
    expect(((await call('spend.uncertain', {})) as Listed).entries).toEqual([]);
    expectRollupsEqualLedger(h.studio);

    // A second settle (either way) is refused, and nothing moves.
    await expect(call('spend.settle', { kind: 'chat-turn', id: turnId, billed: false })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/already settled/),
    });
    expect(buckets(h.studio)).toEqual(after);
    expectRollupsEqualLedger(h.studio);
  });

  it('not billed releases it (nothing charged); a malformed settle is refused in main', async () => {
    const { h, turnId, estimate } = await cancelledTurn();
    const call = gateOf(h.studio);
    const before = buckets(h.studio);
    await call('spend.settle', { kind: 'chat-turn', id: turnId, billed: false, note: 'not on the bill' });
    const after = buckets(h.studio);
    expect(after).toEqual({ ...before, uncertain: 0 });
    expect(h.studio.library.chat.turn(turnId).priceMicroUsd).toBe(0);
    expect(before.uncertain).toBe(estimate);
    expectRollupsEqualLedger(h.studio);

    // The IPC input is checked in main: a malformed settle never reaches the ledger.
    for (const bad of [
      { kind: 'chat-turn', id: turnId, billed: 'yes' },
      { kind: 'chat', id: turnId, billed: true },
      { kind: 'chat-turn', id: turnId, billed: true, amountMicroUsd: -1 },
      { kind: 'chat-turn', id: turnId, billed: true, amountMicroUsd: 1.5 },
      { kind: 'chat-turn', id: '../1', billed: true },
      { kind: 'chat-turn', id: turnId, billed: true, extra: 1 },
    ])
      await expect(call('spend.settle', bad)).rejects.toMatchObject({ code: 'validation' });
    expect(buckets(h.studio)).toEqual(after);
    await expect(call('spend.settle', { kind: 'chat-turn', id: '999', billed: true })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('video segments with uncertain spend', () => {
  async function cancelledPath(): Promise<{ h: VideoHarness; jobId: string; segments: string[] }> {
    const h = await createVideoHarness({ emulator: { videoSeconds: 20 } });
    cleanup = () => h.cleanup();
    const ids = await h.addImages(['#aa0000', '#00aa00', '#0000aa', '#aaaa00']);
    h.studio.library.settings.set('jobs.concurrency', 2);
    const started = await h.studio.startVideo({
      imageIds: ids,
      cameras: ['push-in', 'pan-left', 'crane-up'],
      prompt: 'a lighthouse at dusk',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '16:9',
      loop: false,
    });
    const running = () =>
      h.studio
        .getVideo(started.id)
        .segments.filter((s) => s.status === 'running')
        .map((s) => s.position);
    await expect.poll(running, { timeout: 20_000 }).toHaveLength(2);
    const job = await h.studio.cancelVideo(started.id);
    expect(job.segments.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // Segment ids are the ledger's (the contract's segments go by position).
    const segments = h.studio.library.db
      .prepare<[number], { id: number }>(
        'SELECT id FROM video_segments WHERE video_job_id = ? AND invocation_arn IS NOT NULL ORDER BY position',
      )
      .all(Number(started.id))
      .map((r) => String(r.id));
    expect(segments).toHaveLength(2);
    return { h, jobId: started.id, segments };
  }

  it('each started segment is listed ("Video segment 1 of 3"), settled on its own at its known price', async () => {
    const { h, jobId, segments } = await cancelledPath();
    const [first = '', second = ''] = segments;
    const call = gateOf(h.studio);
    const perSegment = 3_750_000;
    const listed = (await call('spend.uncertain', {})) as Listed;
    expect(listed.entries.map((e) => [e.kind, e.id, e.label, e.detail, e.microUsd, e.amountEditable])).toEqual([
      ['video-segment', first, `Video segment 1 of 3 (video ${jobId})`, 'a lighthouse at dusk', perSegment, false],
      ['video-segment', second, `Video segment 2 of 3 (video ${jobId})`, 'a lighthouse at dusk', perSegment, false],
    ]);
    const before = buckets(h.studio);
    expect(before.uncertain).toBe(2 * perSegment);
    expect(h.studio.getVideo(jobId).uncertainMicroUsd).toBe(2 * perSegment);

    // Its price is known: another amount is refused, and nothing moves.
    await expect(
      call('spend.settle', { kind: 'video-segment', id: first, billed: true, amountMicroUsd: 1 }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/known price/) });
    expect(buckets(h.studio)).toEqual(before);

    const events: EventEnvelope[] = [];
    h.studio.onEvent((e) => events.push(e));
    await call('spend.settle', { kind: 'video-segment', id: first, billed: true });
    await call('spend.settle', { kind: 'video-segment', id: second, billed: false });
    const after = buckets(h.studio);
    expect(after).toEqual({ ...before, uncertain: 0, spend: (before.spend ?? 0) + perSegment });
    expect(h.videoLedger().filter((e) => e.kind === 'charge')).toEqual([
      { kind: 'charge', amount: perSegment, segment: Number(first), bucket: 'spend' },
    ]);
    const job = h.studio.getVideo(jobId);
    expect(job).toMatchObject({ chargedMicroUsd: perSegment, uncertainMicroUsd: 0 });
    expect(events.filter((e) => e.name === 'video.updated')).toHaveLength(2);
    expect(h.studio.spendSummary()).toMatchObject({ uncertainMicroUsd: 0, totalMicroUsd: after.spend });
    expectRollupsEqualLedger(h.studio);

    // Never twice: not from Spend, not from the Queue's per-path settle.
    await expect(call('spend.settle', { kind: 'video-segment', id: first, billed: true })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/already settled/),
    });
    expect(() => h.studio.resolveVideoSpend(jobId, true)).toThrow(/no unresolved spend/);
    expect(buckets(h.studio)).toEqual(after);
    expect(((await call('spend.uncertain', {})) as Listed).entries).toEqual([]);
    expectRollupsEqualLedger(h.studio);
  });

  it('settled per path in the Queue first, its segments are gone from Spend and cannot be settled again', async () => {
    const { h, jobId, segments } = await cancelledPath();
    const call = gateOf(h.studio);
    h.studio.resolveVideoSpend(jobId, false);
    expect(((await call('spend.uncertain', {})) as Listed).entries).toEqual([]);
    const after = buckets(h.studio);
    expect(after.uncertain).toBe(0);
    await expect(
      call('spend.settle', { kind: 'video-segment', id: segments[0] ?? '', billed: true }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/already settled/) });
    expect(buckets(h.studio)).toEqual(after);
    expectRollupsEqualLedger(h.studio);
  });
});
