// Prepared statements kept per connection and SQL text. better-sqlite3 frees a statement's native
// memory only when the JavaScript object is collected, and the collector does not see that memory:
// a query prepared afresh in a hot loop (a 50,000-item batch listing its jobs, the CLI polling
// every job it follows) grew a process past a gigabyte. Reuse is also faster.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';

const caches = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();

/** `db.prepare(sql)`, once per connection and SQL text. */
export function cachedStatement<P extends unknown[], R>(db: Db, sql: string): Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<P, R>;
}
