// Prompts history, tags, collections, canvases, settings and price overrides.
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../../src-shared/domain.ts';
import { NASTY_INPUTS, testLibrary, type TestLibrary } from './test-support.ts';

let l: TestLibrary;
beforeEach(() => {
  l = testLibrary('2026-03-01T00:00:00.000Z');
});
afterEach(() => l.dispose());

let n = 0;
function image(): ImageRecord {
  n++;
  const sha = `f${n.toString(16).padStart(63, '0')}`;
  return l.images.insertOrGet({
    sha256: sha,
    path: `library/f0/${sha}.png`,
    width: 1,
    height: 1,
    bytes: 1,
    format: 'png',
    source: 'imported',
  }).image;
}

describe('PromptsRepo', () => {
  it('keeps each distinct prompt/negative pair with first and last use and a count', () => {
    l.prompts.recordUse('a cat', null);
    l.advance(60_000);
    const again = l.prompts.recordUse('a cat', '');
    l.advance(60_000);
    l.prompts.recordUse('a cat', 'dogs');
    expect(again).toMatchObject({
      prompt: 'a cat',
      negativePrompt: '',
      useCount: 2,
      firstUsedAt: '2026-03-01T00:00:00.000Z',
      lastUsedAt: '2026-03-01T00:01:00.000Z',
    });
    expect(l.prompts.list().map((p) => [p.prompt, p.negativePrompt, p.useCount])).toEqual([
      ['a cat', 'dogs', 1],
      ['a cat', '', 2],
    ]);
  });

  it('searches history safely and filters favourites', () => {
    const castle = l.prompts.recordUse('Gothic castle, "dramatic" lighting (masterpiece:1.2)', 'lowres');
    l.prompts.recordUse('sunny beach', null);
    for (const text of NASTY_INPUTS) expect(() => l.prompts.list({ text }), text).not.toThrow();
    expect(l.prompts.list({ text: '(masterpiece:1.2' }).map((p) => p.id)).toEqual([castle.id]);
    expect(l.prompts.list({ text: 'gothic "dram' }).map((p) => p.id)).toEqual([castle.id]);
    expect(l.prompts.list({ text: 'lowres' }).map((p) => p.id)).toEqual([castle.id]);
    expect(l.prompts.list({ text: '")(' })).toEqual([]);
    l.prompts.setFavorite(castle.id, true);
    expect(l.prompts.list({ favoriteOnly: true }).map((p) => p.id)).toEqual([castle.id]);
    expect(l.prompts.get(castle.id).favorite).toBe(true);
    l.prompts.delete(castle.id);
    expect(l.prompts.list({ text: 'castle' })).toEqual([]);
  });
});

describe('TagsRepo', () => {
  it('adds and removes tags, case-insensitively, dropping unused tags', () => {
    const [a, b] = [image(), image()];
    expect(l.tags.add([a.id, b.id], ['Hero', '  sky  box '])).toBe(4);
    expect(l.tags.add([a.id], ['hero'])).toBe(0);
    expect(l.tags.list().map((t) => [t.name, t.imageCount])).toEqual([
      ['Hero', 2],
      ['sky box', 2],
    ]);
    expect(Object.fromEntries(l.tags.forImages([a.id, b.id]))).toEqual({
      [a.id]: ['Hero', 'sky box'],
      [b.id]: ['Hero', 'sky box'],
    });
    expect(l.tags.remove([a.id, b.id], ['SKY BOX'])).toBe(2);
    expect(l.tags.list().map((t) => t.name)).toEqual(['Hero']);
    expect(() => l.tags.add([a.id], ['   '])).toThrow(/visible character/);
    expect(() => l.tags.add(['12345'], ['x'])).toThrow(/no image/);
  });

  it('renames, merging into an existing tag', () => {
    const [a, b] = [image(), image()];
    l.tags.add([a.id], ['draft']);
    l.tags.add([b.id], ['final']);
    l.tags.rename('draft', 'Final');
    expect(l.tags.list().map((t) => [t.name, t.imageCount])).toEqual([['final', 2]]);
    l.tags.rename('final', 'Approved');
    expect(l.tags.list().map((t) => t.name)).toEqual(['Approved']);
  });
});

