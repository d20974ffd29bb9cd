// Prompt history: what the History tab lists (searchable, favourites).
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import type { SliceCreator } from '../../store/types.ts';

export type PromptEntry = CallResponse<'prompts.list'>['prompts'][number];

/** The latest run of a prompt: its job and model, and the latest image a run of it made. */
export interface PromptRun {
  jobId: string;
  modelId: string;
  imageId: string | null;
}

export interface HistorySlice {
  prompts: PromptEntry[];
  /** By prompt text. */
  promptRuns: Record<string, PromptRun>;
  historyQuery: string;
  historyFavoritesOnly: boolean;
  setPrompts(prompts: PromptEntry[]): void;
  setPromptRuns(runs: Record<string, PromptRun>): void;
  setHistoryQuery(query: string): void;
  setHistoryFavoritesOnly(only: boolean): void;
  markFavorite(promptId: string, favorite: boolean): void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends HistorySlice {}
}

export const createHistorySlice: SliceCreator<HistorySlice> = (set) => ({
  prompts: [],
  promptRuns: {},
  historyQuery: '',
  historyFavoritesOnly: false,
  setPrompts: (prompts) => set({ prompts }),
  setPromptRuns: (promptRuns) => set({ promptRuns }),
  setHistoryQuery: (historyQuery) => set({ historyQuery }),
  setHistoryFavoritesOnly: (historyFavoritesOnly) => set({ historyFavoritesOnly }),
  markFavorite: (promptId, favorite) =>
    set((s) => ({ prompts: s.prompts.map((p) => (p.id === promptId ? { ...p, favorite } : p)) })),
});
