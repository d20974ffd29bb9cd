// Uncertain spend of every kind in one place: image jobs, chat turns and video segments whose
// request may have reached Bedrock (a crash, a lost connection, a cancel after the start). The list
// reads the open 'uncertain' ledger entries (no release points at them). Settling releases an
// owner's open entries and, when billed, charges, in ONE IMMEDIATE transaction that checks for open
// entries under the write lock: a second settle (another window, the CLI) finds none and is refused.
// Each kind settles as its domain does: an image job through GenerationsRepo.resolveUncertain; a
// chat turn like a job (default: the uncertain amount, the user may give the billed one); a video
// segment at its known per-second price (as VideosRepo.resolveUncertain settles a whole path).
import type { Settlement, UncertainKind, UncertainSpend } from '../../../src-shared/contract/spend.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { GenerationsRepo } from './generations-repo.ts';
import { appendLedger, lastSettledAt, openEntriesOf, releaseOpenOf, type LedgerOwner } from './ledger.ts';
import { parseId, toId, toIdOrNull } from './rows.ts';

export interface SettleRequest {
  billed: boolean;
  /** The amount billed (not for video segments: their price is known). */
  amountMicroUsd?: number;
  note?: string;
}

interface OpenRow {
  generation_id: number | null;
  chat_turn_id: number | null;
  video_segment_id: number | null;
  model_id: string | null;
  amount: number;
  at: string;
}

interface Described {
  label: string;
  detail: string;
  threadId: string | null;
  videoJobId: string | null;
}

const NOUN: Record<UncertainKind, string> = { job: 'Job', 'chat-turn': 'Chat turn', 'video-segment': 'Video segment' };

export class UncertainSpendRepo {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #generations: GenerationsRepo;

  constructor(db: Db, generations: GenerationsRepo, clock: Clock = systemClock) {
    this.#db = db;
    this.#generations = generations;
    this.#clock = clock;
  }

  /** Everything with open uncertain spend, oldest first (entries without an owner are left out). */
  list(): UncertainSpend[] {
    // The partial index spend_uncertain (migration uncertain-index) holds just these rows.
    const rows = this.#db
      .prepare<[], OpenRow>(
        `SELECT generation_id, chat_turn_id, video_segment_id, model_id, amount_micro_usd AS amount, at FROM spend s
         WHERE s.bucket = 'uncertain' AND s.kind = 'uncertain'
           AND NOT EXISTS (SELECT 1 FROM spend r WHERE r.ref_id = s.id AND r.kind = 'release')
         ORDER BY s.at, s.id`,
      )
      .all();
    const owners = new Map<string, UncertainSpend>();
    for (const row of rows) {
      const owner = ownerOf(row);
      if (!owner) continue;
      const key = `${owner.kind}:${owner.id}`;
      const seen = owners.get(key);
      if (seen) {
        seen.microUsd += row.amount;
        continue;
      }
      const described = this.#describe(owner.kind, owner.id);
      if (!described) continue;
      owners.set(key, {
        kind: owner.kind,
        id: toId(owner.id),
        ...described,
        modelId: row.model_id,
        microUsd: row.amount,
        at: row.at,
        amountEditable: owner.kind !== 'video-segment',
      });
    }
    return [...owners.values()];
  }

  /**
   * Settles one owner's uncertain spend the way its kind does (see the file's head), all or nothing.
   * @throws EaselError 'not-found' (no such job, turn or segment), 'validation' (nothing open: never
   * uncertain, or settled already; an amount for a video segment)
   */
  settle(kind: UncertainKind, id: string, request: SettleRequest): Settlement {
    const n = parseId(id, NOUN[kind].toLowerCase());
    const run = this.#db.transaction((): Settlement => {
      const described = this.#describe(kind, n);
      if (!described) throw new EaselError('not-found', `There is no ${NOUN[kind].toLowerCase()} with id ${id}.`);
      const owner = ledgerOwner(kind, n);
      const open = openEntriesOf(this.#db, owner, 'uncertain');
      if (open.length === 0) throw this.#nothingOpen(kind, id, owner);
      const { label, threadId, videoJobId } = described;
      const base = { kind, id, label, threadId, videoJobId, billed: request.billed };
      const released = open.reduce((sum, entry) => sum + entry.amount_micro_usd, 0);
      if (kind === 'job') {
        const job = this.#generations.resolveUncertain(id, request);
        return { ...base, releasedMicroUsd: released, chargedMicroUsd: request.billed ? job.priceMicroUsd : 0 };
      }
      if (kind === 'video-segment' && request.amountMicroUsd !== undefined && request.amountMicroUsd !== released)
        throw new EaselError(
          'validation',
          `${label} is charged at its known price; it cannot be settled at another amount.`,
          { field: 'amountMicroUsd' },
        );
      const at = this.#clock().toISOString();
      const owned = kind === 'chat-turn' ? { chatTurnId: n } : { videoSegmentId: n };
      const { charged } = settleOpen(this.#db, owned, request, at);
      return { ...base, releasedMicroUsd: released, chargedMicroUsd: charged };
    });
    return run.immediate();
  }

