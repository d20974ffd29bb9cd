// The one price table: on-demand USD per image, in integer micro-dollars, dated. Users override any
// entry by its key (Spend). The 2026-12-01 figures were read from public copies of AWS's pricing
// page (two agreeing for most); `unconfirmed` marks an entry still in doubt (none today).
import type { MicroUsd } from '../money.ts';

export interface PriceEntry {
  /** Stable key users override by, e.g. "sdxl-1.0/steps>50". */
  key: string;
  /** Base model id (without cross-region prefix). */
  modelId: string;
  label: string;
  /** The entry applies when all set conditions hold; the first matching entry wins. */
  when?: { maxPixels?: number; maxSteps?: number; quality?: 'standard' | 'premium' };
  /** null: no known price (the user must set it). Never 0 for "unknown". */
  microUsd: MicroUsd | null;
  /** A figure still in doubt; the UI may say so (without internal provenance). */
  unconfirmed: boolean;
  /** Retired models keep their price for the history of what was spent. */
  historical?: boolean;
}

export interface PriceTable {
  version: number;
  asOf: string;
  source: string;
  entries: readonly PriceEntry[];
}

/** User overrides: entry key → micro-dollars per image. */
export type PriceOverrides = Readonly<Record<string, MicroUsd>>;

const PX_512 = 512 * 512;
const PX_1024 = 1024 * 1024;

const TITAN = 'amazon.titan-image-generator-v2:0';
const NOVA = 'amazon.nova-canvas-v1:0';
const SDXL = 'stability.stable-diffusion-xl-v1';

/** What users read next to an estimate: the table's date and where to set their own prices. */
export const PRICE_NOTICE = 'prices as of 2026-12-01; set your own in Spend';

// The Image Services, base id → on-demand price per image (µUSD).
const SERVICE_PRICES: readonly (readonly [string, string, MicroUsd])[] = [
  ['stable-image-inpaint', 'Stable Image Inpaint', 70_000],
  ['stable-outpaint', 'Stable Outpaint', 60_000],
  ['stable-image-erase-object', 'Stable Image Erase Object', 70_000],
  ['stable-image-remove-background', 'Stable Image Remove Background', 70_000],
  ['stable-image-search-replace', 'Stable Image Search and Replace', 70_000],
  ['stable-image-search-recolor', 'Stable Image Search and Recolor', 70_000],
  ['stable-image-control-sketch', 'Stable Image Control Sketch', 70_000],
  ['stable-image-control-structure', 'Stable Image Control Structure', 70_000],
  ['stable-image-style-guide', 'Stable Image Style Guide', 70_000],
  ['stable-style-transfer', 'Stable Style Transfer', 80_000],
  ['stable-fast-upscale', 'Stable Fast Upscale', 30_000],
  ['stable-conservative-upscale', 'Stable Conservative Upscale', 400_000],
  ['stable-creative-upscale', 'Stable Creative Upscale', 600_000],
];

