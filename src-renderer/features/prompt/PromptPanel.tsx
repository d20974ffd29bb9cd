// The prompt panel: prompt, negative prompt, model (with lifecycle), the model's own settings,
// seed + Lock seed, the price of the next run, Generate (also Ctrl/Cmd+Enter anywhere).
import { useId, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatUsd } from '../../../src-shared/money.ts';
import { estimate, findModel, validateParams } from '../../../src-shared/models/index.ts';
import type { ModelSpec } from '../../../src-shared/models/index.ts';
import { appStore, useApp } from '../../store/index.ts';
import { generate } from './generate.ts';
import { buildParams, MAX_COUNT, parseSeed, seedForRun, sizeKey } from './params.ts';
import type { PromptFields } from './params.ts';
import './prompt.css';

function Field({
  label,
  hint,
  error,
  children,
  id,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
  id: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function useFields() {
  return useApp(useShallow((s) => s.fields));
}

function set<K extends keyof PromptFields>(key: K, value: PromptFields[K]): void {
  appStore.getState().setField(key, value);
}

function LifecycleBadge({ status }: { status: string }) {
  if (status === 'active') return null;
  return <span className={`badge badge-${status}`}>{status === 'end-of-life' ? 'end of life' : status}</span>;
}

function ModelSettings({
  spec,
  fields,
  issues,
}: {
  spec: ModelSpec;
  fields: PromptFields;
  issues: Map<string, string>;
}) {
  const id = useId();
  const { limits } = spec;
  const sizes = limits.sizes;
  return (
    <>
      {sizes?.kind === 'list' && (
        <Field id={`${id}-size`} label="Size" error={issues.get('width') ?? issues.get('height')}>
          <select
            id={`${id}-size`}
            value={fields.size || sizeKey(sizes.default)}
            onChange={(e) => set('size', e.target.value)}
          >
            {sizes.sizes.map((s) => (
              <option key={sizeKey(s)} value={sizeKey(s)}>
                {s.width} × {s.height}
              </option>
            ))}
          </select>
        </Field>
      )}
      {sizes?.kind === 'range' && (
        <Field
          id={`${id}-size`}
          label="Size"
          hint={`${sizes.min}–${sizes.max} px per side, multiples of ${sizes.multipleOf}, up to ${(sizes.maxPixels / 1e6).toFixed(1)} MP, at most ${sizes.maxAspect}:1`}
          error={issues.get('width') ?? issues.get('height')}
        >
          <select
            id={`${id}-size`}
            value={fields.size || sizeKey(sizes.default)}
            onChange={(e) => set('size', e.target.value)}
          >
            {[
              sizes.default,
              { width: 1024, height: 1024 },
              { width: 1280, height: 720 },
              { width: 720, height: 1280 },
              { width: 1152, height: 896 },
              { width: 896, height: 1152 },
              { width: 2048, height: 2048 },
            ]
              .filter((s, i, all) => all.findIndex((o) => sizeKey(o) === sizeKey(s)) === i)
              .filter((s) => s.width <= sizes.max && s.height <= sizes.max && s.width * s.height <= sizes.maxPixels)
              .map((s) => (
                <option key={sizeKey(s)} value={sizeKey(s)}>
                  {s.width} × {s.height}
                </option>
              ))}
          </select>
        </Field>
      )}
      {limits.aspectRatios && (
        <Field id={`${id}-aspect`} label="Aspect ratio" error={issues.get('aspectRatio')}>
          <select
            id={`${id}-aspect`}
            value={fields.aspectRatio || limits.defaultAspectRatio || limits.aspectRatios[0]}
            onChange={(e) => set('aspectRatio', e.target.value)}
          >
            {limits.aspectRatios.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="field-row">
        {limits.steps && (
          <Field
            id={`${id}-steps`}
            label="Steps"
            hint={`${limits.steps.min}–${limits.steps.max}`}
            error={issues.get('steps')}
          >
            <input
              id={`${id}-steps`}
              type="number"
              min={limits.steps.min}
              max={limits.steps.max}
              value={fields.steps ?? limits.steps.default}
              onChange={(e) => set('steps', e.target.value === '' ? null : Number(e.target.value))}
            />
          </Field>
        )}
        {limits.cfgScale && (
          <Field
            id={`${id}-cfg`}
            label="CFG scale"
            hint={`${limits.cfgScale.min}–${limits.cfgScale.max}`}
            error={issues.get('cfgScale')}
          >
            <input
              id={`${id}-cfg`}
              type="number"
              step={0.5}
              min={limits.cfgScale.min}
              max={limits.cfgScale.max}
              value={fields.cfgScale ?? limits.cfgScale.default}
              onChange={(e) => set('cfgScale', e.target.value === '' ? null : Number(e.target.value))}
            />
          </Field>
        )}
      </div>
      {limits.samplers && (
        <Field id={`${id}-sampler`} label="Sampler" error={issues.get('sampler')}>
          <select id={`${id}-sampler`} value={fields.sampler} onChange={(e) => set('sampler', e.target.value)}>
            <option value="">Model default</option>
            {limits.samplers.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      )}
      {limits.stylePresets && (
        <Field id={`${id}-style`} label="Style preset" error={issues.get('stylePreset')}>
          <select id={`${id}-style`} value={fields.stylePreset} onChange={(e) => set('stylePreset', e.target.value)}>
            <option value="">None</option>
            {limits.stylePresets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      )}
    </>
  );
}

export function PromptPanel() {
  const id = useId();
  const fields = useFields();
  const models = useApp((s) => s.models);
  const submitting = useApp((s) => s.submitting);
  const runError = useApp((s) => s.runError);
  const runWarnings = useApp((s) => s.runWarnings);
  const spec = findModel(fields.modelId);
  const summary = models.find((m) => m.id === fields.modelId);
  const choices = models.filter((m) => m.tasks.includes('text-to-image'));

  const { params, issues, quote } = useMemo(() => {
    const { seed } =
      fields.seedLocked && parseSeed(fields.seedText, spec) !== null ? seedForRun(fields) : { seed: undefined };
    const p = buildParams(fields, seed);
    const list = fields.modelId === '' ? [] : validateParams(p);
    return { params: p, issues: new Map(list.map((i) => [String(i.field), i.message])), quote: estimate(p) };
  }, [fields, spec]);

  const seedInvalid = fields.seedText.trim() !== '' && parseSeed(fields.seedText, spec) === null;
  const promptMissing = spec?.limits.promptRequired === true && fields.prompt.trim() === '';
  const blocking = [...issues.entries()].filter(([field]) => field !== 'prompt' || fields.prompt.trim() !== '');
  const canGenerate =
    !submitting && spec !== undefined && !promptMissing && blocking.length === 0 && !(fields.seedLocked && seedInvalid);
  const lifecycle = spec?.lifecycle;

  return (
    <form
      className="prompt-panel"
      aria-label="Prompt panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (canGenerate) void generate();
      }}
    >
      <Field id={`${id}-prompt`} label="Prompt" error={fields.prompt.trim() !== '' ? issues.get('prompt') : undefined}>
        <textarea
          id={`${id}-prompt`}
          rows={5}
          value={fields.prompt}
          placeholder="Describe the image…"
          onChange={(e) => set('prompt', e.target.value)}
        />
      </Field>
      {(spec === undefined || spec.limits.negativePrompt) && (
        <Field id={`${id}-neg`} label="Negative prompt" error={issues.get('negativePrompt')}>
          <textarea
            id={`${id}-neg`}
            rows={2}
            value={fields.negativePrompt}
            placeholder="What to leave out"
            onChange={(e) => set('negativePrompt', e.target.value)}
          />
        </Field>
      )}
      <Field id={`${id}-model`} label="Model">
        <select
          id={`${id}-model`}
          data-testid="models"
          value={fields.modelId}
          onChange={(e) =>
            appStore.getState().setFields({
              modelId: e.target.value,
              size: '',
              aspectRatio: '',
              steps: null,
              cfgScale: null,
              sampler: '',
              stylePreset: '',
            })
          }
        >
          {choices.length === 0 && <option value="">No models available</option>}
          {choices.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
              {m.lifecycle.status === 'active' ? '' : m.lifecycle.status === 'legacy' ? ' (legacy)' : ' (end of life)'}
            </option>
          ))}
        </select>
      </Field>
      {summary && lifecycle && lifecycle.status !== 'active' && (
        <div className={`lifecycle lifecycle-${lifecycle.status}`} role="note">
          <LifecycleBadge status={lifecycle.status} />
          <p>
            {summary.lifecycle.note ?? lifecycle.note}
            {lifecycle.since ? ` (since ${lifecycle.since})` : ''}
          </p>
          {lifecycle.replacementId &&
            models.some(
              (m) => m.id === lifecycle.replacementId || findModel(m.id)?.baseId === lifecycle.replacementId,
            ) && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  const next = models.find(
                    (m) => m.id === lifecycle.replacementId || findModel(m.id)?.baseId === lifecycle.replacementId,
                  );
                  if (next)
                    appStore.getState().setFields({
                      modelId: next.id,
                      size: '',
                      aspectRatio: '',
                      steps: null,
                      cfgScale: null,
                      sampler: '',
                      stylePreset: '',
                    });
                }}
              >
                Switch to {findModel(lifecycle.replacementId)?.label ?? lifecycle.replacementId}
              </button>
            )}
        </div>
      )}
      {spec && <ModelSettings spec={spec} fields={fields} issues={issues} />}
      <div className="field-row">
        <Field id={`${id}-count`} label="Images" hint={`1–${MAX_COUNT}`}>
          <input
            id={`${id}-count`}
            type="number"
            min={1}
            max={MAX_COUNT}
            value={fields.count}
            onChange={(e) => set('count', Math.min(MAX_COUNT, Math.max(1, Number(e.target.value) || 1)))}
          />
        </Field>
        <Field
          id={`${id}-seed`}
          label="Seed"
          error={
            seedInvalid
              ? `A whole number from ${spec?.limits.seed.min ?? 0} to ${spec?.limits.seed.max ?? 4294967295}`
              : undefined
          }
          hint={fields.seedLocked ? 'Every run reuses this seed' : 'New random seed per image'}
        >
          <input
            id={`${id}-seed`}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={fields.seedText}
            placeholder="random"
            onChange={(e) => set('seedText', e.target.value)}
          />
        </Field>
      </div>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={fields.seedLocked}
          aria-checked={fields.seedLocked}
          onChange={(e) => set('seedLocked', e.target.checked)}
        />
        <span className="switch-track" aria-hidden="true" />
        Lock seed
      </label>
      <div className="run">
        <p className="estimate" data-testid="estimate" aria-live="polite">
          {quote.known ? (
            <>
              Next run: <strong>{formatUsd(quote.totalMicroUsd)}</strong>
              {quote.count > 1 ? (
                <span className="muted">
                  {' '}
                  ({quote.count} × {formatUsd(quote.perImageMicroUsd)})
                </span>
              ) : null}
            </>
          ) : (
            <>
              Price unknown for this model <span className="muted">(set one in Settings)</span>
            </>
          )}
        </p>
        <button
          type="submit"
          className="primary generate"
          disabled={!canGenerate}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          Generate
        </button>
        <p className="shortcut muted">Ctrl/⌘ + Enter</p>
        {runError && (
          <p className="run-error" role="alert" data-code={runError.code}>
            {runError.message}
          </p>
        )}
        {runWarnings.map((w) => (
          <p key={w} className="run-warning" role="status">
            {w}
          </p>
        ))}
        {params.modelId !== '' &&
          issues.size > 0 &&
          fields.prompt.trim() !== '' &&
          blocking.length > 0 &&
          !runError && (
            <p className="run-error" role="status">
              {blocking.map(([, m]) => m).join(' ')}
            </p>
          )}
      </div>
    </form>
  );
}