  #nothingOpen(kind: UncertainKind, id: string, owner: LedgerOwner): EaselError {
    const settledAt = lastSettledAt(this.#db, owner);
    return new EaselError(
      'validation',
      settledAt === null
        ? `${NOUN[kind]} ${id} has no uncertain spend to settle.`
        : `${NOUN[kind]} ${id}'s uncertain spend was already settled (${settledAt}); it is not settled twice.`,
    );
  }

  /** The label and prompt of a job, chat turn or video segment; null when there is none with that id. */
  #describe(kind: UncertainKind, id: number): Described | null {
    if (kind === 'job') {
      const row = this.#db
        .prepare<[number], { prompt: string | null }>(
          "SELECT json_extract(params, '$.prompt') AS prompt FROM generations WHERE id = ?",
        )
        .get(id);
      return row ? { label: `Image job ${id}`, detail: row.prompt ?? '', threadId: null, videoJobId: null } : null;
    }
    if (kind === 'chat-turn') {
      const row = this.#db
        .prepare<[number], { number: number; instruction: string; thread_id: number; title: string }>(
          `SELECT t.number, t.instruction, t.thread_id, h.title FROM chat_turns t
           JOIN chat_threads h ON h.id = t.thread_id WHERE t.id = ?`,
        )
        .get(id);
      if (!row) return null;
      const thread = row.title.trim() ? `“${row.title.trim()}”` : `chat ${row.thread_id}`;
      return {
        label: `Chat turn ${row.number} in ${thread}`,
        detail: row.instruction,
        threadId: toId(row.thread_id),
        videoJobId: null,
      };
    }
    const row = this.#db
      .prepare<[number], { position: number; video_job_id: number; segments: number; prompt: string | null }>(
        `SELECT v.position, v.video_job_id, json_extract(j.request, '$.prompt') AS prompt,
           (SELECT count(*) FROM video_segments o WHERE o.video_job_id = v.video_job_id) AS segments
         FROM video_segments v JOIN video_jobs j ON j.id = v.video_job_id WHERE v.id = ?`,
      )
      .get(id);
    if (!row) return null;
    return {
      label: `Video segment ${row.position + 1} of ${row.segments} (video ${row.video_job_id})`,
      detail: row.prompt ?? '',
      threadId: null,
      videoJobId: toIdOrNull(row.video_job_id),
    };
  }
}

/**
 * Releases a chat turn's or video segment's open uncertain entries and, when billed, charges them
 * (default: the amount released) and records the price on the row (a chat turn not billed: 0).
 * Call inside a transaction. Returns what was released and charged (0 and 0: nothing was open).
 */
export function settleOpen(
  db: Db,
  owner: { chatTurnId: number } | { videoSegmentId: number },
  request: SettleRequest,
  at: string,
): { released: number; charged: number } {
  const open = openEntriesOf(db, owner, 'uncertain');
  if (open.length === 0) return { released: 0, charged: 0 };
  const released = releaseOpenOf(db, owner, 'uncertain', at, request.note ?? null);
  const charged = request.billed ? (request.amountMicroUsd ?? released) : 0;
  if (request.billed)
    appendLedger(db, {
      generationId: null,
      ...owner,
      modelId: open[0]?.model_id ?? null,
      profile: open[0]?.profile ?? null,
      kind: 'charge',
      amountMicroUsd: charged,
      priceSource: 'user',
      at,
      bucket: 'spend',
      note: request.note ?? null,
    });
  if ('chatTurnId' in owner)
    db.prepare('UPDATE chat_turns SET price_micro_usd = ? WHERE id = ?').run(charged, owner.chatTurnId);
  else if (request.billed)
    db.prepare('UPDATE video_segments SET price_micro_usd = ? WHERE id = ?').run(charged, owner.videoSegmentId);
  return { released, charged };
}

function ownerOf(row: OpenRow): { kind: UncertainKind; id: number } | null {
  if (row.generation_id !== null) return { kind: 'job', id: row.generation_id };
  if (row.chat_turn_id !== null) return { kind: 'chat-turn', id: row.chat_turn_id };
  if (row.video_segment_id !== null) return { kind: 'video-segment', id: row.video_segment_id };
  return null;
}

function ledgerOwner(kind: UncertainKind, id: number): LedgerOwner {
  if (kind === 'job') return { generationId: id };
  return kind === 'chat-turn' ? { chatTurnId: id } : { videoSegmentId: id };
}
