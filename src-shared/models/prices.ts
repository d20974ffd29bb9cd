// The one price table: on-demand USD per image, in integer micro-dollars. Every figure is from a
// secondary source (BEDROCK.md), so all are UNCONFIRMED; users override any entry by its key.
import type { MicroUsd } from '../money.ts';

export interface PriceEntry {
  /** Stable key users override by, e.g. "sdxl-1.0/steps>50". */
  key: string;
  /** Base model id (without cross-region prefix). */
  modelId: string;
  label: string;
  /** The entry applies when all set conditions hold; the first matching entry wins. */
  when?: { maxPixels?: number; maxSteps?: number; quality?: 'standard' | 'premium' };
  /** null: no known price (the user must set it). */
  microUsd: MicroUsd | null;
  unconfirmed: boolean;
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

const SERVICE_IDS = [
  'stability.stable-image-inpaint-v1:0',
  'stability.stable-outpaint-v1:0',
  'stability.stable-image-erase-object-v1:0',
  'stability.stable-image-remove-background-v1:0',
  'stability.stable-fast-upscale-v1:0',
  'stability.stable-conservative-upscale-v1:0',
  'stability.stable-creative-upscale-v1:0',
];

export const PRICE_TABLE: PriceTable = {
  version: 1,
  asOf: '2026-11-25',
  source:
    'Secondary sources gathered in BEDROCK.md (AWS pricing pages unreachable when written); every entry UNCONFIRMED.',
  entries: [
    // SDXL: the >50-step tier is double; all nine SDXL sizes are ≤ 1024² pixels.
    {
      key: 'sdxl-1.0/steps<=50',
      modelId: SDXL,
      label: 'SDXL 1.0, ≤1024², ≤50 steps',
      when: { maxSteps: 50 },
      microUsd: 40_000,
      unconfirmed: true,
    },
    {
      key: 'sdxl-1.0/steps>50',
      modelId: SDXL,
      label: 'SDXL 1.0, ≤1024², >50 steps',
      microUsd: 80_000,
      unconfirmed: true,
    },
    {
      key: 'sd3.5-large',
      modelId: 'stability.sd3-5-large-v1:0',
      label: 'SD3.5 Large',
      microUsd: 80_000,
      unconfirmed: true,
    },
    {
      key: 'stable-image-core',
      modelId: 'stability.stable-image-core-v1:1',
      label: 'Stable Image Core',
      microUsd: 40_000,
      unconfirmed: true,
    },
    {
      key: 'stable-image-ultra',
      modelId: 'stability.stable-image-ultra-v1:1',
      label: 'Stable Image Ultra',
      microUsd: 140_000,
      unconfirmed: true,
    },
    {
      key: 'titan-v2/standard/512',
      modelId: TITAN,
      label: 'Titan Image v2, standard, ≤512²',
      when: { quality: 'standard', maxPixels: PX_512 },
      microUsd: 8_000,
      unconfirmed: true,
    },
    {
      key: 'titan-v2/standard/1024',
      modelId: TITAN,
      label: 'Titan Image v2, standard, ≤1024²',
      when: { quality: 'standard' },
      microUsd: 10_000,
      unconfirmed: true,
    },
    {
      key: 'titan-v2/premium/512',
      modelId: TITAN,
      label: 'Titan Image v2, premium, ≤512²',
      when: { quality: 'premium', maxPixels: PX_512 },
      microUsd: 10_000,
      unconfirmed: true,
    },
    {
      key: 'titan-v2/premium/1024',
      modelId: TITAN,
      label: 'Titan Image v2, premium, ≤1024²',
      when: { quality: 'premium' },
      microUsd: 12_000,
      unconfirmed: true,
    },
    {
      key: 'nova-canvas/standard/1024',
      modelId: NOVA,
      label: 'Nova Canvas, standard, ≤1024²',
      when: { quality: 'standard', maxPixels: PX_1024 },
      microUsd: 40_000,
      unconfirmed: true,
    },
    {
      key: 'nova-canvas/premium/1024',
      modelId: NOVA,
      label: 'Nova Canvas, premium, ≤1024²',
      when: { quality: 'premium', maxPixels: PX_1024 },
      microUsd: 60_000,
      unconfirmed: true,
    },
    // Nova allows up to 4.19 MP; only the ≤2048² tier is known, so it is applied above 2048² too.
    {
      key: 'nova-canvas/standard/2048',
      modelId: NOVA,
      label: 'Nova Canvas, standard, >1024²',
      when: { quality: 'standard' },
      microUsd: 60_000,
      unconfirmed: true,
    },
    {
      key: 'nova-canvas/premium/2048',
      modelId: NOVA,
      label: 'Nova Canvas, premium, >1024²',
      when: { quality: 'premium' },
      microUsd: 80_000,
      unconfirmed: true,
    },
    ...SERVICE_IDS.map((modelId) => ({
      key: modelId.replace(/^stability\./, '').replace(/-v1:0$/, ''),
      modelId,
      label: `${modelId} (price unknown: set it in settings)`,
      microUsd: null,
      unconfirmed: true,
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
