// Loads and saves canvases through the contract's canvas calls. Saves are debounced after every
// scene edit; the response's item ids are written back onto the scene items (dbId).
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { scene } from './scene.ts';
import type { NewSceneItem } from './scene.ts';
import { boundsOf, fitRect, IDENTITY } from './viewport.ts';

const SAVE_DELAY_MS = 500;
let timer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> | null = null;
let pending = false;

/** Image size and prompt/seed for every image id not known yet. */
export async function ensureImageInfo(imageIds: readonly string[]): Promise<void> {
  const known = appStore.getState().imageInfo;
  const missing = [...new Set(imageIds)].filter((id) => !known[id]);
  const results = await Promise.allSettled(missing.map((imageId) => call('images.get', { imageId })));
  const images = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.image] : []));
  if (images.length > 0) appStore.getState().addImageInfo(images);
}

/** Opens the most recent canvas, creating "Canvas 1" when there is none. */
export async function openInitialCanvas(): Promise<void> {
  const { canvases } = await call('canvases.list', {});
  if (canvases.length === 0) {
    const { canvas } = await call('canvases.create', { name: 'Canvas 1' });
    appStore
      .getState()
      .setCanvases(
        [{ id: canvas.id, name: canvas.name, createdAt: canvas.createdAt, updatedAt: canvas.updatedAt }],
        canvas.id,
      );
    scene.load([]);
    return;
  }
  const newest = [...canvases].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  appStore.getState().setCanvases(canvases, newest?.id ?? null);
  if (newest) await openCanvas(newest.id);
}

export async function openCanvas(canvasId: string): Promise<void> {
  await flushSave();
  const { canvas } = await call('canvases.get', { canvasId });
  await ensureImageInfo(canvas.items.map((i) => i.imageId));
  const info = appStore.getState().imageInfo;
  const items: NewSceneItem[] = [...canvas.items]
    .sort((a, b) => a.z - b.z)
    .map((i) => ({
      dbId: i.id,
      imageId: i.imageId,
      x: i.x,
      y: i.y,
      scale: i.scale,
      rotation: i.rotation,
      z: i.z,
      width: info[i.imageId]?.width ?? 512,
      height: info[i.imageId]?.height ?? 512,
    }));
  appStore.setState({ activeCanvasId: canvas.id, selection: [], saveState: 'saved' });
  scene.load(items);
  const { stageSize, setViewport } = appStore.getState();
  const bounds = boundsOf(
    scene.ordered().map((i) => ({ x: i.x, y: i.y, width: i.width * i.scale, height: i.height * i.scale })),
  );
  setViewport(bounds ? fitRect(bounds, stageSize.width, stageSize.height, 48, 1) : IDENTITY);
}

export async function createCanvas(name: string): Promise<void> {
  await flushSave();
  const { canvas } = await call('canvases.create', { name });
  const s = appStore.getState();
  s.setCanvases(
    [...s.canvases, { id: canvas.id, name: canvas.name, createdAt: canvas.createdAt, updatedAt: canvas.updatedAt }],
    canvas.id,
  );
  appStore.setState({ selection: [], saveState: 'saved' });
  scene.load([]);
}

async function save(): Promise<void> {
  const canvasId = appStore.getState().activeCanvasId;
  if (canvasId === null) return;
  const ordered = scene.ordered();
  const version = scene.version;
  appStore.getState().setSaveState('saving');
  try {
    const { canvas } = await call('canvases.save', {
      canvasId,
      items: ordered.map((i) => ({
        ...(i.dbId ? { id: i.dbId } : {}),
        imageId: i.imageId,
        x: i.x,
        y: i.y,
        scale: i.scale,
        rotation: i.rotation,
        z: i.z,
      })),
    });
    // Write row ids back onto items that were new (matched by image, position and z).
    const fresh = ordered.filter((i) => !i.dbId);
    const known = new Set(ordered.flatMap((i) => (i.dbId ? [i.dbId] : [])));
    const newRows = canvas.items.filter((r) => !known.has(r.id));
    for (const item of fresh) {
      const row =
        newRows.find((r) => r.imageId === item.imageId && r.z === item.z) ??
        newRows.find((r) => r.imageId === item.imageId);
      if (!row) continue;
      newRows.splice(newRows.indexOf(row), 1);
      if (scene.get(item.key)) scene.update([item.key], () => ({ dbId: row.id }), { record: false });
    }
    appStore.getState().setSaveState(scene.version === version || fresh.length > 0 ? 'saved' : 'unsaved');
  } catch (error) {
    appStore.getState().setSaveState('error');
    if (!(error instanceof ApiError)) throw error;
  }
}

function runSave(): Promise<void> {
  if (saving) {
    pending = true;
    return saving;
  }
  saving = save().finally(() => {
    saving = null;
    if (pending) {
      pending = false;
      void runSave();
    }
  });
  return saving;
}

export async function flushSave(): Promise<void> {
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
    await runSave();
  }
  if (saving) await saving;
}

/** Starts saving the scene after each edit (not after loads or id write-backs). */
export function startAutosave(): () => void {
  return scene.subscribe((change) => {
    if (change === 'load' || change === 'transient') return;
    appStore.getState().setSaveState('unsaved');
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void runSave();
    }, SAVE_DELAY_MS);
  });
}
