// The canvas scene: items live here, outside React, keyed by a local key, with a version number
// that bumps on every change (Excalidraw's Scene). React reads it through useSyncExternalStore;
// undo/redo keep whole snapshots of the item map (items are immutable, so a snapshot is one Map).

export interface SceneItem {
  /** Local key, stable for the life of the item in this session. */
  readonly key: string;
  /** The canvas_items row id once the canvas was saved; absent for items not yet persisted. */
  readonly dbId?: string;
  readonly imageId: string;
  /** Top-left corner in world units (1 unit = 1 image pixel at scale 1). */
  readonly x: number;
  readonly y: number;
  /** Natural size of the image in pixels (not persisted: it comes from the image record). */
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly rotation: number;
  readonly z: number;
}

/** Which fields persist in canvas_items (the rest is derived when the canvas loads). */
export const PERSISTED_FIELDS = [
  'imageId',
  'x',
  'y',
  'scale',
  'rotation',
  'z',
] as const satisfies readonly (keyof SceneItem)[];

export type NewSceneItem = Omit<SceneItem, 'key' | 'z' | 'scale' | 'rotation'> &
  Partial<Pick<SceneItem, 'scale' | 'rotation' | 'z'>>;
export type ZOrderMove = 'forward' | 'backward' | 'front' | 'back';
export type SceneChange = 'load' | 'edit' | 'undo' | 'redo' | 'transient';

type Items = ReadonlyMap<string, SceneItem>;

const HISTORY_LIMIT = 200;

export class Scene {
  #items: Items = new Map();
  #version = 0;
  #undo: Items[] = [];
  #redo: Items[] = [];
  #nextKey = 1;
  readonly #listeners = new Set<(change: SceneChange) => void>();

  get version(): number {
    return this.#version;
  }
  get items(): Items {
    return this.#items;
  }
  get size(): number {
    return this.#items.size;
  }
  get(key: string): SceneItem | undefined {
    return this.#items.get(key);
  }
  /** Items bottom to top. */
  ordered(): SceneItem[] {
    return [...this.#items.values()].sort((a, b) => a.z - b.z || (a.key < b.key ? -1 : 1));
  }
  canUndo(): boolean {
    return this.#undo.length > 0;
  }
  canRedo(): boolean {
    return this.#redo.length > 0;
  }

  subscribe = (listener: (change: SceneChange) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  getVersion = (): number => this.#version;

  /** Replaces everything (a canvas was opened): history starts empty. */
  load(items: readonly NewSceneItem[]): string[] {
    const next = new Map<string, SceneItem>();
    const keys: string[] = [];
    let z = 0;
    for (const item of items) {
      const key = this.#newKey();
      next.set(key, { scale: 1, rotation: 0, ...item, z: item.z ?? z, key });
      z = Math.max(z, item.z ?? z) + 1;
      keys.push(key);
    }
    this.#undo = [];
    this.#redo = [];
    this.#set(next, 'load');
    return keys;
  }

  /** Adds items on top of the others; returns their keys. */
  add(items: readonly NewSceneItem[]): string[] {
    if (items.length === 0) return [];
    const next = new Map(this.#items);
    let z = this.#maxZ() + 1;
    const keys = items.map((item) => {
      const key = this.#newKey();
      next.set(key, { scale: 1, rotation: 0, ...item, key, z: z++ });
      return key;
    });
    this.#commit(next);
    return keys;
  }

  remove(keys: Iterable<string>): void {
    const next = new Map(this.#items);
    let changed = false;
    for (const key of keys) changed = next.delete(key) || changed;
    if (changed) this.#commit(next);
  }

  /**
   * Changes items. `record: false` changes without an undo step (live drag preview); call
   * `checkpoint()` once before such a gesture so the whole gesture undoes in one step.
   */
  update(
    keys: Iterable<string>,
    patch: (item: SceneItem) => Partial<Omit<SceneItem, 'key'>>,
    options: { record?: boolean } = {},
  ): void {
    const next = new Map(this.#items);
    let changed = false;
    for (const key of keys) {
      const item = next.get(key);
      if (!item) continue;
      const updated = { ...item, ...patch(item), key };
      if (
        PERSISTED_FIELDS.some((f) => updated[f] !== item[f]) ||
        updated.dbId !== item.dbId ||
        updated.width !== item.width ||
        updated.height !== item.height
      ) {
        next.set(key, updated);
        changed = true;
      }
    }
    if (!changed) return;
    if (options.record === false) this.#set(next, 'transient');
    else this.#commit(next);
  }

  /** Pushes the current state as an undo step (start of a gesture). */
  checkpoint(): void {
    this.#pushUndo(this.#items);
    this.#redo = [];
  }

  /** Ends a gesture begun with checkpoint(): drops the step when nothing changed, else announces the edit. */
  endGesture(): void {
    if (this.#undo.at(-1) === this.#items) this.#undo.pop();
    else this.#set(this.#items, 'edit');
  }

  /** Moves items in the stacking order; z values are renumbered 0..n-1. */
  reorder(keys: Iterable<string>, move: ZOrderMove): void {
    const chosen = new Set(keys);
    const order = this.ordered();
    if (chosen.size === 0 || order.length < 2) return;
    let result: SceneItem[];
    if (move === 'front')
      result = [...order.filter((i) => !chosen.has(i.key)), ...order.filter((i) => chosen.has(i.key))];
    else if (move === 'back')
      result = [...order.filter((i) => chosen.has(i.key)), ...order.filter((i) => !chosen.has(i.key))];
    else {
      result = [...order];
      if (move === 'forward') {
        for (let i = result.length - 2; i >= 0; i--) {
          const a = result[i];
          const b = result[i + 1];
          if (a && b && chosen.has(a.key) && !chosen.has(b.key)) [result[i], result[i + 1]] = [b, a];
        }
      } else {
        for (let i = 1; i < result.length; i++) {
          const a = result[i - 1];
          const b = result[i];
          if (a && b && chosen.has(b.key) && !chosen.has(a.key)) [result[i - 1], result[i]] = [b, a];
        }
      }
    }
    if (result.every((item, index) => item === order[index] && item.z === index)) return;
    const next = new Map<string, SceneItem>();
    result.forEach((item, index) => next.set(item.key, item.z === index ? item : { ...item, z: index }));
    this.#commit(next);
  }

  undo(): boolean {
    const previous = this.#undo.pop();
    if (!previous) return false;
    this.#redo.push(this.#items);
    this.#set(previous, 'undo');
    return true;
  }

  redo(): boolean {
    const next = this.#redo.pop();
    if (!next) return false;
    this.#pushUndo(this.#items);
    this.#set(next, 'redo');
    return true;
  }

  /** Empties the scene and its history (tests, canvas switch). */
  reset(): void {
    this.#undo = [];
    this.#redo = [];
    this.#set(new Map(), 'load');
  }

  #commit(next: Items): void {
    this.#pushUndo(this.#items);
    this.#redo = [];
    this.#set(next, 'edit');
  }

  #pushUndo(items: Items): void {
    if (this.#undo.at(-1) === items) return;
    this.#undo.push(items);
    if (this.#undo.length > HISTORY_LIMIT) this.#undo.shift();
  }

  #set(next: Items, change: SceneChange): void {
    this.#items = next;
    this.#version++;
    for (const listener of this.#listeners) listener(change);
  }

  #maxZ(): number {
    let max = -1;
    for (const item of this.#items.values()) max = Math.max(max, item.z);
    return max;
  }

  #newKey(): string {
    return `item-${this.#nextKey++}`;
  }
}

/** The workspace's one scene. */
export const scene = new Scene();
