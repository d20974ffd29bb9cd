// One zustand store built from the feature slices, middleware applied once; components read it
// with narrow selectors (useApp(s => s.x)) or useShallow. resetStores() gives tests a clean slate.
//
// The store is below the features: they import it, and it imports only their slice files (which
// import nothing but store/types.ts, src-shared and pure files of their own feature), never a
// feature's index, so no import loop runs through here.
import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { createAppSlice } from '../app/appSlice.ts';
import { createCanvasSlice } from '../features/canvas/canvasSlice.ts';
import { createChatSlice } from '../features/chat/chatSlice.ts';
import { createEditSlice } from '../features/edit/editSlice.ts';
import { scene } from '../features/canvas/scene.ts';
import { createLibrarySlice } from '../features/library/library-store.ts';
import { createHistorySlice } from '../features/history/historySlice.ts';
import { createPromptSlice } from '../features/prompt/promptSlice.ts';
import { createQueueSlice } from '../features/queue/queueSlice.ts';
import { createSessionSlice } from '../features/session/sessionSlice.ts';
import { createVideoSlice } from '../features/video/videoSlice.ts';
import type { AppState } from './types.ts';

export type { AppState, SliceCreator } from './types.ts';

export function createAppStore() {
  return createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createAppSlice(...a),
      ...createSessionSlice(...a),
      ...createPromptSlice(...a),
      ...createQueueSlice(...a),
      ...createHistorySlice(...a),
      ...createCanvasSlice(...a),
      ...createLibrarySlice(...a),
      ...createEditSlice(...a),
      ...createVideoSlice(...a),
      ...createChatSlice(...a),
    })),
  );
}

export const appStore = createAppStore();

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Back to the initial state (tests): the store and the canvas scene. */
export function resetStores(): void {
  appStore.setState(appStore.getInitialState(), true);
  scene.reset();
}
