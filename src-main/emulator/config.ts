// The knobs of one emulator instance, validated the same way from options, CLI and admin endpoint.
import { z } from 'zod';

export interface EmulatorConfig {
  latencyMs: number;
  throttleRate: number;
  serverErrorRate: number;
  filterWords: string[];
  malformedRate: number;
  endOfLifeModels: string[];
}

const rate = z.number().min(0).max(1);

export const configPatchSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  throttleRate: rate.optional(),
  serverErrorRate: rate.optional(),
  filterWords: z.array(z.string().min(1)).optional(),
  malformedRate: rate.optional(),
  endOfLifeModels: z.array(z.string().min(1)).optional(),
});

export const DEFAULT_CONFIG: EmulatorConfig = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  filterWords: [],
  malformedRate: 0,
  endOfLifeModels: [],
};

/** Applies a patch after validating it; throws a readable message on bad input. */
export function applyConfigPatch(current: EmulatorConfig, patch: unknown): EmulatorConfig {
  const parsed = configPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Error(`invalid emulator config: ${where}${issue?.message ?? 'bad input'}`);
  }
  const next: EmulatorConfig = {
    ...current,
    filterWords: [...current.filterWords],
    endOfLifeModels: [...current.endOfLifeModels],
  };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  return next;
}
