// Prices: the built-in price table with the user's overrides beside it, overriding a price (a table
// entry or a model the table does not price), and the overrides the queue estimates with.
import { PRICE_TABLE, type PriceOverrides } from '../../../src-shared/models/index.ts';
import type { PriceOverride, Storage } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export interface PriceTableView {
  version: number;
  asOf: string;
  source: string;
  entries: {
    key: string;
    modelId: string;
    label: string;
    microUsd: number | null;
    unconfirmed: boolean;
    overrideMicroUsd: number | null;
  }[];
  /** Overrides by base model id (models the table does not price). */
  modelOverrides: { modelId: string; microUsd: number }[];
}

/** The overrides as the catalog's estimate reads them: by price key, or by model id when unkeyed. */
export function priceOverridesFor(storage: Storage): PriceOverrides {
  const out: Record<string, number> = {};
  for (const o of storage.prices.list()) out[o.priceKey === '' ? o.modelId : o.priceKey] = o.priceMicroUsd;
  return out;
}

export class PriceCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  priceTable(): PriceTableView {
    const overrides = this.#ctx.storage.prices.list();
    const byKey = new Map(overrides.filter((o) => o.priceKey !== '').map((o) => [o.priceKey, o.priceMicroUsd]));
    return {
      version: PRICE_TABLE.version,
      asOf: PRICE_TABLE.asOf,
      source: PRICE_TABLE.source,
      entries: PRICE_TABLE.entries.map((e) => ({
        key: e.key,
        modelId: e.modelId,
        label: e.label,
        microUsd: e.microUsd,
        unconfirmed: e.unconfirmed,
        overrideMicroUsd: byKey.get(e.key) ?? null,
      })),
      modelOverrides: overrides
        .filter((o) => o.priceKey === '')
        .map((o) => ({ modelId: o.modelId, microUsd: o.priceMicroUsd })),
    };
  }

  /**
   * Overrides a price for new jobs: `key` is a price table entry key (e.g. "sdxl-1.0/steps<=50") or
   * a base model id (models the table does not price). null removes the override.
   */
  setPriceOverride(key: string, microUsd: number | null, note?: string): void {
    const { prices } = this.#ctx.storage;
    const entry = PRICE_TABLE.entries.find((e) => e.key === key);
    const modelId = entry ? entry.modelId : key;
    const priceKey = entry ? entry.key : '';
    if (microUsd === null) prices.remove(modelId, priceKey);
    else prices.set(modelId, microUsd, { priceKey, ...(note === undefined ? {} : { note }) });
  }

  priceOverrides(): PriceOverride[] {
    return this.#ctx.storage.prices.list();
  }
}

export function priceHandlers(prices: PriceCalls) {
  return {
    'prices.get': async () => prices.priceTable(),
    'prices.set': async (req) => {
      prices.setPriceOverride(req.key, req.microUsd, req.note);
      return {};
    },
  } satisfies Pick<StudioHandlers, 'prices.get' | 'prices.set'>;
}