export const PRICE_TABLE: PriceTable = {
  version: 2,
  asOf: '2026-12-01',
  source: 'Amazon Bedrock on-demand prices, as of 2026-12-01; set your own in Spend.',
  entries: [
    // SDXL (retired, history only): the >50-step tier is double; all nine SDXL sizes are ≤ 1024² px.
    {
      key: 'sdxl-1.0/steps<=50',
      modelId: SDXL,
      label: 'SDXL 1.0, ≤1024², ≤50 steps',
      when: { maxSteps: 50 },
      microUsd: 40_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'sdxl-1.0/steps>50',
      modelId: SDXL,
      label: 'SDXL 1.0, ≤1024², >50 steps',
      microUsd: 80_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'sd3.5-large',
      modelId: 'stability.sd3-5-large-v1:0',
      label: 'SD3.5 Large',
      microUsd: 80_000,
      unconfirmed: false,
    },
    {
      key: 'stable-image-core',
      modelId: 'stability.stable-image-core-v1:1',
      label: 'Stable Image Core',
      microUsd: 40_000,
      unconfirmed: false,
    },
    {
      key: 'stable-image-ultra',
      modelId: 'stability.stable-image-ultra-v1:1',
      label: 'Stable Image Ultra',
      microUsd: 140_000,
      unconfirmed: false,
    },
    {
      key: 'titan-v2/standard/512',
      modelId: TITAN,
      label: 'Titan Image v2, standard, ≤512²',
      when: { quality: 'standard', maxPixels: PX_512 },
      microUsd: 8_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'titan-v2/standard/1024',
      modelId: TITAN,
      label: 'Titan Image v2, standard, ≤1024²',
      when: { quality: 'standard' },
      microUsd: 10_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'titan-v2/premium/512',
      modelId: TITAN,
      label: 'Titan Image v2, premium, ≤512²',
      when: { quality: 'premium', maxPixels: PX_512 },
      microUsd: 10_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'titan-v2/premium/1024',
      modelId: TITAN,
      label: 'Titan Image v2, premium, ≤1024²',
      when: { quality: 'premium' },
      microUsd: 12_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'nova-canvas/standard/1024',
      modelId: NOVA,
      label: 'Nova Canvas, standard, ≤1024²',
      when: { quality: 'standard', maxPixels: PX_1024 },
      microUsd: 40_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'nova-canvas/premium/1024',
      modelId: NOVA,
      label: 'Nova Canvas, premium, ≤1024²',
      when: { quality: 'premium', maxPixels: PX_1024 },
      microUsd: 60_000,
      unconfirmed: false,
      historical: true,
    },
    // Nova allows up to 4.19 MP; only the ≤2048² tier is known, so it is applied above 2048² too.
    {
      key: 'nova-canvas/standard/2048',
      modelId: NOVA,
      label: 'Nova Canvas, standard, >1024²',
      when: { quality: 'standard' },
      microUsd: 60_000,
      unconfirmed: false,
      historical: true,
    },
    {
      key: 'nova-canvas/premium/2048',
      modelId: NOVA,
      label: 'Nova Canvas, premium, >1024²',
      when: { quality: 'premium' },
      microUsd: 80_000,
      unconfirmed: false,
      historical: true,
    },
    ...SERVICE_PRICES.map(([name, label, microUsd]) => ({
      key: name,
      modelId: `stability.${name}-v1:0`,
      label,
      microUsd,
      unconfirmed: false,
    })),
  ],
};

export interface PriceQuery {
  modelId: string;
  pixels: number;
  steps: number | undefined;
  quality: 'standard' | 'premium';
}

export function findPriceEntry(query: PriceQuery, table: PriceTable = PRICE_TABLE): PriceEntry | undefined {
  return table.entries.find((entry) => {
    if (entry.modelId !== query.modelId) return false;
    const when = entry.when;
    if (!when) return true;
    if (when.quality !== undefined && when.quality !== query.quality) return false;
    if (when.maxPixels !== undefined && query.pixels > when.maxPixels) return false;
    if (when.maxSteps !== undefined && query.steps !== undefined && query.steps > when.maxSteps) return false;
    return true;
  });
}

/** A per-token price: integer micro-dollars per million tokens; null when unknown (never 0). */
export interface TokenPriceEntry {
  /** Stable key users override by (Spend, `prices.set`): µUSD per million tokens. */
  key: string;
  modelId: string;
  label: string;
  microUsdPerMillion: MicroUsd | null;
  unconfirmed: boolean;
}

/**
 * Token-priced models (Converse), as of TOKEN_PRICES_AS_OF. Nova 2 Omni is a preview and its
 * figures come from one secondary source ("about" $0.30 / $2.50 per million input / output tokens),
 * hence unconfirmed.
 */
export const TOKEN_PRICES_AS_OF = '2026-12-01';
export const TOKEN_PRICE_TABLE: readonly TokenPriceEntry[] = [
  {
    key: 'nova-2-omni/input',
    modelId: 'amazon.nova-2-omni-v1:0',
    label: 'Nova 2 Omni (preview), input tokens',
    microUsdPerMillion: 300_000,
    unconfirmed: true,
  },
  {
    key: 'nova-2-omni/output',
    modelId: 'amazon.nova-2-omni-v1:0',
    label: 'Nova 2 Omni (preview), output tokens',
    microUsdPerMillion: 2_500_000,
    unconfirmed: true,
  },
];
