import { describe, expect, it } from 'vitest';
import { isPng, pngSize, withoutImagePayloads } from './payloads.ts';

describe('withoutImagePayloads', () => {
  it('replaces known payloads by their image id and any other long base64 by a marker', () => {
    const init = 'A'.repeat(3000);
    const stray = 'QUJD'.repeat(1000);
    const body = { prompt: 'a cat', image: init, nested: [{ mask: stray }], seed: 3 };
    expect(withoutImagePayloads(body, new Map([[init, '12']]))).toEqual({
      prompt: 'a cat',
      image: '<image:12>',
      nested: [{ mask: '<image>' }],
      seed: 3,
    });
    expect(body.image).toBe(init); // the body sent is untouched
  });

  it('keeps long prompts that are not base64', () => {
    const prompt = 'a very long prompt, '.repeat(300);
    expect(withoutImagePayloads({ prompt }, new Map())).toEqual({ prompt });
  });
});

describe('png helpers', () => {
  it('reads the size from IHDR', () => {
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(640, 16);
    header.writeUInt32BE(480, 20);
    expect(isPng(header)).toBe(true);
    expect(pngSize(header)).toEqual({ width: 640, height: 480 });
    expect(isPng(Buffer.from('not a png at all, clearly'))).toBe(false);
  });
});
