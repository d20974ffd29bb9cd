// Chat panel state: the thread on show (all its turns), which turn the next message continues
// (null: the newest), the turn being sent, the model's availability, the draft message.
import type { CallResponse, ChatTurn } from '../../../src-shared/contract/index.ts';
import type { SliceCreator } from '../../store/types.ts';

export type ChatAvailability = CallResponse<'chat.availability'>;

export interface ChatState {
  open: boolean;
  /** The library image the panel was opened on (a new thread starts from it). */
  imageId: string | null;
  threadId: string | null;
  turns: ChatTurn[];
  /** The turn the next message continues; null: the thread's newest (or a new thread). */
  parentTurnId: string | null;
  /** The turn in flight (cancel targets it). */
  sendingTurnId: string | null;
  busy: boolean;
  error: string | null;
  availability: ChatAvailability | null;
  draft: string;
}

export interface ChatSlice {
  chat: ChatState;
  setChat(patch: Partial<ChatState>): void;
  /** A turn as main reported it (chat.turn or chat.send): added or replaced by id. */
  upsertChatTurn(turn: ChatTurn): void;
  closeChat(): void;
}

export const INITIAL_CHAT: ChatState = {
  open: false,
  imageId: null,
  threadId: null,
  turns: [],
  parentTurnId: null,
  sendingTurnId: null,
  busy: false,
  error: null,
  availability: null,
  draft: '',
};

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends ChatSlice {}
}

export const createChatSlice: SliceCreator<ChatSlice> = (set) => ({
  chat: INITIAL_CHAT,
  setChat: (patch) => set((s) => ({ chat: { ...s.chat, ...patch } })),
  upsertChatTurn: (turn) =>
    set((s) => {
      if (s.chat.threadId !== null && s.chat.threadId !== turn.threadId) return {};
      const turns = s.chat.turns.some((t) => t.id === turn.id)
        ? s.chat.turns.map((t) => (t.id === turn.id ? turn : t))
        : [...s.chat.turns, turn].sort((a, b) => Number(a.id) - Number(b.id));
      return { chat: { ...s.chat, threadId: turn.threadId, turns } };
    }),
  closeChat: () => set((s) => ({ chat: { ...INITIAL_CHAT, availability: s.chat.availability } })),
});
