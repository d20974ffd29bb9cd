// List prices the emulator bills, in integer micro-USD per image, as of 2026-12-01 (docs/bedrock.md's
// table; retired models keep their last prices so 2025 mode bills as it did). Keep every price here.
import type { EmulatedModel } from './models.ts';

export const PRICES_AS_OF = '2026-12-01';

/** Flat per-image prices of the models sold today. */
export const FLAT_PRICES: Readonly<Record<string, number>> = {
  'stability.sd3-5-large-v1:0': 80_000,
  'stability.stable-image-core-v1:1': 40_000,
  'stability.stable-image-ultra-v1:1': 140_000,
  'stability.stable-image-inpaint-v1:0': 70_000,
  'stability.stable-image-erase-object-v1:0': 70_000,
  'stability.stable-image-remove-background-v1:0': 70_000,
  'stability.stable-image-search-replace-v1:0': 70_000,
  'stability.stable-image-search-recolor-v1:0': 70_000,
  'stability.stable-image-control-sketch-v1:0': 70_000,
  'stability.stable-image-control-structure-v1:0': 70_000,
  'stability.stable-image-style-guide-v1:0': 70_000,
  'stability.stable-outpaint-v1:0': 60_000,
  'stability.stable-style-transfer-v1:0': 80_000,
  'stability.stable-fast-upscale-v1:0': 30_000,
  'stability.stable-conservative-upscale-v1:0': 400_000,
  'stability.stable-creative-upscale-v1:0': 600_000,
  // Retired: history only (the predecessors of Core/Ultra cost what their successors cost).
  'stability.sd3-large-v1:0': 80_000,
  'stability.stable-image-core-v1:0': 40_000,
  'stability.stable-image-ultra-v1:0': 140_000,
};

export const PRICE_TABLE = {
  ...FLAT_PRICES,
  'stability.stable-diffusion-xl-v1': { upTo50Steps: 40_000, over50Steps: 80_000 },
  'amazon.titan-image-generator-v1': {
    standard: { small: 8_000, large: 10_000 },
    premium: { small: 10_000, large: 12_000 },
  },
  'amazon.titan-image-generator-v2:0': {
    standard: { small: 8_000, large: 10_000 },
    premium: { small: 10_000, large: 12_000 },
  },
  'amazon.nova-canvas-v1:0': {
    standard: { upTo1024: 40_000, upTo2048: 60_000 },
    premium: { upTo1024: 60_000, upTo2048: 80_000 },
  },
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
 * @throws Error for a model without a price (a bug: the emulator never bills $0 by accident).
 */
export function listPriceMicroUsd(
  model: EmulatedModel,
  detail: PriceDetail,
  overrides: Record<string, number> = {},
): number {
  const override = overrides[model.id];
  if (override !== undefined) return override;
  const pixels = (detail.width ?? 1024) * (detail.height ?? 1024);
  const flat = FLAT_PRICES[model.id];
  if (flat !== undefined) return flat;
  switch (model.id) {
    case 'stability.stable-diffusion-xl-v1': {
      const tier = PRICE_TABLE['stability.stable-diffusion-xl-v1'];
      return (detail.steps ?? 30) > 50 ? tier.over50Steps : tier.upTo50Steps;
    }
    case 'amazon.titan-image-generator-v1':
    case 'amazon.titan-image-generator-v2:0': {
      const tier = PRICE_TABLE[model.id][detail.quality ?? 'standard'];
      return pixels <= 512 * 512 ? tier.small : tier.large;
    }
    case 'amazon.nova-canvas-v1:0': {
      const tier = PRICE_TABLE[model.id][detail.quality ?? 'standard'];
      return pixels <= 1024 * 1024 ? tier.upTo1024 : tier.upTo2048;
    }
    default:
      throw new Error(`the emulator has no price for ${model.id}`);
  }
}

/** Token prices, in integer micro-USD per million tokens (docs/bedrock.md: Nova 2 Omni preview, "about" 0.30 / 2.50 USD). */
export const TOKEN_PRICES: Readonly<Record<string, { inputPerMillion: number; outputPerMillion: number }>> = {
  'amazon.nova-2-omni-v1:0': { inputPerMillion: 300_000, outputPerMillion: 2_500_000 },
};

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Price of one Converse call from its token counts: (input × input price + output × output price)
 * per million tokens, rounded UP to a whole micro-dollar (the emulator never bills a fraction).
 * @throws Error for a model without a token price (a bug: never $0 by accident).
 */
export function tokenPriceMicroUsd(model: EmulatedModel, usage: TokenCounts): number {
  const price = TOKEN_PRICES[model.id];
  if (price === undefined) throw new Error(`the emulator has no token price for ${model.id}`);
  const microTimesMillion = usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion;
  return Math.ceil(microTimesMillion / 1_000_000);
}
