// easel chat [IMAGE_ID] "instruction" [--thread ID] [--json]: one turn of a conversation with the
// chat model (Nova 2 Omni, preview) about an image: starts a thread, or continues one.
import type { ChatTurn } from '../../../src-shared/contract/index.ts';
import type { Studio } from '../../core/studio/index.ts';
import { str, UsageError, type OptionTable } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { usd } from '../io.ts';
import { optional } from './generate.ts';

const options: OptionTable = {
  thread: { type: 'string', short: 't', value: 'ID', help: 'continue this thread (default: start a new one)' },
};

const IMAGE_ID = /^[1-9]\d{0,15}$/;

/**
 * With --thread and an IMAGE_ID a turn of that thread made: continue from that turn (a branch when
 * it is not the newest). Otherwise IMAGE_ID is the image the turn is about.
 */
function continuation(studio: Studio, threadId: string | undefined, imageId: string | undefined) {
  if (threadId === undefined) return { ...optional('imageId', imageId) };
  const made = imageId === undefined ? null : studio.chatTurnMaking(imageId);
  if (made && made.threadId === threadId) return { threadId, parentTurnId: made.id };
  return { threadId, ...optional('imageId', imageId) };
}

function describe(turn: ChatTurn): string {
  const images = turn.imageIds.length ? `image ${turn.imageIds.join(', ')}` : 'no image';
  const tokens = turn.usage ? `${turn.usage.inputTokens} in / ${turn.usage.outputTokens} out tokens` : 'no usage';
  const price = turn.priceMicroUsd === null ? 'price unknown' : usd(turn.priceMicroUsd);
  return `turn ${turn.number} ${turn.status}: ${images}, ${tokens}, ${price}`;
}

export const chatCommand: Command = {
  name: 'chat',
  summary: 'Talk to an image: one instruction to the chat model (Nova 2 Omni, preview)',
  usage: 'easel chat [IMAGE_ID] "<instruction>" [--thread ID] [--json]',
  options,
  details: `Examples:
  easel chat 42 "make the sky stormy, keep the lighthouse"       starts a thread about image 42
  easel chat "now add birds" --thread 7                          continues thread 7 from its newest turn
  easel chat 51 "make it a sunset instead" --thread 7            continues from the turn that made image 51 (a branch)

Each turn sends the thread so far; its reply image lands in the library, linked to the image it edits.
--json prints {"threadId", "turn", "turnId", "status", "imageIds": [...], "text", "usage":
{"inputTokens", "outputTokens", "totalTokens"} | null, "priceMicroUsd", "error"?}
(turn: the turn's number in its thread; priceMicroUsd: from the reply's token usage, null when unknown).
Exit code 1 when the turn did not succeed (failed, filtered, cancelled).`,
  async run(ctx, { values, positionals }) {
    const first = positionals[0];
    const imageId = first !== undefined && IMAGE_ID.test(first) && positionals.length > 1 ? first : undefined;
    const instruction = positionals
      .slice(imageId === undefined ? 0 : 1)
      .join(' ')
      .trim();
    if (!instruction)
      throw new UsageError('an instruction is required, e.g. easel chat 42 "make the sky stormy".', 'chat');
    const threadId = str(values, 'thread');
    const studio = await ctx.openStudio();
    if (imageId !== undefined) studio.getImage(imageId); // not-found before anything is sent
    const cancel: { turnId: string | null } = { turnId: null };
    const off = studio.onEvent((event) => {
      if (event.name !== 'chat.turn' || event.payload.turn.status !== 'sending') return;
      cancel.turnId = event.payload.turn.id;
      ctx.out.log(
        `Sending turn ${event.payload.turn.number}, estimated at most ${usd(event.payload.turn.estimateMicroUsd ?? 0)}…`,
      );
    });
    ctx.onInterrupt(() => {
      if (cancel.turnId) studio.cancelChatTurn(cancel.turnId);
    });
    const { thread, turn, warnings } = await studio
      .chat(instruction, {
        ...continuation(studio, threadId, imageId),
        ...optional('profile', ctx.profile),
        ...optional('region', ctx.region),
      })
      .finally(off);
    for (const w of warnings) ctx.out.warn(w);
    if (ctx.out.json)
      ctx.out.result({
        threadId: thread.id,
        turn: turn.number,
        turnId: turn.id,
        status: turn.status,
        imageIds: turn.imageIds,
        text: turn.replyText ?? '',
        usage: turn.usage,
        priceMicroUsd: turn.priceMicroUsd,
        ...(turn.error ? { error: turn.error } : {}),
      });
    else {
      if (turn.replyText) ctx.out.print(turn.replyText);
      ctx.out.print(`${describe(turn)} (thread ${thread.id})`);
      if (turn.error) ctx.out.print(turn.error.message);
    }
    if (turn.status === 'cancelled') return EXIT.interrupted;
    return turn.status === 'succeeded' ? EXIT.ok : EXIT.failure;
  },
};
