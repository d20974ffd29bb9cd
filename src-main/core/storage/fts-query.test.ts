import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query.ts';
import { NASTY_INPUTS } from './test-support.ts';

describe('toFtsQuery', () => {
  it('turns words into quoted terms, the last one (maybe still being typed) a prefix', () => {
    expect(toFtsQuery('red fox')).toBe('"red" "fox"*');
    expect(toFtsQuery('fox')).toBe('"fox"*');
    expect(toFtsQuery('NEAR(cat, dog')).toBe('"near" "cat" "dog"*');
    expect(toFtsQuery('"a" OR -b:c')).toBe('"a" "or" "b" "c"*');
    expect(toFtsQuery('Café, CAFÉ')).toBe('"café"');
    expect(toFtsQuery('red fox red')).toBe('"red" "fox"');
  });

  it('keeps a word cut at 64 characters a prefix term', () => {
    const long = 'x'.repeat(70);
    expect(toFtsQuery(`${long} fox`)).toBe(`"${'x'.repeat(64)}"* "fox"*`);
  });

  it('returns null for text with nothing searchable', () => {
    for (const text of ['', '   ', '*', '"', '()', '-:^']) expect(toFtsQuery(text)).toBeNull();
  });

  it('never makes a query FTS5 rejects', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2', prefix='2 3')");
    db.prepare('INSERT INTO t(a) VALUES (?)').run('a red fox near the river');
    const search = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
    for (const text of NASTY_INPUTS) {
      const query = toFtsQuery(text);
      if (query !== null) expect(() => search.all(query), text).not.toThrow();
    }
    expect(search.all(toFtsQuery('NEAR(fox') ?? '')).toHaveLength(1);
    expect(search.all(toFtsQuery('riv') ?? '')).toHaveLength(1);
    expect(search.all(toFtsQuery('red riv') ?? '')).toHaveLength(1);
    expect(search.all(toFtsQuery('re riv') ?? '')).toHaveLength(0); // only the last word is a prefix
    const long = 'y'.repeat(80);
    db.prepare('INSERT INTO t(a) VALUES (?)').run(`${long} fox`);
    expect(search.all(toFtsQuery(`${long} fox`) ?? '')).toHaveLength(1);
    db.close();
  });

  it('caps the number of terms', () => {
    expect(toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))?.split(' ')).toHaveLength(16);
  });
});
