// The prompt panel: prompt, negative prompt, model (with lifecycle), the model's own settings
// (ModelSettings), images and seed (SeedFields), the price and Generate (RunBar). The button and
// Ctrl/Cmd+Enter (app/Workspace) both call generate(), which checks readiness() as the button does.
import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findModel } from '../../../src-shared/models/index.ts';
import type { Lifecycle } from '../../../src-shared/models/index.ts';
import { appStore, useApp } from '../../store/index.ts';
import type { ModelSummary } from '../session/index.ts';
import { Field } from './Field.tsx';
import { generate } from './generate.ts';
import { ModelSettings } from './ModelSettings.tsx';
import { offeredModels } from './region-notice.ts';
import { RegionNoticeView } from './RegionNotice.tsx';
import { readiness } from './readiness.ts';
import { RunBar } from './RunBar.tsx';
import { SeedFields } from './SeedFields.tsx';
import { MODEL_DEFAULT_FIELDS, seedPlan } from './params.ts';
import type { PromptFields } from './params.ts';
import './prompt.css';

function set<K extends keyof PromptFields>(key: K, value: PromptFields[K]): void {
  appStore.getState().setField(key, value);
}

/** A new model starts from its own defaults. */
function chooseModel(modelId: string): void {
  appStore.getState().setFields({ modelId, ...MODEL_DEFAULT_FIELDS });
}

function ModelChoice({ id, modelId, models }: { id: string; modelId: string; models: readonly ModelSummary[] }) {
  const choices = offeredModels(models);
  // A model restored from an image (Reuse settings) that cannot run here stays visible, not offered.
  const stranded = choices.some((m) => m.id === modelId) ? undefined : models.find((m) => m.id === modelId);
  return (
    <Field id={id} label="Model">
      <select id={id} data-testid="models" value={modelId} onChange={(e) => chooseModel(e.target.value)}>
        {choices.length === 0 && !stranded && <option value="">No models available</option>}
        {stranded && (
          <option value={stranded.id} disabled>
            {stranded.label}
            {stranded.lifecycle.status === 'end-of-life' ? ' (end of life)' : ' (cannot run here)'}
          </option>
        )}
        {choices.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
            {m.lifecycle.status === 'active' ? '' : m.lifecycle.status === 'legacy' ? ' (legacy)' : ' (end of life)'}
          </option>
        ))}
      </select>
    </Field>
  );
}

function LifecycleNote({ summary, lifecycle }: { summary: ModelSummary; lifecycle: Lifecycle }) {
  const models = useApp((s) => s.models);
  if (lifecycle.status === 'active') return null;
  const replacementId = lifecycle.replacementId;
  const replacement =
    replacementId === undefined
      ? undefined
      : models.find((m) => m.id === replacementId || findModel(m.id)?.baseId === replacementId);
  return (
    <div className={`lifecycle lifecycle-${lifecycle.status}`} role="note">
      <span className={`badge badge-${lifecycle.status}`}>
        {lifecycle.status === 'end-of-life' ? 'end of life' : lifecycle.status}
      </span>
      <p>
        {summary.lifecycle.note ?? lifecycle.note}
        {lifecycle.since ? ` (since ${lifecycle.since})` : ''}
      </p>
      {replacement && replacementId !== undefined && (
        <button type="button" className="link" onClick={() => chooseModel(replacement.id)}>
          Switch to {findModel(replacementId)?.label ?? replacementId}
        </button>
      )}
    </div>
  );
}

/** After a restore (history, "Reuse all settings"): what happened, and Undo until the next edit. */
function RestoredNote() {
  const replaced = useApp((s) => s.replaced);
  if (replaced === null) return null;
  return (
    <div className="restored" role="status">
      <span>Settings restored from {replaced.from}.</span>
      <button type="button" className="link" onClick={() => appStore.getState().undoReplace()}>
        Undo restore
      </button>
    </div>
  );
}

export function PromptPanel() {
  const id = useId();
  const fields = useApp(useShallow((s) => s.fields));
  const models = useApp((s) => s.models);
  const spec = findModel(fields.modelId);
  const summary = models.find((m) => m.id === fields.modelId);
  const check = useMemo(() => readiness(fields), [fields]);
  const typed = fields.prompt.trim() !== '';

  return (
    <form
      className="prompt-panel"
      aria-label="Prompt panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void generate();
      }}
    >
      <RestoredNote />
      <Field id={`${id}-prompt`} label="Prompt" error={typed ? check.issues.get('prompt') : undefined}>
        <textarea
          id={`${id}-prompt`}
          rows={5}
          value={fields.prompt}
          placeholder="Describe the image…"
          onChange={(e) => set('prompt', e.target.value)}
        />
      </Field>
      {(spec === undefined || spec.limits.negativePrompt) && (
        <Field id={`${id}-neg`} label="Negative prompt" error={check.issues.get('negativePrompt')}>
          <textarea
            id={`${id}-neg`}
            rows={2}
            value={fields.negativePrompt}
            placeholder="What to leave out"
            onChange={(e) => set('negativePrompt', e.target.value)}
          />
        </Field>
      )}
      <ModelChoice id={`${id}-model`} modelId={fields.modelId} models={models} />
      <RegionNoticeView modelId={fields.modelId} />
      {summary && spec && <LifecycleNote summary={summary} lifecycle={spec.lifecycle} />}
      {spec && <ModelSettings spec={spec} fields={fields} issues={check.issues} />}
      <SeedFields fields={fields} spec={spec} seedInvalid={check.seedInvalid} />
      <RunBar check={check} promptTyped={typed} seeds={fields.seedLocked ? seedPlan(fields) : null} />
    </form>
  );
}
