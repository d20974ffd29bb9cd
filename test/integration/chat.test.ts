// Chat through the facade over real SQLite, the real image store and the real SDK against the
// emulator: a multi-turn thread whose ledger equals the emulator's billing to the micro-dollar,
// reply images in the library linked to their source, the thread persisted across a reopen, a
// branch, the estimate reserved against a hard budget, filtered, failed and cancelled turns,
// crash recovery, availability from discovery.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ChatTurn } from '../../src-shared/contract/index.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const OMNI = 'us.amazon.nova-2-omni-v1:0';
let h: Harness;
let sourceId: string;

beforeEach(async () => {
  h = await createHarness({ emulator: { bedrock2025: false, previewAccess: true } });
  const file = join(h.dir, 'lighthouse.png');
  await writeFile(
    file,
    await sharp({ create: { width: 512, height: 384, channels: 3, background: '#2060a0' } })
      .png()
      .toBuffer(),
  );
  const [imported] = await h.studio.importFiles([file]);
  sourceId = imported?.imageId ?? '';
});
afterEach(() => h.cleanup());

const ledger = (h: Harness) =>
  h.studio.library.db
    .prepare<[], { kind: string; amount: number; chat_turn_id: number | null }>(
      'SELECT kind, amount_micro_usd AS amount, chat_turn_id FROM spend ORDER BY id',
    )
    .all();

