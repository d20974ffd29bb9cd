// The user's price overrides: (model id, price key) → micro-dollars. The catalog's versioned price
// table is the default; an override here wins for new jobs. Past ledger entries are corrected with
// SpendRepo.adjust, never rewritten.
import { EaselError } from '../../../src-shared/errors.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';

export interface PriceOverride {
  modelId: string;
  /** '' for the model's base price, else a family-specific key such as 'premium' or '1024x1024'. */
  priceKey: string;
  priceMicroUsd: number;
  note: string | null;
  updatedAt: string;
}

interface DbPriceOverride {
  model_id: string;
  price_key: string;
  price_micro_usd: number;
  note: string | null;
  updated_at: string;
}

const fromRow = (r: DbPriceOverride): PriceOverride => ({
  modelId: r.model_id,
  priceKey: r.price_key,
  priceMicroUsd: r.price_micro_usd,
  note: r.note,
  updatedAt: r.updated_at,
});

export class PricesRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  list(): PriceOverride[] {
    return this.#db
      .prepare<[], DbPriceOverride>('SELECT * FROM price_overrides ORDER BY model_id, price_key')
      .all()
      .map(fromRow);
  }

  get(modelId: string, priceKey = ''): PriceOverride | null {
    const row = this.#db
      .prepare<[string, string], DbPriceOverride>('SELECT * FROM price_overrides WHERE model_id = ? AND price_key = ?')
      .get(modelId, priceKey);
    return row ? fromRow(row) : null;
  }

  set(modelId: string, priceMicroUsd: number, options: { priceKey?: string; note?: string } = {}): void {
    if (!Number.isSafeInteger(priceMicroUsd) || priceMicroUsd < 0) {
      throw new EaselError('validation', 'A price is a non-negative whole number of micro-dollars.', {
        field: 'priceMicroUsd',
      });
    }
    this.#db
      .prepare(
        `INSERT INTO price_overrides (model_id, price_key, price_micro_usd, note, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (model_id, price_key) DO UPDATE SET price_micro_usd = excluded.price_micro_usd, note = excluded.note, updated_at = excluded.updated_at`,
      )
      .run(modelId, options.priceKey ?? '', priceMicroUsd, options.note ?? null, isoNow(this.#clock));
  }

  remove(modelId: string, priceKey = ''): void {
    this.#db.prepare('DELETE FROM price_overrides WHERE model_id = ? AND price_key = ?').run(modelId, priceKey);
  }
}
