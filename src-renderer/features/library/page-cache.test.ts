import { describe, expect, it } from 'vitest';
import { createPageCache, reuseUnchanged } from './page-cache.ts';

describe('page cache', () => {
  it('returns what was stored under the key', () => {
    const cache = createPageCache<string>(2);
    expect(cache.get('a')).toBeNull();
    expect(cache.set('a', 'page a', cache.epoch())).toBe(true);
    expect(cache.get('a')).toBe('page a');
    expect(cache.get('b')).toBeNull();
  });

  it('refuses a page whose fetch started before an invalidation', () => {
    const cache = createPageCache<string>(2);
    const started = cache.epoch();
    cache.invalidate(); // an image was added while the fetch was in flight
    expect(cache.set('a', 'stale', started)).toBe(false);
    expect(cache.get('a')).toBeNull();
    expect(cache.set('a', 'fresh', cache.epoch())).toBe(true);
    expect(cache.get('a')).toBe('fresh');
  });

  it('invalidate drops every entry', () => {
    const cache = createPageCache<string>(3);
    cache.set('a', '1', cache.epoch());
    cache.set('b', '2', cache.epoch());
    cache.invalidate();
    expect([cache.get('a'), cache.get('b')]).toEqual([null, null]);
  });

  it('keeps the most recently stored entries', () => {
    const cache = createPageCache<string>(2);
    cache.set('a', '1', cache.epoch());
    cache.set('b', '2', cache.epoch());
    cache.set('a', '1 again', cache.epoch());
    cache.set('c', '3', cache.epoch());
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1 again', null, '3']);
  });
});

describe('reuseUnchanged', () => {
  const row = (id: string, favorite = false) => ({ id, favorite, prompt: `p${id}` });

  it('returns the previous array when every row is the same', () => {
    const prev = [row('3'), row('2'), row('1')];
    expect(reuseUnchanged(prev, [row('3'), row('2'), row('1')])).toBe(prev);
  });

  it('keeps the previous objects of unchanged rows and takes the changed and new ones', () => {
    const prev = [row('3'), row('2'), row('1')];
    const next = [row('4'), row('3'), row('2', true)];
    const out = reuseUnchanged(prev, next);
    expect(out).toEqual(next);
    expect(out[0]).toBe(next[0]); // new row (the others moved: positions differ)
    const same = [row('3'), row('2', true), row('1')];
    const out2 = reuseUnchanged(prev, same);
    expect(out2[0]).toBe(prev[0]);
    expect(out2[1]).toBe(same[1]);
    expect(out2[2]).toBe(prev[2]);
  });

  it('a shorter page is a new array even if its rows are reused', () => {
    const prev = [row('3'), row('2'), row('1')];
    const out = reuseUnchanged(prev, [row('3'), row('2')]);
    expect(out).not.toBe(prev);
    expect(out).toEqual([prev[0], prev[1]]);
    expect(out[0]).toBe(prev[0]);
  });
});
