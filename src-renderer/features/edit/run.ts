// Running an edit: the mask (if any), or the sketch drawn over the image for a control sketch, is
// rasterised at the image's own size and sent to main (masks.create, which verifies it), then the edit goes through the same path as Generate (catalog
// validation, hard-budget refusal) and its result lands next to the source.
import { findModel } from '../../../src-shared/models/index.ts';
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { itemRect, scene } from '../canvas/index.ts';
import { seedForRun, submitParams } from '../prompt/index.ts';
import { drawsSketch } from './editSlice.ts';
import type { Stroke } from './editSlice.ts';
import {
  buildEditParams,
  editChoices,
  EDIT_LABELS,
  editService,
  needsMask,
  NO_SERVICE_CHOICES,
  promptNeed,
  serviceBlocker,
} from './tasks.ts';
import type { ServiceChoices } from './tasks.ts';

/** The two colours of a rasterised layer: the mask is white on black, a sketch black on white. */
export interface LayerColours {
  background: string;
  paint: string;
}
export const MASK_COLOURS: LayerColours = { background: '#000000', paint: '#ffffff' };
export const SKETCH_COLOURS: LayerColours = { background: '#ffffff', paint: '#000000' };

/** Draws the strokes on a 2D context: the background everywhere, the paint where painted (erase strokes paint background). */
export function drawStrokes(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  strokes: readonly Stroke[],
  colours: LayerColours = MASK_COLOURS,
): void {
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, width, height);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) {
    const colour = stroke.erase ? colours.background : colours.paint;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = stroke.size;
    const [x0 = 0, y0 = 0] = stroke.points;
    if (stroke.points.length <= 2) {
      ctx.beginPath();
      ctx.arc(x0, y0, stroke.size / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    for (let i = 2; i + 1 < stroke.points.length; i += 2) ctx.lineTo(stroke.points[i] ?? 0, stroke.points[i + 1] ?? 0);
    ctx.stroke();
  }
}

/** The strokes as PNG base64 at the image's size (a mask by default, or a sketch). */
export function rasteriseStrokes(
  width: number,
  height: number,
  strokes: readonly Stroke[],
  colours: LayerColours = MASK_COLOURS,
): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  drawStrokes(ctx, width, height, strokes, colours);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** The model the edit uses: the one chosen for the task, else the first that can take this image. */
export function editModelFor(
  task: NonNullable<ReturnType<typeof appStore.getState>['edit']['task']>,
  size: { width: number; height: number } | null,
): string | null {
  const s = appStore.getState();
  const choices = editChoices(task, s.models, size);
  const chosen = s.edit.modelByTask[task];
  const usable = choices.filter((c) => c.disabledReason === null);
  return usable.find((c) => c.modelId === chosen)?.modelId ?? usable[0]?.modelId ?? null;
}

/** The service fields chosen for a model, with the style image's library id (when still on the canvas). */
export function serviceChoicesFor(modelId: string, targetKey: string): ServiceChoices {
  const { edit } = appStore.getState();
  const style = edit.styleKey === null || edit.styleKey === targetKey ? undefined : scene.get(edit.styleKey);
  return {
    ...(edit.serviceChoices[modelId] ?? NO_SERVICE_CHOICES),
    ...(style ? { styleImageId: style.imageId } : {}),
  };
}

export async function runEdit(): Promise<boolean> {
  const s = appStore.getState();
  const { task, targetKey } = s.edit;
  const item = targetKey === null ? undefined : scene.get(targetKey);
  if (task === null || !item || s.edit.busy) return false;
  const size = { width: item.width, height: item.height };
  const modelId = editModelFor(task, size);
  if (modelId === null) {
    s.setRunOutcome({
      error: { code: 'validation', message: `No available model can ${EDIT_LABELS[task].toLowerCase()} this image.` },
    });
    return false;
  }
  if (promptNeed(findModel(modelId), task) === 'required' && s.fields.prompt.trim() === '') {
    s.setRunOutcome({
      error: {
        code: 'validation',
        message: `${EDIT_LABELS[task]} needs a prompt: describe what to paint in the Prompt field.`,
      },
    });
    return false;
  }
  const service = serviceChoicesFor(modelId, item.key);
  const missing = serviceBlocker(editService(findModel(modelId)), service);
  if (missing !== null) {
    s.setRunOutcome({ error: { code: 'validation', message: missing } });
    return false;
  }
  const sketching = drawsSketch(s.edit);
  if (sketching && !s.edit.sketch.some((st) => !st.erase)) {
    s.setRunOutcome({
      error: { code: 'validation', message: 'Draw the sketch over the image first (it is empty).' },
    });
    return false;
  }
  if (needsMask(task) && !s.edit.strokes.some((st) => !st.erase)) {
    s.setRunOutcome({
      error: { code: 'validation', message: 'Paint over the area to change first (the mask is empty).' },
    });
    return false;
  }
  s.setEdit({ busy: true });
  try {
    const { width, height } = item;
    let maskImageId: string | undefined;
    if (needsMask(task)) {
      const pngBase64 = rasteriseStrokes(width, height, s.edit.strokes);
      maskImageId = (await call('masks.create', { sourceImageId: item.imageId, pngBase64, width, height })).imageId;
    }
    // A sketch drawn over the image is the control image: stored (checked by main), then edited.
    const imageId = sketching
      ? (
          await call('masks.create', {
            sourceImageId: item.imageId,
            pngBase64: rasteriseStrokes(width, height, s.edit.sketch, SKETCH_COLOURS),
            width,
            height,
            kind: 'sketch',
          })
        ).imageId
      : item.imageId;
    const { seed, seedText } = seedForRun(s.fields);
    if (seedText !== s.fields.seedText) s.setField('seedText', seedText);
    const params = buildEditParams({
      task,
      modelId,
      imageId,
      prompt: s.fields.prompt,
      negativePrompt: s.fields.negativePrompt,
      strength: s.edit.strength,
      outpaint: s.edit.outpaint,
      service,
      ...(maskImageId === undefined ? {} : { maskImageId }),
      ...(seed === undefined ? {} : { seed }),
    });
    return await submitParams(params, { near: itemRect(item) });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    appStore.getState().setRunOutcome({ error: { code: error.data.code, message: error.data.message } });
    return false;
  } finally {
    appStore.getState().setEdit({ busy: false });
  }
}
