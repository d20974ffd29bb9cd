// The chosen model's own settings in the prompt panel: size or aspect ratio, steps, CFG scale,
// sampler, style preset. Numeric inputs take every value the model takes (CFG `step="any"`: its
// range has decimals like 1.1 and defaults like 8 and 6.5); the model's limits, not the browser's,
// decide what is valid (readiness.ts).
import { useId } from 'react';
import type { ModelSpec, Range } from '../../../src-shared/models/index.ts';
import { appStore } from '../../store/index.ts';
import { describedBy, Field } from './Field.tsx';
import { sizeKey } from './params.ts';
import type { PromptFields } from './params.ts';

type Issues = Map<string, string>;
type Size = { width: number; height: number };

function set<K extends keyof PromptFields>(key: K, value: PromptFields[K]): void {
  appStore.getState().setField(key, value);
}

const COMMON_SIZES: Size[] = [
  { width: 1024, height: 1024 },
  { width: 1280, height: 720 },
  { width: 720, height: 1280 },
  { width: 1152, height: 896 },
  { width: 896, height: 1152 },
  { width: 2048, height: 2048 },
];

/** The sizes offered: the model's list, or for a range model its default and common sizes it takes. */
function sizeChoices(sizes: NonNullable<ModelSpec['limits']['sizes']>): readonly Size[] {
  if (sizes.kind === 'list') return sizes.sizes;
  return [sizes.default, ...COMMON_SIZES]
    .filter((s, i, all) => all.findIndex((o) => sizeKey(o) === sizeKey(s)) === i)
    .filter((s) => s.width <= sizes.max && s.height <= sizes.max && s.width * s.height <= sizes.maxPixels);
}

function SizeField({ spec, fields, issues }: { spec: ModelSpec; fields: PromptFields; issues: Issues }) {
  const id = useId();
  const sizes = spec.limits.sizes;
  if (!sizes) return null;
  const hint =
    sizes.kind === 'range'
      ? `${sizes.min}–${sizes.max} px per side, multiples of ${sizes.multipleOf}, up to ${(sizes.maxPixels / 1e6).toFixed(1)} MP, at most ${sizes.maxAspect}:1`
      : undefined;
  const error = issues.get('width') ?? issues.get('height');
  return (
    <Field id={id} label="Size" hint={hint} error={error}>
      <select
        id={id}
        value={fields.size || sizeKey(sizes.default)}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => set('size', e.target.value)}
      >
        {sizeChoices(sizes).map((s) => (
          <option key={sizeKey(s)} value={sizeKey(s)}>
            {s.width} × {s.height}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Choice({
  label,
  value,
  options,
  empty,
  error,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  empty?: string;
  error?: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

function NumberField({
  label,
  range,
  value,
  step,
  error,
  onChange,
}: {
  label: string;
  range: Range;
  value: number | null;
  step: number | 'any';
  error?: string | undefined;
  onChange: (value: number | null) => void;
}) {
  const id = useId();
  const hint = `${range.min}–${range.max}`;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type="number"
        step={step}
        inputMode={step === 'any' ? 'decimal' : 'numeric'}
        min={range.min}
        max={range.max}
        value={value ?? range.default}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </Field>
  );
}

export function ModelSettings({ spec, fields, issues }: { spec: ModelSpec; fields: PromptFields; issues: Issues }) {
  const { limits } = spec;
  return (
    <>
      <SizeField spec={spec} fields={fields} issues={issues} />
      {limits.aspectRatios && (
        <Choice
          label="Aspect ratio"
          value={fields.aspectRatio || limits.defaultAspectRatio || limits.aspectRatios[0] || ''}
          options={limits.aspectRatios}
          error={issues.get('aspectRatio')}
          onChange={(v) => set('aspectRatio', v)}
        />
      )}
      <div className="field-row">
        {limits.steps && (
          <NumberField
            label="Steps"
            range={limits.steps}
            value={fields.steps}
            step={1}
            error={issues.get('steps')}
            onChange={(v) => set('steps', v)}
          />
        )}
        {limits.cfgScale && (
          <NumberField
            label="CFG scale"
            range={limits.cfgScale}
            value={fields.cfgScale}
            step="any"
            error={issues.get('cfgScale')}
            onChange={(v) => set('cfgScale', v)}
          />
        )}
      </div>
      {limits.samplers && (
        <Choice
          label="Sampler"
          value={fields.sampler}
          options={limits.samplers}
          empty="Model default"
          error={issues.get('sampler')}
          onChange={(v) => set('sampler', v)}
        />
      )}
      {limits.stylePresets && (
        <Choice
          label="Style preset"
          value={fields.stylePreset}
          options={limits.stylePresets}
          empty="None"
          error={issues.get('stylePreset')}
          onChange={(v) => set('stylePreset', v)}
        />
      )}
    </>
  );
}
