// The edit bar under the canvas: shown when exactly one image is selected. Each edit is a toggle
// button, disabled with the reason when no available model can make it for this image; the active
// edit shows its options (model, strength, brush, outpaint sides) and a Run button.
import { useId, useMemo, useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { estimate, findModel } from '../../../src-shared/models/index.ts';
import { formatUsd } from '../../../src-shared/money.ts';
import { appStore, useApp } from '../../store/index.ts';
import { scene } from '../canvas/index.ts';
import { openChat } from '../chat/index.ts';
import { editModelFor, runEdit, serviceChoicesFor } from './run.ts';
import { BrushControls } from './BrushControls.tsx';
import { ServiceFields } from './ServiceFields.tsx';
import type { EditTask, Sides } from './tasks.ts';
import {
  buildEditParams,
  canSketch,
  EDIT_LABELS,
  EDIT_SHORT_LABELS,
  EDIT_TASKS,
  editChoices,
  editService,
  needsMask,
  NO_SERVICE_CHOICES,
  promptNeed,
  resultSize,
  serviceBlocker,
  taskDisabledReason,
} from './tasks.ts';
import './edit.css';

const SIDES: { key: keyof Sides; label: string }[] = [
  { key: 'left', label: 'Left' },
  { key: 'right', label: 'Right' },
  { key: 'up', label: 'Up' },
  { key: 'down', label: 'Down' },
];

/** What the canvas still needs for this edit: a painted mask, a side to extend. */
function canvasBlocker(task: EditTask, painted: boolean, sketched: boolean | null, sides: Sides): string | null {
  if (needsMask(task) && !painted) return 'Paint over the area to change.';
  if (sketched === false) return 'Draw the sketch over the image.';
  if (task === 'outpaint' && sides.left + sides.right + sides.up + sides.down === 0) return 'Extend at least one side.';
  return null;
}

export function EditPanel() {
  const id = useId();
  useSyncExternalStore(scene.subscribe, scene.getVersion);
  const selection = useApp((s) => s.selection);
  const models = useApp((s) => s.models);
  const edit = useApp(useShallow((s) => s.edit));
  const prompt = useApp((s) => s.fields.prompt);
  const runError = useApp((s) => s.runError);
  const chatOpen = useApp((s) => s.chat.open);
  const selected = selection.length === 1 && selection[0] !== undefined ? scene.get(selection[0]) : undefined;
  // A video's item shows its poster: its pixels are not what an edit would change.
  const isVideo = useApp((s) => (selected ? s.imageInfo[selected.imageId]?.media === 'video' : false));
  const item = isVideo ? undefined : selected;
  const size = item ? { width: item.width, height: item.height } : null;

  const choicesByTask = useMemo(
    () => new Map(EDIT_TASKS.map((t) => [t, editChoices(t, models, size)] as const)),
    [models, size?.width, size?.height],
  );
  if (!item || !size) return null;
  const task = edit.task !== null && edit.targetKey === item.key ? edit.task : null;

  const toggle = (t: EditTask) => {
    if (task === t) appStore.getState().endEdit();
    else appStore.getState().startEdit(t, item.key);
  };

  const modelId = task ? editModelFor(task, size) : null;
  const spec = modelId ? findModel(modelId) : undefined;
  const need = task ? promptNeed(spec, task) : 'none';
  const service = editService(spec);
  const choices = modelId ? serviceChoicesFor(modelId, item.key) : NO_SERVICE_CHOICES;
  const painted = edit.strokes.some((s) => !s.erase);
  // null: not sketching; else whether the sketch has a line.
  const sketched = task && canSketch(task) && edit.sketching ? edit.sketch.some((s) => !s.erase) : null;
  const out = task ? resultSize(task, spec, size, edit.outpaint) : null;
  const quote =
    task && modelId
      ? estimate(
          buildEditParams({
            task,
            modelId,
            imageId: item.imageId,
            prompt,
            negativePrompt: '',
            strength: edit.strength,
            outpaint: edit.outpaint,
            service: choices,
          }),
        )
      : null;
  const blocker = !task
    ? null
    : modelId === null
      ? taskDisabledReason(task, choicesByTask.get(task) ?? [])
      : need === 'required' && prompt.trim() === ''
        ? 'Write what to paint in the Prompt field.'
        : (serviceBlocker(service, choices) ?? canvasBlocker(task, painted, sketched, edit.outpaint));

  return (
    <section className="edit-panel" aria-label="Edit image">
      <div className="edit-tasks" role="toolbar" aria-label="Edit the selected image">
        <span className="edit-title muted">Edit</span>
        {EDIT_TASKS.map((t) => {
          const reason = taskDisabledReason(t, choicesByTask.get(t) ?? []);
          return (
            <button
              key={t}
              type="button"
              aria-pressed={task === t}
              disabled={reason !== null}
              title={reason ?? (EDIT_SHORT_LABELS[t] ? EDIT_LABELS[t] : undefined)}
              aria-describedby={reason !== null ? `${id}-${t}-why` : undefined}
              onClick={() => toggle(t)}
            >
              {EDIT_SHORT_LABELS[t] ? (
                <>
                  <span aria-hidden="true">{EDIT_SHORT_LABELS[t]}</span>
                  <span className="visually-hidden">{EDIT_LABELS[t]}</span>
                </>
              ) : (
                EDIT_LABELS[t]
              )}
              {reason !== null && (
                <span id={`${id}-${t}-why`} className="visually-hidden">
                  {reason}
                </span>
              )}
            </button>
          );
        })}
        <button
          type="button"
          className="edit-chat"
          aria-pressed={chatOpen}
          title="Talk to this image: describe changes, turn after turn"
          onClick={() => void openChat(item.key)}
        >
          Chat
        </button>
      </div>
      {task && (
        <div className="edit-options" data-task={task}>
          <label className="edit-field">
            <span>Model</span>
            <select
              aria-label="Edit model"
              value={modelId ?? ''}
              onChange={(e) => appStore.getState().setEditModel(task, e.target.value)}
            >
              {(choicesByTask.get(task) ?? []).map((c) => (
                <option
                  key={c.modelId}
                  value={c.modelId}
                  disabled={c.disabledReason !== null}
                  title={c.disabledReason ?? undefined}
                >
                  {c.label}
                  {c.disabledReason ? ' (unavailable)' : ''}
                </option>
              ))}
            </select>
          </label>
          {task === 'image-to-image' && spec?.limits.strength && (
            <label className="edit-field">
              <span>
                Strength <output>{edit.strength.toFixed(2)}</output>
              </span>
              <input
                type="range"
                aria-label="Strength"
                min={spec.limits.strength.min}
                max={spec.limits.strength.max}
                step={0.05}
                value={edit.strength}
                onChange={(e) => appStore.getState().setEdit({ strength: Number(e.target.value) })}
              />
            </label>
          )}
          {needsMask(task) && <BrushControls layer="mask" />}
          {canSketch(task) && (
            <button
              type="button"
              aria-pressed={edit.sketching}
              title="Draw the control image over the selected image instead of using the image itself"
              onClick={() => appStore.getState().setEdit({ sketching: !edit.sketching, erasing: false })}
            >
              Draw sketch
            </button>
          )}
          {edit.sketching && canSketch(task) && <BrushControls layer="sketch" />}
          {spec && service && (
            <ServiceFields
              spec={spec}
              service={service}
              choices={edit.serviceChoices[spec.id] ?? NO_SERVICE_CHOICES}
              styleCandidates={scene.ordered().filter((c) => c.key !== item.key)}
              styleKey={edit.styleKey}
            />
          )}
          {task === 'outpaint' && (
            <fieldset className="edit-sides">
              <legend className="visually-hidden">Extend the frame (pixels)</legend>
              {SIDES.map(({ key, label }) => (
                <label key={key} className="edit-side">
                  <span>{label}</span>
                  <input
                    type="number"
                    min={0}
                    max={2000}
                    step={64}
                    aria-label={`Extend ${label.toLowerCase()}`}
                    value={edit.outpaint[key]}
                    onChange={(e) =>
                      appStore.getState().setEdit({
                        outpaint: {
                          ...edit.outpaint,
                          [key]: Math.max(0, Math.min(2000, Math.round(Number(e.target.value) || 0))),
                        },
                      })
                    }
                  />
                </label>
              ))}
            </fieldset>
          )}
          <div className="edit-run">
            <p className="muted edit-summary" aria-live="polite">
              {need === 'none' ? 'No prompt needed' : need === 'required' ? 'Uses the Prompt' : 'Prompt optional'}
              {out ? ` · result ${out.width}×${out.height}` : ''}
              {quote ? ` · ${quote.known ? formatUsd(quote.totalMicroUsd) : 'price unknown'}` : ''}
            </p>
            <button
              type="button"
              className="primary"
              disabled={blocker !== null || edit.busy}
              title={blocker ?? undefined}
              onClick={() => void runEdit()}
            >
              {edit.busy ? 'Sending…' : `Run ${EDIT_LABELS[task].toLowerCase()}`}
            </button>
            <button type="button" onClick={() => appStore.getState().endEdit()}>
              Done
            </button>
          </div>
          {blocker && (
            <p className="edit-hint muted" role="status">
              {blocker}
            </p>
          )}
          {runError && (
            <p className="run-error" role="alert">
              {runError.message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
