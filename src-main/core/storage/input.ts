// Values that come from a caller (the CLI, a test, the IPC gate after its own check) are parsed
// with their domain schema; a value out of range is the caller's mistake, so it is an EaselError
// 'validation' naming the field (the CLI's exit 2), never an internal error.
import type { z } from 'zod';
import { EaselError } from '../../../src-shared/errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const message = issue?.message ?? 'not valid';
  throw new EaselError('validation', `Invalid ${what}${field ? ` (${field})` : ''}: ${message}.`, {
    ...(field ? { field } : {}),
  });
}