describe('chat through the facade', () => {
  it('three turns: each edits the previous reply, lineage links each image to its source, ledger = billing', async () => {
    const events: ChatTurn[] = [];
    const off = h.studio.onEvent((e) => {
      if (e.name === 'chat.turn') events.push(e.payload.turn);
    });
    const first = await h.studio.chat('make the sky stormy', { imageId: sourceId });
    const second = await h.studio.chat('now make it green', { threadId: first.thread.id });
    const third = await h.studio.chat('keep the lighthouse, add birds', { threadId: first.thread.id });
    off();
    const turns = [first.turn, second.turn, third.turn];
    expect(turns.map((t) => [t.status, t.number, t.imageIds.length])).toEqual([
      ['succeeded', 1, 1],
      ['succeeded', 2, 1],
      ['succeeded', 3, 1],
    ]);
    expect(turns.map((t) => t.sourceImageId)).toEqual([sourceId, first.turn.imageIds[0], second.turn.imageIds[0]]);
    expect(second.turn.parentTurnId).toBe(first.turn.id);
    for (const turn of turns) {
      const image = h.studio.library.images.get(turn.imageIds[0] ?? '');
      expect(image).toMatchObject({ source: 'edited', prompt: turn.instruction, modelId: 'amazon.nova-2-omni-v1:0' });
      expect(h.studio.library.images.lineage(image.id).parentImageId).toBe(turn.sourceImageId);
    }
    expect(first.thread).toMatchObject({ rootImageId: sourceId, title: 'make the sky stormy' });
    expect(events.map((t) => t.status)).toEqual([
      'sending',
      'succeeded',
      'sending',
      'succeeded',
      'sending',
      'succeeded',
    ]);
    // The money: every charge is the emulator's bill for the same call; holds all released.
    const billing = h.emulator.billing();
    expect(billing).toHaveLength(3);
    expect(billing.map((b) => b.modelId)).toEqual([OMNI, OMNI, OMNI]);
    expect(turns.map((t) => t.priceMicroUsd)).toEqual(billing.map((b) => b.priceMicroUsd));
    expect(turns.map((t) => t.usage?.inputTokens)).toEqual(billing.map((b) => b.inputTokens));
    expect(turns.map((t) => t.usage?.outputTokens)).toEqual(billing.map((b) => b.outputTokens));
    const total = billing.reduce((s, b) => s + b.priceMicroUsd, 0);
    expect(h.studio.spendSummary()).toMatchObject({ totalMicroUsd: total, heldMicroUsd: 0, uncertainMicroUsd: 0 });
    expect(
      ledger(h)
        .filter((e) => e.kind === 'charge')
        .map((e) => e.amount),
    ).toEqual(billing.map((b) => b.priceMicroUsd));
    // Each estimate was an upper bound of what the turn cost; later turns carry more of the thread.
    for (const t of turns) expect(t.estimateMicroUsd ?? 0).toBeGreaterThanOrEqual(t.priceMicroUsd ?? Infinity);
    expect((third.turn.usage?.inputTokens ?? 0) > (first.turn.usage?.inputTokens ?? 0)).toBe(true);
  });

  it('the thread survives a reopen; a branch from turn 1 continues from its image, not turn 2', async () => {
    const first = await h.studio.chat('make the sky stormy', { imageId: sourceId });
    await h.studio.chat('now make it green', { threadId: first.thread.id });
    await h.studio.close();
    const reopened = h.open();
    const { thread, turns } = reopened.chatThread(first.thread.id);
    expect(thread.id).toBe(first.thread.id);
    expect(turns.map((t) => t.instruction)).toEqual(['make the sky stormy', 'now make it green']);
    expect(reopened.chatThreads({ imageId: turns[1]?.imageIds[0] ?? '' }).map((t) => t.id)).toEqual([thread.id]);
    expect(reopened.chatThreads({ imageId: sourceId }).map((t) => t.id)).toEqual([thread.id]);
    const branch = await reopened.chat('make it a sunset instead', {
      threadId: thread.id,
      parentTurnId: first.turn.id,
    });
    expect(branch.turn).toMatchObject({
      parentTurnId: first.turn.id,
      number: 2,
      sourceImageId: first.turn.imageIds[0],
    });
    expect(reopened.chatThread(thread.id).turns).toHaveLength(3);
    // The branch sent turn 1 and its own instruction, not turn 2: the same tokens as turn 2 but for the instruction.
    const second = reopened.chatThread(thread.id).turns[1];
    const tokens = (text: string): number => Math.ceil(text.length / 4);
    expect(branch.turn.usage?.inputTokens).toBe(
      (second?.usage?.inputTokens ?? 0) - tokens('now make it green') + tokens('make it a sunset instead'),
    );
  });

  it('text only: a new thread without an image makes a generated image without a parent', async () => {
    const { turn, thread } = await h.studio.chat('a lighthouse on a cliff, orange sky');
    expect(thread.rootImageId).toBeNull();
    const image = h.studio.library.images.get(turn.imageIds[0] ?? '');
    expect([image.source, image.width, image.height]).toEqual(['generated', 1024, 1024]);
  });

  it('a hard budget below the estimate refuses before anything is sent; a filtered turn is charged and marked', async () => {
    h.studio.setBudget({ period: 'day', limitMicroUsd: 1_000, hard: true });
    await expect(h.studio.chat('make it pink', { imageId: sourceId })).rejects.toMatchObject({
      code: 'budget-exceeded',
    });
    expect(h.emulator.billing()).toEqual([]);
    h.studio.clearBudget('day');
    h.emulator.configure({ filterWords: ['forbidden'] });
    const { turn } = await h.studio.chat('a forbidden edit', { imageId: sourceId });
    expect(turn).toMatchObject({ status: 'filtered', imageIds: [], error: { code: 'content-filtered' } });
    const [bill] = h.emulator.billing();
    expect(turn.priceMicroUsd).toBe(bill?.priceMicroUsd);
    expect(bill?.filtered).toBe(true);
    expect(h.studio.spendSummary().totalMicroUsd).toBe(bill?.priceMicroUsd);
  });

  it('an AWS refusal fails the turn and releases its hold; throttling is retried and charged once', async () => {
    h.emulator.failNext('AccessDeniedException');
    const denied = await h.studio.chat('make it pink', { imageId: sourceId });
    expect(denied.turn).toMatchObject({ status: 'failed', error: { code: 'access-denied' }, priceMicroUsd: null });
    expect(h.studio.spendSummary()).toMatchObject({ totalMicroUsd: 0, heldMicroUsd: 0, uncertainMicroUsd: 0 });
    h.emulator.failNext('ThrottlingException', 'ThrottlingException');
    const retried = await h.studio.chat('make it pink', { threadId: denied.thread.id });
    expect(retried.turn.status).toBe('succeeded');
    expect(h.emulator.billing()).toHaveLength(1);
    expect(h.studio.spendSummary().totalMicroUsd).toBe(h.emulator.billing()[0]?.priceMicroUsd);
  });

  it('cancel mid-turn: the turn ends cancelled at once, its estimate kept as uncertain (the call reached Bedrock)', async () => {
    h.emulator.configure({ latencyMs: 2_000 });
    let sendingId = '';
    const off = h.studio.onEvent((e) => {
      if (e.name === 'chat.turn' && e.payload.turn.status === 'sending') sendingId = e.payload.turn.id;
    });
    const pending = h.studio.chat('slow edit', { imageId: sourceId });
    await expect.poll(() => sendingId).not.toBe('');
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    expect(h.studio.cancelChatTurn(sendingId)).toBe(true);
    const { turn } = await pending;
    off();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(turn).toMatchObject({ status: 'cancelled', error: { code: 'aborted' } });
    expect(h.studio.spendSummary()).toMatchObject({ heldMicroUsd: 0, uncertainMicroUsd: turn.estimateMicroUsd });
    expect(h.studio.cancelChatTurn(sendingId)).toBe(false);
  });

  it('a turn left sending by a crash is interrupted at the next open, its hold turned into uncertain spend', async () => {
    const started = h.studio.library.chat.startTurn({
      threadId: null,
      newThread: { rootImageId: sourceId, title: 'x' },
      parentTurnId: null,
      instruction: 'x',
      sourceImageId: sourceId,
      modelId: 'amazon.nova-2-omni-v1:0',
      profile: null,
      region: 'us-east-1',
      invokeId: OMNI,
      estimateMicroUsd: 25_000,
    });
    expect(h.studio.spendSummary().heldMicroUsd).toBe(25_000);
    await h.studio.close();
    const reopened = h.open();
    expect(reopened.chatThread(started.thread.id).turns[0]).toMatchObject({ status: 'interrupted' });
    expect(reopened.spendSummary()).toMatchObject({ heldMicroUsd: 0, uncertainMicroUsd: 25_000 });
  });

  it('availability: discovery decides (listed with preview access; not offered without)', async () => {
    expect(await h.studio.chatAvailability()).toMatchObject({
      modelId: 'amazon.nova-2-omni-v1:0',
      preview: true,
      available: true,
      listed: true,
      regions: ['us-east-1', 'us-west-2'],
    });
    h.emulator.configure({ previewAccess: false });
    const gone = await h.studio.chatAvailability();
    expect(gone).toMatchObject({ available: false, listed: false, regions: [] });
    expect(gone.problem).toContain('preview');
  });
});
