// List prices the emulator bills, in integer micro-USD per image. Source: ../shared/BEDROCK.md
// (as of 2026-11, secondary sources, UNCONFIRMED). Keep every price in this one table.
import type { EmulatedModel } from './models.ts';

export const PRICES_AS_OF = '2026-11 (BEDROCK.md, UNCONFIRMED)';

export const PRICE_TABLE = {
  'stability.stable-diffusion-xl-v1': { upTo50Steps: 40_000, over50Steps: 80_000 },
  'stability.sd3-5-large-v1:0': 80_000,
  'stability.stable-image-core-v1:1': 40_000,
  'stability.stable-image-ultra-v1:1': 140_000,
  'amazon.titan-image-generator-v2:0': {
    standard: { small: 8_000, large: 10_000 },
    premium: { small: 10_000, large: 12_000 },
  },
  'amazon.nova-canvas-v1:0': {
    standard: { upTo1024: 40_000, upTo2048: 60_000 },
    premium: { upTo1024: 60_000, upTo2048: 80_000 },
  },
  /** Image Services have no known list price: SIMULATED flat price, override with `prices`. */
  stabilityServicesSimulated: 40_000,
} as const;

export interface PriceDetail {
  steps?: number;
  quality?: 'standard' | 'premium';
  width?: number;
  height?: number;
}

/**
 * Price of one image. `overrides` (EmulatorOptions.prices) maps a base model id to a flat
 * micro-USD price that replaces every tier of that model.
 */
export function listPriceMicroUsd(
  model: EmulatedModel,
  detail: PriceDetail,
  overrides: Record<string, number> = {},
): number {
  const override = overrides[model.id];
  if (override !== undefined) return override;
  const pixels = (detail.width ?? 1024) * (detail.height ?? 1024);
  switch (model.id) {
    case 'stability.stable-diffusion-xl-v1': {
      const tier = PRICE_TABLE['stability.stable-diffusion-xl-v1'];
      return (detail.steps ?? 30) > 50 ? tier.over50Steps : tier.upTo50Steps;
    }
    case 'stability.sd3-5-large-v1:0':
    case 'stability.stable-image-core-v1:1':
    case 'stability.stable-image-ultra-v1:1':
      return PRICE_TABLE[model.id];
    case 'amazon.titan-image-generator-v2:0': {
      const tier = PRICE_TABLE[model.id][detail.quality ?? 'standard'];
      return pixels <= 512 * 512 ? tier.small : tier.large;
    }
    case 'amazon.nova-canvas-v1:0': {
      const tier = PRICE_TABLE[model.id][detail.quality ?? 'standard'];
      return pixels <= 1024 * 1024 ? tier.upTo1024 : tier.upTo2048;
    }
    default:
      return PRICE_TABLE.stabilityServicesSimulated;
  }
}
