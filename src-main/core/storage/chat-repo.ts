// Chat threads and turns (migration 011) and their money: a turn is started with its reservation
// checked against the budgets in ONE IMMEDIATE transaction (as a job is queued), and finished with
// its reply images, its status and its ledger entries (release, then charge or uncertain) in ONE
// IMMEDIATE transaction (as a job's outcome is recorded). A turn left 'sending' by a crash becomes
// 'interrupted' with its reservation turned into uncertain spend.
import type { ChatThread, ChatTurn, ChatTurnStatus } from '../../../src-shared/contract/index.ts';
import type { ErrorData } from '../../../src-shared/errors.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { BudgetsRepo, BudgetWarning } from './budgets-repo.ts';
import { chatThreadFromRow, chatTurnFromRow, TURN_SELECT, type DbChatThread, type DbChatTurn } from './chat-rows.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { ImagesRepo, NewImage } from './images-repo.ts';
import { appendLedger } from './ledger.ts';
import { parseId } from './rows.ts';

export interface StartTurnInput {
  /** An existing thread, or null to start one with `newThread`. */
  threadId: string | null;
  newThread?: { rootImageId: string | null; title: string };
  parentTurnId: string | null;
  instruction: string;
  sourceImageId: string | null;
  modelId: string;
  profile: string | null;
  region: string;
  invokeId: string;
  /** The upper bound to reserve; null when a price is unknown (nothing reserved, charge unpriced). */
  estimateMicroUsd: number | null;
}

/** How a turn ended and what it costs: a charge (null amount: unpriced), uncertain spend, or nothing. */
export type TurnSpend =
  { kind: 'charge'; microUsd: number | null; priceSource: string } | { kind: 'uncertain' } | { kind: 'none' };

export interface TurnOutcome {
  turnId: string;
  status: Exclude<ChatTurnStatus, 'sending'>;
  replyText?: string | null;
  usage?: { inputTokens: number; outputTokens: number } | null;
  /** Reply images already in the image store, in reply order. */
  images?: readonly NewImage[];
  spend: TurnSpend;
  requestId?: string | null;
  error?: ErrorData | null;
}

export class ChatRepo {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #budgets: BudgetsRepo;
  readonly #images: ImagesRepo;

  constructor(db: Db, budgets: BudgetsRepo, images: ImagesRepo, clock: Clock = systemClock) {
    this.#db = db;
    this.#budgets = budgets;
    this.#images = images;
    this.#clock = clock;
  }

