import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query.ts';

export const NASTY_INPUTS = [
  '"', '""', '"unbalanced', "cat's", '*', '**', 'cat*', '*cat', 'NEAR(', 'NEAR(a b', 'NEAR(a b, 2)', '(', ')', '((a)', 'a)',
  'AND', 'OR', 'NOT', 'a AND', 'OR b', 'NOT NOT', 'a OR OR b', '-', '-cat', 'a - b', ':', 'prompt:cat', 'negative_prompt:x',
  '^cat', '{a b}', '[x]', 'a + b', "'; DROP TABLE images; --", '\\', '\u0000', '🙂', '猫', 'über', 'é', '   ', '',
  'x'.repeat(5000), 'a '.repeat(500), '"a" "b"', 'col : "x"', '\n\t', 'NEAR', 'near(', '"*"', 'AND OR NOT',
];

describe('toFtsQuery', () => {
  it('turns words into quoted prefix terms', () => {
    expect(toFtsQuery('red fox')).toBe('"red"* "fox"*');
    expect(toFtsQuery('NEAR(cat, dog')).toBe('"near"* "cat"* "dog"*');
    expect(toFtsQuery('"a" OR -b:c')).toBe('"a"* "or"* "b"* "c"*');
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
    db.close();
  });

  it('caps the number of terms', () => {
    expect(toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))?.split(' ')).toHaveLength(16);
  });
});
