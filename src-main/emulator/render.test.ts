import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { artSvg, encode, removeBackground, renderArt } from './render.ts';

describe('render', () => {
  it('is a pure function of the key and prompt, with no text', () => {
    const spec = { width: 64, height: 32, key: 'model|{"prompt":"x"}|seed=1', prompt: 'x' };
    expect(artSvg(spec)).toBe(artSvg({ ...spec }));
    expect(artSvg({ ...spec, key: 'model|{"prompt":"x"}|seed=2' })).not.toBe(artSvg(spec));
    expect(artSvg(spec)).not.toMatch(/<text/);
  });

  it('takes its colours from colour words in the prompt', async () => {
    const red = await sharp(
      await encode(await renderArt({ width: 64, height: 64, key: 'k', prompt: 'red red red' })),
    ).stats();
    const blue = await sharp(
      await encode(await renderArt({ width: 64, height: 64, key: 'k', prompt: 'blue blue blue' })),
    ).stats();
    expect(red.channels[0]?.mean).toBeGreaterThan(red.channels[2]?.mean ?? 255);
    expect(blue.channels[2]?.mean).toBeGreaterThan(blue.channels[0]?.mean ?? 255);
  });

  it('background removal makes border-coloured pixels transparent', () => {
    const data = Buffer.alloc(3 * 3 * 4, 255);
    data.set([255, 0, 0, 255], 4 * 4);
    const out = removeBackground({ data, width: 3, height: 3, channels: 4 });
    expect(out.data[3]).toBe(0);
    expect(out.data[4 * 4 + 3]).toBe(255);
  });
});
