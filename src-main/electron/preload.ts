// The sandboxed preload: exposes exactly invoke, on, imageUrl, startDrag and pathForFile on
// window.easel. Bundled to CJS (out/preload/preload.cjs) with everything but `electron` inlined,
// because a sandboxed preload can only require Electron's own modules.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
// At run time only the zod-free ipc.ts (the contract's types are erased): main validates
// everything, the preload stays a thin pipe.
import { IPC_CHANNELS, imageProtocolUrl } from '../../src-shared/ipc.ts';
import type { EaselApi, EventName, EventPayload } from '../../src-shared/contract/index.ts';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events; the renderer never sees the IpcRendererEvent object.
ipcRenderer.on(IPC_CHANNELS.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: EaselApi = {
  invoke: (call, request) => ipcRenderer.invoke(IPC_CHANNELS.invoke, call, request),
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) {
    if (typeof event !== 'string' || typeof listener !== 'function')
      throw new TypeError('window.easel.on(event, listener)');
    const wrapped: Listener = (payload) => listener(payload as EventPayload<K>);
    let set = listeners.get(event);
    if (set === undefined) listeners.set(event, (set = new Set()));
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
  imageUrl: (imageId, variant) =>
    imageProtocolUrl(String(imageId), variant === 'thumb' || variant === 'video' ? variant : 'full'),
  startDrag: (imageIds) =>
    ipcRenderer.send(IPC_CHANNELS.startDrag, Array.isArray(imageIds) ? imageIds.map(String) : []),
  pathForFile: (file) => webUtils.getPathForFile(file as unknown as File),
};

contextBridge.exposeInMainWorld('easel', api);
