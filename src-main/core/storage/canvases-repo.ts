// Workspace canvases and the images placed on them.
import type { Canvas, CanvasItem } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { canvasItemFromRow, parseId, toId, type DbCanvas, type DbCanvasItem } from './rows.ts';

export type CanvasItemInput = Omit<CanvasItem, 'id'> & { id?: string };

export class CanvasesRepo {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  create(name: string): Canvas {
    const at = isoNow(this.#clock);
    const row = this.#db
      .prepare<[string, string, string], DbCanvas>(
        'INSERT INTO canvases (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING *',
      )
      .get(name.trim() || 'Untitled', at, at);
    if (!row) throw new Error('canvas insert returned nothing');
    return { id: toId(row.id), name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, items: [] };
  }

  /** Canvases without their items, most recently changed first. */
  list(): Omit<Canvas, 'items'>[] {
    return this.#db
      .prepare<[], DbCanvas>('SELECT * FROM canvases ORDER BY updated_at DESC, id DESC')
      .all()
      .map((r) => ({ id: toId(r.id), name: r.name, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  get(id: string): Canvas {
    const n = parseId(id, 'canvas');
    const row = this.#db.prepare<[number], DbCanvas>('SELECT * FROM canvases WHERE id = ?').get(n);
    if (!row) throw new EaselError('not-found', `There is no canvas with id ${id}.`);
    const items = this.#db
      .prepare<[number], DbCanvasItem>('SELECT * FROM canvas_items WHERE canvas_id = ? ORDER BY z, id')
      .all(n)
      .map(canvasItemFromRow);
    return { id: toId(row.id), name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, items };
  }

  rename(id: string, name: string): void {
    this.#touch(parseId(id, 'canvas'), name.trim() || 'Untitled');
  }

  delete(id: string): void {
    this.#db.prepare('DELETE FROM canvases WHERE id = ?').run(parseId(id, 'canvas'));
  }

  /** Replaces the canvas's items with `items` (the scene as the workspace holds it). Items keep their ids when given. */
  saveItems(id: string, items: readonly CanvasItemInput[]): Canvas {
    const n = parseId(id, 'canvas');
    const run = this.#db.transaction(() => {
      this.#touch(n);
      const keep = items.filter((i) => i.id !== undefined).map((i) => parseId(i.id ?? '', 'canvas item'));
      this.#db
        .prepare(`DELETE FROM canvas_items WHERE canvas_id = ? AND id NOT IN (SELECT value FROM json_each(?))`)
        .run(n, JSON.stringify(keep));
      const upsert = this.#db.prepare(
        `INSERT INTO canvas_items (id, canvas_id, image_id, x, y, scale, rotation, z) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET image_id = excluded.image_id, x = excluded.x, y = excluded.y, scale = excluded.scale,
           rotation = excluded.rotation, z = excluded.z WHERE canvas_items.canvas_id = excluded.canvas_id`,
      );
      for (const item of items) {
        try {
          upsert.run(
            item.id === undefined ? null : parseId(item.id, 'canvas item'),
            n,
            parseId(item.imageId, 'image'),
            item.x,
            item.y,
            item.scale,
            item.rotation,
            item.z,
          );
        } catch (error) {
          if (error instanceof Error && /FOREIGN KEY/.test(error.message))
            throw new EaselError('not-found', `There is no image with id ${item.imageId} in the library.`);
          throw error;
        }
      }
    });
    run.immediate();
    return this.get(id);
  }

  #touch(id: number, name?: string): void {
    const changes = this.#db
      .prepare('UPDATE canvases SET updated_at = ?, name = coalesce(?, name) WHERE id = ?')
      .run(isoNow(this.#clock), name ?? null, id).changes;
    if (changes === 0) throw new EaselError('not-found', `There is no canvas with id ${id}.`);
  }
}
