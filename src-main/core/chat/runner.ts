// One chat turn from instruction to settled money: the thread so far (the chain of turns the new one
// continues), the request built by the catalog, the estimate reserved (storage.chat.startTurn),
// ConverseCommand through core/bedrock (retries, abort, timeout), the reply's images stored in the
// library with their source image as parent, and the turn settled to its exact price from `usage`.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { ChatThread, ChatTurn } from '../../../src-shared/contract/index.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import {
  buildConverseRequest,
  checkInstruction,
  converseRegion,
  estimateTurn,
  parseConverseResponse,
  tokenCostMicroUsd,
  tokenPrices,
  type ConverseImage,
  type ConverseModelSpec,
  type ConverseReply,
  type PriceOverrides,
  type ThreadTurn,
} from '../../../src-shared/models/index.ts';
import { converseOnce, type RetryPolicy } from '../bedrock/index.ts';
import type { Storage, TurnOutcome } from '../storage/index.ts';
import { threadImageLoader } from './thread-images.ts';

export interface ChatRunnerOptions {
  storage: Storage;
  /** The runtime client for a profile (null: the default chain or the API key) and region. */
  clientFor(profile: string | null, region: string): Promise<BedrockRuntimeClient>;
  priceOverrides(): PriceOverrides;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface SendTurnInput {
  model: ConverseModelSpec;
  threadId?: string;
  parentTurnId?: string;
  imageId?: string;
  instruction: string;
  profile: string | null;
  profileRegion: string;
  allowedRegions: readonly string[];
}

export interface SentTurn {
  thread: ChatThread;
  turn: ChatTurn;
  warnings: string[];
}

/** The turn a new one continues: the one named, else the thread's newest; none for a new thread. */
function parentOf(storage: Storage, input: SendTurnInput): ChatTurn | null {
  if (input.parentTurnId !== undefined) return storage.chat.turn(input.parentTurnId);
  if (input.threadId === undefined) return null;
  storage.chat.thread(input.threadId); // not-found for an unknown thread
  return storage.chat.newestTurn(input.threadId);
}

/** The image a turn is about: the newest image of the conversation (a reply's, else what it edited). */
function lastImageOf(chain: readonly ChatTurn[]): string | null {
  for (const turn of [...chain].reverse()) {
    const image = turn.imageIds.at(-1) ?? turn.sourceImageId;
    if (image) return image;
  }
  return null;
}

const threadTitle = (instruction: string): string => {
  const line = instruction.trim().replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

export class ChatRunner {
  readonly #options: ChatRunnerOptions;
  readonly #inFlight = new Map<string, AbortController>();
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: ChatRunnerOptions) {
    this.#options = options;
  }

  /** Aborts a turn in flight; false when it is not (finished, or another process runs it). */
  cancel(turnId: string): boolean {
    const controller = this.#inFlight.get(turnId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Aborts every turn in flight and waits until each is settled (the studio closes). */
  async stop(): Promise<void> {
    for (const controller of this.#inFlight.values()) controller.abort();
    await Promise.allSettled([...this.#running]);
  }

  /**
   * Sends one turn and settles it. `onTurn` hears the turn when it starts (sending) and ends.
   * @throws EaselError before anything is reserved ('validation', 'not-found', 'model-not-available',
   *   'budget-exceeded'); once started, failures end the turn instead (failed, cancelled, filtered).
   */
  async send(input: SendTurnInput, onTurn: (turn: ChatTurn) => void): Promise<SentTurn> {
    const running = this.#send(input, onTurn);
    this.#running.add(running);
    try {
      return await running;
    } finally {
      this.#running.delete(running);
    }
  }

  async #send(input: SendTurnInput, onTurn: (turn: ChatTurn) => void): Promise<SentTurn> {
    const { storage } = this.#options;
    const { model } = input;
    checkInstruction(model, input.instruction);
    const parent = parentOf(storage, input);
    if (parent && input.threadId !== undefined && parent.threadId !== input.threadId)
      throw new EaselError('validation', 'That turn belongs to another thread.', { field: 'parentTurnId' });
    const chain = parent ? storage.chat.chain(parent.id) : [];
    const spoken = chain.filter((t) => t.status === 'succeeded');
    const sourceImageId = input.imageId ?? lastImageOf(spoken);
    const region = converseRegion(model, input.profileRegion, input.allowedRegions);
    const load = threadImageLoader(storage, model);
    const earlier: ThreadTurn[] = await Promise.all(
      spoken.map(async (t) => ({
        instruction: t.instruction,
        image: t.sourceImageId ? await load(t.sourceImageId) : null,
        replyText: t.replyText ?? '',
      })),
    );
    const image = sourceImageId ? await load(sourceImageId) : null;
    const request = buildConverseRequest(model, model.profileId, earlier, { instruction: input.instruction, image });
    const sent = [...earlier.map((t) => t.image), image].filter((i): i is ConverseImage => i !== null);
    const prices = tokenPrices(model, this.#options.priceOverrides());
    const estimate = estimateTurn(request, sent, prices);
    const started = storage.chat.startTurn({
      threadId: parent?.threadId ?? input.threadId ?? null,
      newThread: { rootImageId: input.imageId ?? null, title: threadTitle(input.instruction) },
      parentTurnId: parent?.id ?? null,
      instruction: input.instruction.trim(),
      sourceImageId,
      modelId: model.baseId,
      profile: input.profile,
      region,
      invokeId: model.profileId,
      estimateMicroUsd: estimate.microUsd,
    });
    onTurn(started.turn);
    const outcome = await this.#call(input, started.turn, region, request);
    const turn = storage.chat.finishTurn(outcome);
    onTurn(turn);
    return { thread: storage.chat.thread(turn.threadId), turn, warnings: started.warnings.map((w) => w.message) };
  }

  /** The call and what it came to; never throws (every ending is an outcome). */
  async #call(
    input: SendTurnInput,
    turn: ChatTurn,
    region: string,
    request: Parameters<typeof converseOnce>[1]['request'],
  ): Promise<TurnOutcome> {
    const controller = new AbortController();
    this.#inFlight.set(turn.id, controller);
    let reachedBedrock = false;
    try {
      const client = await this.#options.clientFor(input.profile, region);
      const result = await converseOnce(client, {
        request,
        signal: controller.signal,
        onAttempt: () => (reachedBedrock = true),
        ...(this.#options.retry ? { retry: this.#options.retry } : {}),
        ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
        ...(this.#options.sleep ? { sleep: this.#options.sleep } : {}),
        ...(this.#options.random ? { random: this.#options.random } : {}),
      });
      const reply = parseConverseResponse(input.model, result.output);
      return await this.#replied(input, turn, reply, result.requestId ?? null);
    } catch (caught) {
      const error =
        caught instanceof EaselError ? caught : new EaselError('internal', String(caught), { cause: caught });
      return failedOutcome(turn.id, error, reachedBedrock);
    } finally {
      this.#inFlight.delete(turn.id);
    }
  }

  async #replied(
    input: SendTurnInput,
    turn: ChatTurn,
    reply: ConverseReply,
    requestId: string | null,
  ): Promise<TurnOutcome> {
    const { storage } = this.#options;
    const images = [];
    for (const image of reply.images) {
      const stored = await storage.store.put(image.bytes);
      images.push({
        ...stored,
        source: turn.sourceImageId ? ('edited' as const) : ('generated' as const),
        parentImageId: turn.sourceImageId,
        prompt: turn.instruction,
        modelId: input.model.baseId,
        metadata: { chat: { threadId: turn.threadId, turnId: turn.id, requestId } },
      });
    }
    const microUsd = tokenCostMicroUsd(reply.usage, tokenPrices(input.model, this.#options.priceOverrides()));
    const filtered = reply.outcome === 'filtered';
    return {
      turnId: turn.id,
      status: filtered ? 'filtered' : 'succeeded',
      replyText: reply.text,
      usage: reply.usage,
      images,
      spend: { kind: 'charge', microUsd, priceSource: tokenPrices(input.model, this.#options.priceOverrides()).source },
      requestId,
      error: filtered
        ? { code: 'content-filtered', message: 'Bedrock’s content filters blocked this reply. Try another wording.' }
        : null,
    };
  }
}

/**
 * A turn that ended without a reply: cancelled or timed out while Bedrock may have been working on
 * it keeps its estimate as uncertain spend (as a job does); an error AWS answered bills nothing.
 */
function failedOutcome(turnId: string, error: EaselError, reachedBedrock: boolean): TurnOutcome {
  const mayBeBilled =
    reachedBedrock && (error.code === 'aborted' || error.code === 'timeout' || error.code === 'malformed-response');
  return {
    turnId,
    status: error.code === 'aborted' ? 'cancelled' : 'failed',
    spend: mayBeBilled ? { kind: 'uncertain' } : { kind: 'none' },
    error: error.toData(),
  };
}
