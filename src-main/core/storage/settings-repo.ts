// Key/value settings, values stored as JSON. Readers pass a zod schema so a value written by
// another version never reaches the app unchecked; Easel's own keys are read through the settings
// table of src-shared (`read`, `readAll`: each key's schema, its default when unset or invalid).
import type { z } from 'zod';
import { readSetting, readSettings } from '../../../src-shared/settings.ts';
import type { SettingKey, Settings, SettingValue } from '../../../src-shared/settings.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';

export class SettingsRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The raw JSON value, or undefined when unset or unreadable. */
  getRaw(key: string): unknown {
    const row = this.#db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      return undefined;
    }
  }

  /** The value parsed with `schema`; `fallback` when unset or invalid. */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const parsed = schema.safeParse(this.getRaw(key));
    return parsed.success ? parsed.data : fallback;
  }

  /** One of Easel's settings, typed by the settings table (its default when unset or invalid). */
  read<K extends SettingKey>(key: K): SettingValue<K> {
    return readSetting(key, this.getRaw(key));
  }

  /** Every one of Easel's settings (keys outside the settings table are left out). */
  readAll(): Settings {
    return readSettings((key) => this.getRaw(key));
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`setting ${key}: value is not JSON`);
    this.#db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, json, isoNow(this.#clock));
  }

  delete(key: string): void {
    this.#db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.#db
      .prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key')
      .all()) {
      try {
        out[row.key] = JSON.parse(row.value) as unknown;
      } catch {
        // unreadable values are skipped, not fatal
      }
    }
    return out;
  }
}
