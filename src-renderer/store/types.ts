// The combined state type and the slice-creator type every feature slice uses.
import type { StateCreator } from 'zustand';
import type { AppSlice } from '../app/appSlice.ts';
import type { CanvasSlice } from '../features/canvas/canvasSlice.ts';
import type { EditSlice } from '../features/edit/editSlice.ts';
import type { LibrarySlice } from '../features/library/library-store.ts';
import type { HistorySlice } from '../features/history/historySlice.ts';
import type { PromptSlice } from '../features/prompt/promptSlice.ts';
import type { QueueSlice } from '../features/queue/queueSlice.ts';

export type AppState = AppSlice & PromptSlice & QueueSlice & HistorySlice & CanvasSlice & LibrarySlice & EditSlice;

/** Middleware is applied once, on the combined store (store/index.ts). */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;
