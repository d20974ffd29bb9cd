// The browser shim: defines window.easel on top of the bridge (POST /invoke, SSE /events,
// GET /image/...), with the same five functions as the Electron preload, so the renderer cannot
// tell it is not in Electron. Bundled to an IIFE by the bridge and served as /shim.js.
// Written against globalThis with the few browser types it needs, so it type-checks with the
// project's Node settings.
import type { EaselApi, InvokeResult } from '../../src-shared/contract/index.ts';

interface ShimEventSource {
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
}
interface ShimGlobal {
  easel?: EaselApi;
  __easelDrags?: string[][];
  /** Test-only drop folder (bridge option dropRoot): pathForFile(file) → <dropRoot>/<file.name>. */
  __easelDropRoot?: string;
  EventSource: new (url: string) => ShimEventSource;
  fetch: typeof fetch;
}

const g = globalThis as unknown as ShimGlobal;
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const subscribed = new Set<string>();
let source: ShimEventSource | null = null;

function listenTo(event: string): void {
  source ??= new g.EventSource('/events');
  if (subscribed.has(event)) return;
  subscribed.add(event);
  source.addEventListener(event, (message) => {
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      return;
    }
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
}

const api: EaselApi = {
  async invoke<K extends Parameters<EaselApi['invoke']>[0]>(call: K, request: Parameters<EaselApi['invoke']>[1]) {
    const response = await g.fetch('/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ call, payload: request }),
    });
    // A refusal before the gate (a session replaced by another bridge, a restarted bridge) is plain
    // text: say so as an error result instead of failing to parse it.
    if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) {
      const text = (await response.text()).slice(0, 200);
      const message = `The studio bridge refused this tab (${response.status} ${text}). Open the link the bridge printed again.`;
      return { ok: false, error: { code: 'io', message } } as InvokeResult<K>;
    }
    return (await response.json()) as InvokeResult<K>;
  },
  on(event, listener) {
    if (typeof event !== 'string' || typeof listener !== 'function')
      throw new TypeError('window.easel.on(event, listener)');
    const wrapped = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    let set = listeners.get(event);
    if (set === undefined) listeners.set(event, (set = new Set()));
    set.add(wrapped);
    listenTo(event);
    return () => {
      set.delete(wrapped);
    };
  },
  imageUrl: (imageId, variant) =>
    `/image/${encodeURIComponent(String(imageId))}/${variant === 'thumb' || variant === 'video' ? variant : 'full'}`,
  startDrag(imageIds) {
    const ids = Array.isArray(imageIds) ? imageIds.map(String) : [];
    (g.__easelDrags ??= []).push(ids);
    void g.fetch('/drag', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ imageIds: ids }),
    });
  },
  // Browsers never expose a dropped file's path. With the bridge's test-only dropRoot, a dropped
  // file maps to <dropRoot>/<its name> (plain names only), so e2e can drop real files.
  pathForFile(file) {
    const path = (file as { path?: unknown }).path;
    if (path !== undefined) return String(path);
    const name = (file as { name?: unknown }).name;
    const root = g.__easelDropRoot;
    if (
      root === undefined ||
      typeof name !== 'string' ||
      name === '' ||
      name === '.' ||
      name === '..' ||
      /[/\\\0]/.test(name)
    )
      return '';
    return `${root.replace(/\/+$/, '')}/${name}`;
  },
};

Object.defineProperty(g, 'easel', {
  value: Object.freeze(api),
  writable: false,
  configurable: false,
  enumerable: true,
});
