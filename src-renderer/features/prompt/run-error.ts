// When the last run's error stops describing anything: an error clears when its cause is gone,
// not when the next run happens to be tried.
import type { BudgetStatus } from '../session/index.ts';
import type { PromptFields } from './params.ts';

export interface RunErrorContext {
  fields: PromptFields;
  profile: string | null;
  region: string | null;
  budgets: readonly BudgetStatus[];
}

/** Errors about the AWS session: only a different profile or region can change them. */
const SESSION_CODES = new Set([
  'no-aws-config',
  'no-region',
  'unknown-profile',
  'sso-token-expired',
  'credentials-missing',
  'credentials-rejected',
  'credential-process-failed',
  'profile-config-invalid',
  'access-denied',
  'model-not-available',
]);

/**
 * True when the error shown no longer applies: the profile or region changed (any error); the
 * request changed (any error but a session one); a budget refusal whose budgets now let the run
 * through (`fits` answers for the current fields and budgets).
 */
export function runErrorIsStale(
  code: string,
  now: RunErrorContext,
  before: RunErrorContext,
  fits: (ctx: RunErrorContext) => boolean,
): boolean {
  if (now.profile !== before.profile || now.region !== before.region) return true;
  if (now.fields !== before.fields && !SESSION_CODES.has(code)) return true;
  return code === 'budget-exceeded' && now.budgets !== before.budgets && fits(now);
}