  /**
   * Records a turn as sending and reserves its estimate (a hard budget refuses: nothing is written).
   * @throws EaselError 'budget-exceeded', 'not-found'
   */
  startTurn(input: StartTurnInput): { thread: ChatThread; turn: ChatTurn; warnings: BudgetWarning[] } {
    const run = this.#db.transaction(() => {
      const now = isoNow(this.#clock);
      const warnings = this.#budgets.check(input.estimateMicroUsd ?? 0, 'this chat turn is', this.#clock());
      const threadId =
        input.threadId === null ? this.#insertThread(input, now) : parseId(input.threadId, 'chat thread');
      const parent = input.parentTurnId === null ? null : this.turn(input.parentTurnId);
      if (parent && parent.threadId !== String(threadId))
        throw new EaselError('validation', 'That turn belongs to another thread.', { field: 'parentTurnId' });
      const turnId = Number(
        this.#db
          .prepare(
            `INSERT INTO chat_turns (thread_id, parent_turn_id, number, instruction, source_image_id, status, model_id, profile,
               region, invoke_id, estimate_micro_usd, reserved_micro_usd, unpriced, created_at)
             VALUES (?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            threadId,
            parent ? Number(parent.id) : null,
            parent ? parent.number + 1 : 1,
            input.instruction,
            input.sourceImageId === null ? null : parseId(input.sourceImageId, 'image'),
            input.modelId,
            input.profile,
            input.region,
            input.invokeId,
            input.estimateMicroUsd,
            input.estimateMicroUsd ?? 0,
            input.estimateMicroUsd === null ? 1 : 0,
            now,
          ).lastInsertRowid,
      );
      if (input.estimateMicroUsd !== null && input.estimateMicroUsd > 0)
        appendLedger(this.#db, {
          generationId: null,
          chatTurnId: turnId,
          modelId: input.modelId,
          profile: input.profile,
          kind: 'reservation',
          amountMicroUsd: input.estimateMicroUsd,
          priceSource: 'estimate',
          at: now,
          bucket: 'hold',
        });
      this.#db.prepare('UPDATE chat_threads SET updated_at = ? WHERE id = ?').run(now, threadId);
      return { thread: this.thread(String(threadId)), turn: this.turn(String(turnId)), warnings };
    });
    return run.immediate();
  }

  #insertThread(input: StartTurnInput, now: string): number {
    const root = input.newThread?.rootImageId ?? null;
    return Number(
      this.#db
        .prepare(
          'INSERT INTO chat_threads (model_id, root_image_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(input.modelId, root === null ? null : parseId(root, 'image'), input.newThread?.title ?? '', now, now)
        .lastInsertRowid,
    );
  }

  /** Ends a sending turn: images, status, usage, and its ledger entries, all or nothing. */
  finishTurn(outcome: TurnOutcome): ChatTurn {
    const run = this.#db.transaction(() => {
      const id = parseId(outcome.turnId, 'chat turn');
      const row = this.#row(id);
      if (row.status !== 'sending') return chatTurnFromRow(row);
      const now = isoNow(this.#clock);
      (outcome.images ?? []).forEach((image, position) => {
        const { image: stored } = this.#images.insertOrGet(image);
        this.#db
          .prepare('INSERT INTO chat_turn_images (turn_id, position, image_id) VALUES (?, ?, ?)')
          .run(id, position, parseId(stored.id, 'image'));
      });
      this.#releaseHold(row, now);
      const price = this.#appendSpend(row, outcome.spend, now);
      this.#db
        .prepare(
          `UPDATE chat_turns SET status = ?, reply_text = ?, input_tokens = ?, output_tokens = ?, price_micro_usd = ?,
             error_code = ?, error_message = ?, request_id = ?, finished_at = ? WHERE id = ?`,
        )
        .run(
          outcome.status,
          outcome.replyText ?? null,
          outcome.usage?.inputTokens ?? null,
          outcome.usage?.outputTokens ?? null,
          price,
          outcome.error?.code ?? null,
          outcome.error?.message ?? null,
          outcome.requestId ?? null,
          now,
          id,
        );
      this.#db.prepare('UPDATE chat_threads SET updated_at = ? WHERE id = ?').run(now, row.thread_id);
      return chatTurnFromRow(this.#row(id));
    });
    return run.immediate();
  }

  #releaseHold(row: DbChatTurn, at: string): void {
    const open = this.#db
      .prepare<[number], { id: number; amount_micro_usd: number }>(
        `SELECT s.id, s.amount_micro_usd FROM spend s WHERE s.chat_turn_id = ? AND s.kind = 'reservation'
           AND NOT EXISTS (SELECT 1 FROM spend r WHERE r.chat_turn_id = s.chat_turn_id AND r.kind = 'release' AND r.ref_id = s.id)`,
      )
      .all(row.id);
    for (const entry of open)
      appendLedger(this.#db, {
        generationId: null,
        chatTurnId: row.id,
        modelId: row.model_id,
        profile: row.profile,
        kind: 'release',
        amountMicroUsd: -entry.amount_micro_usd,
        priceSource: null,
        at,
        refId: entry.id,
        bucket: 'hold',
      });
    this.#db.prepare('UPDATE chat_turns SET reserved_micro_usd = 0 WHERE id = ?').run(row.id);
  }

  /** The turn's spend entry; returns the price to record on the turn (null: none or unknown). */
  #appendSpend(row: DbChatTurn, spend: TurnSpend, at: string): number | null {
    const base = { generationId: null, chatTurnId: row.id, modelId: row.model_id, profile: row.profile, at };
    if (spend.kind === 'charge') {
      appendLedger(this.#db, {
        ...base,
        kind: 'charge',
        amountMicroUsd: spend.microUsd ?? 0,
        priceSource: spend.priceSource,
        bucket: 'spend',
        unpriced: spend.microUsd === null,
      });
      return spend.microUsd;
    }
    if (spend.kind === 'uncertain' && (row.estimate_micro_usd ?? 0) > 0)
      appendLedger(this.#db, {
        ...base,
        kind: 'uncertain',
        amountMicroUsd: row.estimate_micro_usd ?? 0,
        priceSource: 'estimate',
        bucket: 'uncertain',
        note: 'chat turn stopped while Bedrock may have been working on it',
      });
    return null;
  }

  /** Turns left sending by a process that stopped: interrupted, their hold kept as uncertain spend. */
  recoverInterrupted(): ChatTurn[] {
    const run = this.#db.transaction(() =>
      this.#db
        .prepare<[], { id: number }>("SELECT id FROM chat_turns WHERE status = 'sending' ORDER BY id")
        .all()
        .map(({ id }) =>
          this.finishTurn({
            turnId: String(id),
            status: 'interrupted',
            spend: { kind: 'uncertain' },
            error: {
              code: 'aborted',
              message: 'Easel stopped while this turn was at Bedrock; it may have been billed.',
            },
          }),
        ),
    );
    return run.immediate();
  }

  #row(id: number): DbChatTurn {
    const row = this.#db.prepare<[number], DbChatTurn>(`${TURN_SELECT} WHERE t.id = ?`).get(id);
    if (!row) throw new EaselError('not-found', `There is no chat turn with id ${id}.`);
    return row;
  }

  turn(turnId: string): ChatTurn {
    return chatTurnFromRow(this.#row(parseId(turnId, 'chat turn')));
  }

  thread(threadId: string): ChatThread {
    const row = this.#db
      .prepare<[number], DbChatThread>('SELECT * FROM chat_threads WHERE id = ?')
      .get(parseId(threadId, 'chat thread'));
    if (!row) throw new EaselError('not-found', `There is no chat thread with id ${threadId}.`);
    return chatThreadFromRow(row);
  }

  /** Every turn of a thread (all branches), oldest first. */
  turns(threadId: string): ChatTurn[] {
    const id = parseId(threadId, 'chat thread');
    return this.#db
      .prepare<[number], DbChatTurn>(`${TURN_SELECT} WHERE t.thread_id = ? ORDER BY t.id`)
      .all(id)
      .map(chatTurnFromRow);
  }

  /** A turn and its ancestors, first turn first: the conversation that turn continued. */
  chain(turnId: string): ChatTurn[] {
    const chain: ChatTurn[] = [];
    let next: string | null = turnId;
    while (next !== null) {
      const turn = this.turn(next);
      chain.unshift(turn);
      next = turn.parentTurnId;
    }
    return chain;
  }

  /** Threads started from an image, or whose turns used or made it; all threads without one. Newest first. */
  threads(options: { imageId?: string; limit?: number } = {}): ChatThread[] {
    const limit = options.limit ?? 50;
    if (options.imageId === undefined)
      return this.#db
        .prepare<[number], DbChatThread>('SELECT * FROM chat_threads ORDER BY updated_at DESC, id DESC LIMIT ?')
        .all(limit)
        .map(chatThreadFromRow);
    const image = parseId(options.imageId, 'image');
    return this.#db
      .prepare<[number, number, number, number], DbChatThread>(
        `SELECT * FROM chat_threads WHERE root_image_id = ?
           OR id IN (SELECT thread_id FROM chat_turns WHERE source_image_id = ?)
           OR id IN (SELECT t.thread_id FROM chat_turns t JOIN chat_turn_images i ON i.turn_id = t.id WHERE i.image_id = ?)
         ORDER BY updated_at DESC, id DESC LIMIT ?`,
      )
      .all(image, image, image, limit)
      .map(chatThreadFromRow);
  }

  /** The newest turn of a thread (its last word), or null for an empty thread. */
  newestTurn(threadId: string): ChatTurn | null {
    const turns = this.turns(threadId);
    return turns.at(-1) ?? null;
  }

  /** The turn whose reply holds this image, if any (to continue a thread from one of its images). */
  turnMaking(imageId: string): ChatTurn | null {
    const row = this.#db
      .prepare<[number], { turn_id: number }>(
        'SELECT turn_id FROM chat_turn_images WHERE image_id = ? ORDER BY turn_id DESC',
      )
      .get(parseId(imageId, 'image'));
    return row ? this.turn(String(row.turn_id)) : null;
  }
}
