// Time for the repositories: injectable so tests can move it. Stored times are UTC ISO-8601
// (Date#toISOString, always 24 characters), so text order is time order.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function isoNow(clock: Clock): string {
  return clock().toISOString();
}

/** Start of the local calendar day holding `now`, as UTC ISO. */
export function localDayStart(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

export function localNextDayStart(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
}

/** Start of the local calendar month holding `now`, as UTC ISO. */
export function localMonthStart(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
}

export function localNextMonthStart(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth() + 1, 1).toISOString();
}
