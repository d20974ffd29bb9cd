// Chat threads and turns (migration 011) over real SQLite and the real image store: a turn's hold
// counts against the budgets with the jobs' holds, a hard budget refuses without writing, the end
// of a turn writes its images (linked to the source), its status and release + charge in one go,
// a branch and a turn's chain, uncertain spend for crashed turns, threads found by image.
import { afterEach, describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import type { StartTurnInput } from './chat-repo.ts';
import { pngBytes, testLibrary, type TestLibrary } from './test-support.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function lib(): Promise<{ l: TestLibrary; sourceId: string }> {
  const l = testLibrary();
  cleanups.push(() => l.dispose());
  const stored = await l.store.put(await pngBytes(64, 48, 1));
  const { image } = l.images.insertOrGet({ ...stored, source: 'imported' });
  return { l, sourceId: image.id };
}

const start = (sourceId: string, extra: Partial<StartTurnInput> = {}): StartTurnInput => ({
  threadId: null,
  newThread: { rootImageId: sourceId, title: 'storm' },
  parentTurnId: null,
  instruction: 'make the sky stormy',
  sourceImageId: sourceId,
  modelId: 'amazon.nova-2-omni-v1:0',
  profile: 'default',
  region: 'us-east-1',
  invokeId: 'us.amazon.nova-2-omni-v1:0',
  estimateMicroUsd: 20_000,
  ...extra,
});

const ledger = (l: TestLibrary) =>
  l.db
    .prepare<[], { kind: string; amount_micro_usd: number; chat_turn_id: number | null; bucket: string }>(
      'SELECT kind, amount_micro_usd, chat_turn_id, bucket FROM spend ORDER BY id',
    )
    .all();

describe('ChatRepo', () => {
  it('a started turn holds its estimate (budgets see it); its end writes the image, the release and the exact charge', async () => {
    const { l, sourceId } = await lib();
    const { thread, turn, warnings } = l.chat.startTurn(start(sourceId));
    expect(warnings).toEqual([]);
    expect(turn).toMatchObject({ status: 'sending', number: 1, estimateMicroUsd: 20_000, threadId: thread.id });
    expect(l.budgets.usage()).toEqual([]);
    l.budgets.set({ period: 'day', limitMicroUsd: 1_000_000, hard: true });
    expect(l.budgets.usage()[0]?.heldMicroUsd).toBe(20_000);
    const stored = await l.store.put(await pngBytes(64, 48, 2));
    const done = l.chat.finishTurn({
      turnId: turn.id,
      status: 'succeeded',
      replyText: 'Stormier.',
      usage: { inputTokens: 1_000, outputTokens: 500 },
      images: [{ ...stored, source: 'edited', parentImageId: sourceId, prompt: 'make the sky stormy' }],
      spend: { kind: 'charge', microUsd: 1_550, priceSource: 'catalog:2026-12-01' },
      requestId: 'r-1',
    });
    expect(done).toMatchObject({
      status: 'succeeded',
      priceMicroUsd: 1_550,
      usage: { inputTokens: 1_000, outputTokens: 500, totalTokens: 1_500 },
    });
    expect(l.images.lineage(done.imageIds[0] ?? '').parentImageId).toBe(sourceId);
    expect(ledger(l).map((e) => [e.kind, e.amount_micro_usd, e.bucket])).toEqual([
      ['reservation', 20_000, 'hold'],
      ['release', -20_000, 'hold'],
      ['charge', 1_550, 'spend'],
    ]);
    expect(ledger(l).every((e) => e.chat_turn_id === Number(turn.id))).toBe(true);
    expect(l.budgets.usage()[0]).toMatchObject({ heldMicroUsd: 0, spentMicroUsd: 1_550 });
    // Finishing twice changes nothing.
    expect(l.chat.finishTurn({ turnId: turn.id, status: 'failed', spend: { kind: 'none' } }).status).toBe('succeeded');
    expect(ledger(l)).toHaveLength(3);
  });

  it('a hard budget refuses a turn whose estimate does not fit, writing nothing', async () => {
    const { l, sourceId } = await lib();
    l.budgets.set({ period: 'day', limitMicroUsd: 10_000, hard: true });
    let error: unknown;
    try {
      l.chat.startTurn(start(sourceId));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).code).toBe('budget-exceeded');
    expect((error as EaselError).message).toContain('this chat turn is estimated at $0.02');
    expect(l.chat.threads()).toEqual([]);
    expect(ledger(l)).toEqual([]);
  });

  it('branches: turns form a tree; chain() is the conversation a turn continued; threads are found by image', async () => {
    const { l, sourceId } = await lib();
    const first = l.chat.startTurn(start(sourceId));
    const reply = await l.store.put(await pngBytes(64, 48, 3));
    const t1 = l.chat.finishTurn({
      turnId: first.turn.id,
      status: 'succeeded',
      images: [{ ...reply, source: 'edited', parentImageId: sourceId }],
      spend: { kind: 'charge', microUsd: 100, priceSource: 'x' },
    });
    const next = (parentTurnId: string) =>
      l.chat.startTurn(start(sourceId, { threadId: first.thread.id, parentTurnId, estimateMicroUsd: null })).turn;
    const t2 = next(t1.id);
    const branch = next(t1.id);
    expect([t2.number, branch.number, branch.parentTurnId]).toEqual([2, 2, t1.id]);
    expect(l.chat.chain(branch.id).map((t) => t.id)).toEqual([t1.id, branch.id]);
    expect(l.chat.newestTurn(first.thread.id)?.id).toBe(branch.id);
    expect(l.chat.turnMaking(t1.imageIds[0] ?? '')?.id).toBe(t1.id);
    expect(l.chat.threads({ imageId: t1.imageIds[0] ?? '' }).map((t) => t.id)).toEqual([first.thread.id]);
    expect(l.chat.threads({ imageId: sourceId }).map((t) => t.id)).toEqual([first.thread.id]);
    // An unknown price reserves nothing; its charge is unpriced (amount 0, flagged), never a false $0.
    const unpriced = l.chat.finishTurn({
      turnId: t2.id,
      status: 'succeeded',
      spend: { kind: 'charge', microUsd: null, priceSource: 'catalog:2026-12-01' },
    });
    expect(unpriced.priceMicroUsd).toBeNull();
    expect(l.spend.summary().unpricedCount).toBe(1);
    const other = l.chat.startTurn(start(sourceId)).thread;
    expect(() => l.chat.startTurn(start(sourceId, { threadId: other.id, parentTurnId: t1.id }))).toThrow(
      'That turn belongs to another thread.',
    );
  });

  it('recoverInterrupted: a turn left sending becomes interrupted, its hold uncertain spend', async () => {
    const { l, sourceId } = await lib();
    const { turn } = l.chat.startTurn(start(sourceId));
    const [recovered] = l.chat.recoverInterrupted();
    expect(recovered).toMatchObject({ id: turn.id, status: 'interrupted', error: { code: 'aborted' } });
    expect(l.spend.summary()).toMatchObject({ heldMicroUsd: 0, uncertainMicroUsd: 20_000 });
    expect(l.chat.recoverInterrupted()).toEqual([]);
  });
});
