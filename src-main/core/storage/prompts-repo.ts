// Prompt history: each distinct (prompt, negative prompt) pair with first/last use and a count.
import type { PromptEntry } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { promptTextKey } from './prompt-key.ts';
import { cachedStatement } from './statements.ts';
import { toFtsQuery } from './fts-query.ts';
import { parseId, promptFromRow, type DbPrompt } from './rows.ts';

export interface PromptListOptions {
  /** Free text (any text is safe); empty or absent lists the most recently used. */
  text?: string;
  favoriteOnly?: boolean;
  limit?: number;
}

export class PromptsRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Records one use of a prompt pair (inserting it the first time). Call inside the queueing transaction. */
  recordUse(prompt: string, negativePrompt: string | null | undefined, at: string = isoNow(this.#clock)): PromptEntry {
    const negative = negativePrompt ?? '';
    const key = promptTextKey(prompt, negative);
    // Cached: an import of 20,000 files records 20,000 uses. The pair is found by its key and its
    // texts (keys may collide). Both callers hold an IMMEDIATE transaction, so nothing comes between
    // the two statements; were it to, the prompts_unique_insert trigger refuses a second row.
    const row =
      cachedStatement<[string, string, number, string, string], DbPrompt>(
        this.#db,
        `UPDATE prompts SET
           use_count = use_count + 1,
           last_used_at = max(last_used_at, ?),
           first_used_at = min(first_used_at, ?)
         WHERE id = (SELECT id FROM prompts WHERE text_key = ? AND prompt = ? AND negative_prompt = ?)
         RETURNING *`,
      ).get(at, at, key, prompt, negative) ??
      cachedStatement<[string, string, string, string, number], DbPrompt>(
        this.#db,
        `INSERT INTO prompts (prompt, negative_prompt, first_used_at, last_used_at, use_count, text_key)
         VALUES (?, ?, ?, ?, 1, ?) RETURNING *`,
      ).get(prompt, negative, at, at, key);
    if (!row) throw new Error('prompt upsert returned nothing');
    return promptFromRow(row);
  }

  get(id: string): PromptEntry {
    const row = this.#db.prepare<[number], DbPrompt>('SELECT * FROM prompts WHERE id = ?').get(parseId(id, 'prompt'));
    if (!row) throw new EaselError('not-found', `There is no prompt with id ${id} in the history.`);
    return promptFromRow(row);
  }

  /** Most recently used first. With text: prompts whose prompt or negative prompt hold every word (as prefixes). */
  list(options: PromptListOptions = {}): PromptEntry[] {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const favorite = options.favoriteOnly ? 'AND p.favorite = 1' : '';
    const match = options.text === undefined ? null : toFtsQuery(options.text);
    if (options.text !== undefined && options.text.trim() !== '' && match === null) return [];
    if (match === null) {
      return this.#db
        .prepare<[number], DbPrompt>(
          `SELECT p.* FROM prompts p WHERE 1 ${favorite} ORDER BY p.last_used_at DESC, p.id DESC LIMIT ?`,
        )
        .all(limit)
        .map(promptFromRow);
    }
    return this.#db
      .prepare<[string, number], DbPrompt>(
        `SELECT p.* FROM prompts_fts JOIN prompts p ON p.id = prompts_fts.rowid
         WHERE prompts_fts MATCH ? ${favorite} ORDER BY p.last_used_at DESC, p.id DESC LIMIT ?`,
      )
      .all(match, limit)
      .map(promptFromRow);
  }

  setFavorite(id: string, favorite: boolean): void {
    const result = this.#db
      .prepare('UPDATE prompts SET favorite = ? WHERE id = ?')
      .run(favorite ? 1 : 0, parseId(id, 'prompt'));
    if (result.changes === 0) throw new EaselError('not-found', `There is no prompt with id ${id} in the history.`);
  }

  delete(id: string): void {
    this.#db.prepare('DELETE FROM prompts WHERE id = ?').run(parseId(id, 'prompt'));
  }
}
