// Money is integer micro-dollars everywhere: 1 USD = 1_000_000 µUSD. Floats never hold money.

export type MicroUsd = number;

export const MICRO_PER_USD = 1_000_000;

/** Converts a decimal dollar string or number (as written in price tables) to micro-dollars. */
export function usdToMicro(usd: number | string): MicroUsd {
  const text = typeof usd === 'number' ? usd.toFixed(6) : usd.trim();
  const match = /^(-)?(\d+)(?:\.(\d{0,6})\d*)?$/.exec(text);
  if (!match) throw new RangeError(`not a dollar amount: ${String(usd)}`);
  const [, minus, whole, fraction = ''] = match;
  const micro = Number(whole) * MICRO_PER_USD + Number(fraction.padEnd(6, '0'));
  return minus ? -micro : micro;
}

/**
 * Formats micro-dollars for people: "$0.04", "$1.234" (at least 2, at most 6 decimals).
 * `maxDecimals` rounds half away from zero first, for estimates such as forecasts ("$0.30").
 */
export function formatUsd(micro: MicroUsd, options: { minDecimals?: number; maxDecimals?: number } = {}): string {
  if (!Number.isSafeInteger(micro)) throw new RangeError(`not an integer micro-dollar amount: ${micro}`);
  const minDecimals = options.minDecimals ?? 2;
  const sign = micro < 0 ? '-' : '';
  const step = 10 ** (6 - Math.min(6, Math.max(0, options.maxDecimals ?? 6)));
  const abs = Math.round(Math.abs(micro) / step) * step;
  const whole = Math.floor(abs / MICRO_PER_USD);
  let fraction = String(abs % MICRO_PER_USD)
    .padStart(6, '0')
    .replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
  const wholeText = whole.toLocaleString('en-US');
  return `${sign}$${wholeText}${fraction ? `.${fraction}` : ''}`;
}

/** Formats a price that may be unknown: null (never 0) reads "price unknown". */
export function formatPrice(
  micro: MicroUsd | null,
  options: { minDecimals?: number; maxDecimals?: number } = {},
): string {
  return micro === null ? 'price unknown' : formatUsd(micro, options);
}

export function sumMicro(amounts: Iterable<MicroUsd>): MicroUsd {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}
