// What video costs: Bedrock bills Luma Ray2 per second of video, by resolution. Kept apart from the
// per-image PRICE_TABLE because the unit differs. Users override an entry by its key (the same
// overrides map as images: Spend). Unknown is null, never $0.
import type { MicroUsd } from '../money.ts';
import type { PriceOverrides } from './prices.ts';
import { LUMA_RAY2, type LumaResolution } from './luma.ts';

export interface VideoPriceEntry {
  /** Stable key users override by, e.g. "luma-ray2/720p" (micro-dollars per second). */
  key: string;
  modelId: string;
  resolution: LumaResolution;
  label: string;
  /** Per second of output video; null: not known (the user must set it). */
  microUsdPerSecond: MicroUsd | null;
  /** Read from AWS's pricing page at Ray2's launch, not re-confirmed from a source this round. */
  unconfirmed: boolean;
}

export const VIDEO_PRICES_AS_OF = '2026-12-01';
export const VIDEO_PRICE_SOURCE =
  'Amazon Bedrock pricing page, Luma AI section (Ray2 is billed through AWS Marketplace); as of 2026-12-01. Set your own in Spend.';

export const VIDEO_PRICE_TABLE: readonly VideoPriceEntry[] = [
  {
    key: 'luma-ray2/540p',
    modelId: LUMA_RAY2,
    resolution: '540p',
    label: 'Luma Ray2, 540p, per second',
    microUsdPerSecond: 750_000,
    unconfirmed: true,
  },
  {
    key: 'luma-ray2/720p',
    modelId: LUMA_RAY2,
    resolution: '720p',
    label: 'Luma Ray2, 720p, per second',
    microUsdPerSecond: 1_500_000,
    unconfirmed: true,
  },
];

/** The per-second price of `modelId` at `resolution`: the user's override, else the table, else null. */
export function videoPricePerSecond(
  modelId: string,
  resolution: LumaResolution,
  overrides: PriceOverrides = {},
): { microUsdPerSecond: MicroUsd | null; key: string | null; source: string } {
  const entry = VIDEO_PRICE_TABLE.find((e) => e.modelId === modelId && e.resolution === resolution);
  if (!entry) return { microUsdPerSecond: null, key: null, source: 'unknown' };
  const override = overrides[entry.key];
  if (override !== undefined) return { microUsdPerSecond: override, key: entry.key, source: 'user' };
  return { microUsdPerSecond: entry.microUsdPerSecond, key: entry.key, source: `catalog:${VIDEO_PRICES_AS_OF}` };
}