describe('CollectionsRepo', () => {
  it('keeps images in the order the user gives', () => {
    const [a, b, c, d] = [image(), image(), image(), image()];
    const col = l.collections.create(' Level 1 ');
    expect(col.name).toBe('Level 1');
    l.collections.add(col.id, [a.id, b.id, c.id]);
    l.collections.add(col.id, [d.id, a.id], 1); // a is already in: only d is inserted
    expect(l.collections.imageIds(col.id)).toEqual([a.id, d.id, b.id, c.id]);
    l.collections.move(col.id, a.id, 3);
    expect(l.collections.imageIds(col.id)).toEqual([d.id, b.id, c.id, a.id]);
    l.collections.reorder(col.id, [c.id, a.id, b.id, d.id]);
    expect(l.collections.imageIds(col.id)).toEqual([c.id, a.id, b.id, d.id]);
    expect(() => l.collections.reorder(col.id, [c.id, a.id])).toThrow(/exactly once/);
    l.collections.remove(col.id, [a.id]);
    expect(l.collections.get(col.id).imageCount).toBe(3);
    expect(() => l.collections.create('level 1')).toThrow(/already exists/);
    l.collections.rename(col.id, 'Level One');
    expect(l.collections.findByName('Level One')?.id).toBe(col.id);
    expect(() => l.collections.add(col.id, ['99999'])).toThrow(/no image/);
    l.collections.delete(col.id);
    expect(l.collections.list()).toEqual([]);
  });
});

describe('CanvasesRepo', () => {
  it('saves the scene, keeping item ids, and drops items whose image is purged', async () => {
    const [a, b] = [image(), image()];
    const canvas = l.canvases.create('Board');
    const saved = l.canvases.saveItems(canvas.id, [
      { imageId: a.id, x: 10, y: 20, scale: 0.5, rotation: 15, z: 1 },
      { imageId: b.id, x: 0, y: 0, scale: 1, rotation: 0, z: 0 },
    ]);
    expect(saved.items.map((i) => [i.imageId, i.z])).toEqual([
      [b.id, 0],
      [a.id, 1],
    ]);
    const moved = saved.items.map((i) => (i.imageId === a.id ? { ...i, x: 99 } : i)).filter((i) => i.imageId === a.id);
    const after = l.canvases.saveItems(canvas.id, moved);
    expect(after.items).toEqual([{ ...moved[0] }]);
    l.images.trash([a.id]);
    await l.purge([a.id]);
    expect(l.canvases.get(canvas.id).items).toEqual([]);
    l.canvases.rename(canvas.id, 'Renamed');
    expect(l.canvases.list().map((c) => c.name)).toEqual(['Renamed']);
    expect(() =>
      l.canvases.saveItems(canvas.id, [{ imageId: '4242', x: 0, y: 0, scale: 1, rotation: 0, z: 0 }]),
    ).toThrow(/no image/);
  });
});

describe('SettingsRepo and PricesRepo', () => {
  it('stores JSON settings and validates them on the way out', () => {
    l.settings.set('concurrency', 4);
    l.settings.set('theme', { mode: 'dark' });
    expect(l.settings.get('concurrency', z.number().int().min(1), 2)).toBe(4);
    expect(l.settings.get('theme', z.number(), 7)).toBe(7); // wrong shape → fallback
    expect(l.settings.get('missing', z.string(), 'x')).toBe('x');
    expect(l.settings.all()).toEqual({ concurrency: 4, theme: { mode: 'dark' } });
    l.settings.delete('theme');
    expect(l.settings.getRaw('theme')).toBeUndefined();
  });

  it('keeps price overrides per model and key', () => {
    l.prices.set('amazon.nova-canvas-v1:0', 40_000);
    l.prices.set('amazon.nova-canvas-v1:0', 60_000, { priceKey: 'premium', note: 'new price' });
    expect(l.prices.get('amazon.nova-canvas-v1:0')?.priceMicroUsd).toBe(40_000);
    expect(l.prices.list().map((p) => [p.priceKey, p.priceMicroUsd])).toEqual([
      ['', 40_000],
      ['premium', 60_000],
    ]);
    l.prices.remove('amazon.nova-canvas-v1:0');
    expect(l.prices.get('amazon.nova-canvas-v1:0')).toBeNull();
    expect(() => l.prices.set('m', -1)).toThrow(/non-negative/);
  });
});
