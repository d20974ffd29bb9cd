// The prompt panel's fields and the outcome of the last Generate.
import type { SliceCreator } from '../../store/types.ts';
import { DEFAULT_FIELDS } from './params.ts';
import type { PromptFields } from './params.ts';

export interface PromptSlice {
  fields: PromptFields;
  /** Set while the generate call is in flight. */
  submitting: boolean;
  /** Why the last run was refused (budget, validation, credentials): shown under Generate. */
  runError: { code: string; message: string } | null;
  runWarnings: string[];
  /** The fields before the last restore (history, "Reuse all settings"), for its Undo; null once edited. */
  replaced: { previous: PromptFields; from: string } | null;
  setField<K extends keyof PromptFields>(key: K, value: PromptFields[K]): void;
  setFields(fields: Partial<PromptFields>): void;
  setRunOutcome(outcome: { error?: { code: string; message: string } | null; warnings?: string[] }): void;
  setSubmitting(submitting: boolean): void;
  /** Replaces the fields with a past run's (keeping the current ones for Undo), clearing the run outcome. */
  replaceFields(fields: Partial<PromptFields>, from: string): void;
  undoReplace(): void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends PromptSlice {}
}

export const createPromptSlice: SliceCreator<PromptSlice> = (set) => ({
  fields: DEFAULT_FIELDS,
  submitting: false,
  runError: null,
  runWarnings: [],
  replaced: null,
  setField: (key, value) => set((s) => ({ fields: { ...s.fields, [key]: value }, replaced: null })),
  setFields: (fields) => set((s) => ({ fields: { ...s.fields, ...fields }, replaced: null })),
  setRunOutcome: ({ error = null, warnings = [] }) => set({ runError: error, runWarnings: warnings }),
  setSubmitting: (submitting) => set({ submitting }),
  replaceFields: (fields, from) =>
    set((s) => ({
      fields: { ...s.fields, ...fields },
      replaced: { previous: s.fields, from },
      runError: null,
      runWarnings: [],
    })),
  undoReplace: () => set((s) => (s.replaced ? { fields: s.replaced.previous, replaced: null } : {})),
});
