// What the chat panel does: open on a canvas image (resuming its newest thread), send a message
// (the reply's images placed next to their source on the canvas), cancel the turn in flight,
// branch from an earlier turn. Main settles the money; the panel shows what main reports.
import type { ChatTurn } from '../../../src-shared/contract/index.ts';
import { ApiError, call, on } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { itemRect, placeImages, scene } from '../canvas/index.ts';
import { refreshSpend } from '../session/index.ts';

const where = () => {
  const { profile, region } = appStore.getState();
  return { ...(profile === null ? {} : { profile }), ...(region === null ? {} : { region }) };
};

const message = (error: unknown): string =>
  error instanceof ApiError ? error.data.message : error instanceof Error ? error.message : String(error);

let unsubscribe: (() => void) | null = null;

/** Follows main's chat.turn events while the panel is open (a turn's start, and its end). */
function follow(): void {
  unsubscribe ??= on('chat.turn', ({ turn }) => {
    const state = appStore.getState();
    if (!state.chat.open) return;
    if (state.chat.threadId === null && state.chat.busy && turn.status === 'sending')
      state.setChat({ threadId: turn.threadId });
    state.upsertChatTurn(turn);
    if (turn.status === 'sending') state.setChat({ sendingTurnId: turn.id });
    else void refreshSpend(); // the top bar's spend and budgets
  });
}

async function loadThread(threadId: string, imageId: string): Promise<void> {
  const { turns } = await call('chat.thread', { threadId });
  // Opened on an image one of its turns made: the next message continues from that turn.
  const maker = [...turns].reverse().find((t) => t.imageIds.includes(imageId));
  const newest = turns.at(-1);
  appStore.getState().setChat({
    threadId,
    turns,
    parentTurnId: maker && newest && maker.id !== newest.id ? maker.id : null,
  });
}

/**
 * Opens the panel on a canvas item (its newest thread if it has one, else a new thread from it), or
 * with no item on a new thread that starts from text.
 */
export async function openChat(itemKey: string | null): Promise<void> {
  const imageId = itemKey === null ? null : (scene.get(itemKey)?.imageId ?? null);
  if (itemKey !== null && imageId === null) return;
  follow();
  const state = appStore.getState();
  state.setChat({ open: true, imageId, threadId: null, turns: [], parentTurnId: null, error: null });
  try {
    const [{ threads }, availability] = await Promise.all([
      imageId === null ? { threads: [] } : call('chat.threads', { imageId, limit: 1 }),
      call('chat.availability', where()),
    ]);
    appStore.getState().setChat({ availability });
    const thread = threads[0];
    if (thread && imageId !== null) await loadThread(thread.id, imageId);
  } catch (error) {
    appStore.getState().setChat({ error: message(error) });
  }
}

export function closeChat(): void {
  appStore.getState().closeChat();
}

/** The next message continues this turn (a branch when it is not the newest). */
export function branchFrom(turnId: string): void {
  appStore.getState().setChat({ parentTurnId: turnId });
}

/** Places a reply's images next to the image the turn was about (when that is on the canvas). */
async function placeReply(turn: ChatTurn): Promise<void> {
  if (turn.imageIds.length === 0) return;
  const source = [...scene.items.values()].find((i) => i.imageId === turn.sourceImageId);
  await placeImages(turn.imageIds, source ? { near: itemRect(source) } : {});
}

export async function sendMessage(): Promise<void> {
  const state = appStore.getState();
  const { chat } = state;
  const instruction = chat.draft.trim();
  if (instruction === '' || chat.busy) return;
  follow();
  state.setChat({ busy: true, error: null, sendingTurnId: null });
  try {
    const { turn, warnings } = await call('chat.send', {
      instruction,
      ...(chat.threadId === null
        ? chat.imageId === null
          ? {}
          : { imageId: chat.imageId }
        : { threadId: chat.threadId, ...(chat.parentTurnId === null ? {} : { parentTurnId: chat.parentTurnId }) }),
      ...where(),
    });
    const after = appStore.getState();
    after.upsertChatTurn(turn);
    after.setChat({ draft: '', parentTurnId: null, error: warnings[0] ?? null });
    await placeReply(turn);
  } catch (error) {
    appStore.getState().setChat({ error: message(error) });
  } finally {
    appStore.getState().setChat({ busy: false, sendingTurnId: null });
  }
}

export async function cancelTurn(): Promise<void> {
  const turnId = appStore.getState().chat.sendingTurnId;
  if (turnId !== null) await call('chat.cancel', { turnId }).catch(() => undefined);
}
