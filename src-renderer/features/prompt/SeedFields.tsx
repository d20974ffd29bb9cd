// Images per run, the seed and Lock seed, and what the seed rule will do on the next run, shown
// before running ("Seeds 42, 43, 44": image i of a locked run uses seed + i).
import { useId } from 'react';
import type { ModelSpec } from '../../../src-shared/models/index.ts';
import { appStore } from '../../store/index.ts';
import { Field } from './Field.tsx';
import { MAX_COUNT, seedPlan } from './params.ts';
import type { PromptFields } from './params.ts';

function set<K extends keyof PromptFields>(key: K, value: PromptFields[K]): void {
  appStore.getState().setField(key, value);
}

export function SeedFields({
  fields,
  spec,
  seedInvalid,
}: {
  fields: PromptFields;
  spec: ModelSpec | undefined;
  seedInvalid: boolean;
}) {
  const id = useId();
  const seedError = seedInvalid
    ? `A whole number from ${spec?.limits.seed.min ?? 0} to ${spec?.limits.seed.max ?? 4294967295}`
    : undefined;
  return (
    <>
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
        <Field id={`${id}-seed`} label="Seed" error={seedError}>
          <input
            id={`${id}-seed`}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={fields.seedText}
            placeholder="random"
            aria-invalid={seedError ? true : undefined}
            aria-describedby={seedError ? `${id}-seed-error` : `${id}-plan`}
            onChange={(e) => set('seedText', e.target.value)}
          />
        </Field>
      </div>
      <div className="seed-lock">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={fields.seedLocked}
            aria-checked={fields.seedLocked}
            aria-describedby={`${id}-plan`}
            onChange={(e) => set('seedLocked', e.target.checked)}
          />
          <span className="switch-track" aria-hidden="true" />
          Lock seed
        </label>
        <p className="seed-plan" id={`${id}-plan`} data-testid="seed-plan">
          {seedPlan(fields)}
        </p>
      </div>
    </>
  );
}
