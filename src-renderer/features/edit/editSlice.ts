// Canvas edit state: the edit being prepared (task, model per task, strength, outpaint sides, an
// Image Service's own fields per model, the style image) and
// the mask strokes painted over the target image, in the image's own pixels (so moving or zooming
// the item keeps them in place).
import type { SliceCreator } from '../../store/types.ts';
import { canSketch } from './tasks.ts';
import type { EditTask, ServiceChoices, Sides } from './tasks.ts';

export interface Stroke {
  /** x0, y0, x1, y1, … in image pixels. */
  points: number[];
  /** Diameter in image pixels. */
  size: number;
  /** Erase strokes take paint away. */
  erase: boolean;
}

export interface EditState {
  task: EditTask | null;
  /** Scene item key of the image being edited. */
  targetKey: string | null;
  modelByTask: Partial<Record<EditTask, string>>;
  strength: number;
  /** On-screen brush diameter in CSS pixels. */
  brushSize: number;
  erasing: boolean;
  /** The mask (inpaint, erase object). */
  strokes: Stroke[];
  /** Control sketch / structure: drawing a sketch over the image instead of using the image itself. */
  sketching: boolean;
  /** The sketch's lines (black on white), kept apart from the mask. */
  sketch: Stroke[];
  outpaint: Sides;
  /** An Image Service's own fields, per model id (each service has its own ranges and defaults). */
  serviceChoices: Readonly<Record<string, Omit<ServiceChoices, 'styleImageId'>>>;
  /** Style transfer: the scene item key of the image whose style is applied. */
  styleKey: string | null;
  busy: boolean;
}

export interface EditSlice {
  edit: EditState;
  startEdit(task: EditTask, targetKey: string): void;
  endEdit(): void;
  setEdit(patch: Partial<Omit<EditState, 'strokes'>>): void;
  setEditModel(task: EditTask, modelId: string): void;
  /** Sets some of a service's fields for one model (values merge key by key). */
  setServiceChoice(modelId: string, patch: Partial<Omit<ServiceChoices, 'styleImageId'>>): void;
  addStroke(stroke: Stroke): void;
  /** Replaces the last stroke (while it is being drawn). */
  updateLastStroke(stroke: Stroke): void;
  /** The last stroke of the mask, or of the sketch while sketching. */
  undoStroke(): void;
  clearStrokes(): void;
}

export const INITIAL_EDIT: EditState = {
  task: null,
  targetKey: null,
  modelByTask: {},
  strength: 0.6,
  brushSize: 40,
  erasing: false,
  strokes: [],
  sketching: false,
  sketch: [],
  outpaint: { left: 0, right: 256, up: 0, down: 0 },
  serviceChoices: {},
  styleKey: null,
  busy: false,
};

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends EditSlice {}
}

export const createEditSlice: SliceCreator<EditSlice> = (set) => ({
  edit: INITIAL_EDIT,
  startEdit: (task, targetKey) =>
    set((s) => ({
      edit: {
        ...s.edit,
        task,
        targetKey,
        erasing: false,
        strokes: s.edit.targetKey === targetKey ? s.edit.strokes : [],
        sketch: s.edit.targetKey === targetKey ? s.edit.sketch : [],
        sketching: s.edit.targetKey === targetKey && canSketch(task) && s.edit.sketching,
      },
    })),
  endEdit: () =>
    set((s) => ({
      edit: { ...s.edit, task: null, targetKey: null, strokes: [], sketch: [], sketching: false, erasing: false },
    })),
  setEdit: (patch) => set((s) => ({ edit: { ...s.edit, ...patch } })),
  setEditModel: (task, modelId) =>
    set((s) => ({ edit: { ...s.edit, modelByTask: { ...s.edit.modelByTask, [task]: modelId } } })),
  setServiceChoice: (modelId, patch) =>
    set((s) => {
      const current = s.edit.serviceChoices[modelId] ?? { values: {}, stylePreset: '', aspectRatio: '' };
      const next = { ...current, ...patch, values: { ...current.values, ...patch.values } };
      return { edit: { ...s.edit, serviceChoices: { ...s.edit.serviceChoices, [modelId]: next } } };
    }),
  addStroke: (stroke) => set((s) => withStrokes(s.edit, (list) => [...list, stroke])),
  updateLastStroke: (stroke) => set((s) => withStrokes(s.edit, (list) => [...list.slice(0, -1), stroke])),
  undoStroke: () => set((s) => withStrokes(s.edit, (list) => list.slice(0, -1))),
  clearStrokes: () => set((s) => withStrokes(s.edit, () => [])),
});

/** Whether the pointer draws the sketch now (else it paints the mask). */
export function drawsSketch(edit: EditState): boolean {
  return edit.sketching && edit.task !== null && canSketch(edit.task);
}

/** The strokes the pointer draws now: the sketch's, else the mask's. */
export function activeStrokes(edit: EditState): Stroke[] {
  return drawsSketch(edit) ? edit.sketch : edit.strokes;
}

function withStrokes(edit: EditState, change: (list: Stroke[]) => Stroke[]): { edit: EditState } {
  return drawsSketch(edit)
    ? { edit: { ...edit, sketch: change(edit.sketch) } }
    : { edit: { ...edit, strokes: change(edit.strokes) } };
}
