import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import {
  encodeChunk,
  encodeZTxtChunk,
  listPngChunks,
  readPngTextChunks,
  stripPngMetadata,
  writePngTextChunks,
} from './png-chunks.ts';
import { chunkTypes, fixture, idatBytes, makePng } from './test-helpers.ts';

function insertBefore(png: Buffer, type: string, chunk: Buffer): Buffer {
  const target = listPngChunks(png).find((c) => c.type === type);
  if (target === undefined) throw new Error(`no ${type}`);
  return Buffer.concat([png.subarray(0, target.start), chunk, png.subarray(target.start)]);
}

function expectBadImage(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EaselError);
    expect((error as EaselError).code).toBe('bad-image');
    expect((error as EaselError).message).toMatch(message);
    return;
  }
  throw new Error('expected a bad-image error');
}

describe('readPngTextChunks', () => {
  it('reads tEXt from a real A1111 file', () => {
    const chunks = readPngTextChunks(fixture('AUTOMATIC1111/automatic1111_cropped.png'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.keyword).toBe('parameters');
    expect(chunks[0]?.kind).toBe('tEXt');
    expect(chunks[0]?.text).toMatch(/^photo of a duck\nNegative prompt: monochrome\nSteps: 15,/);
  });

  it('reads a zTXt chunk that sits after IDAT', () => {
    const chunks = readPngTextChunks(fixture('bad_images/text_after_idat.png'));
    expect(chunks.map((c) => c.keyword)).toEqual([
      'date:create',
      'date:modify',
      'date:timestamp',
      'filename:d',
      'filename:e',
      'filename:f',
      'parameters',
    ]);
    const parameters = chunks.find((c) => c.keyword === 'parameters');
    expect(parameters?.kind).toBe('zTXt');
    expect(parameters?.text).toContain('Seed: 235284042');
  });

  it('reads compressed and uncompressed iTXt with UTF-8 text', async () => {
    const png = await makePng();
    const text = 'neon café — 東京 🌃';
    const compressed = encodeChunk(
      'iTXt',
      Buffer.concat([
        Buffer.from('comp\0', 'latin1'),
        Buffer.from([1, 0]),
        Buffer.from('en\0Kompr\0', 'latin1'),
        (await import('node:zlib')).deflateSync(Buffer.from(text, 'utf8')),
      ]),
    );
    const withChunks = insertBefore(
      writePngTextChunks(png, [{ keyword: 'plain', text, kind: 'iTXt' }]),
      'IEND',
      compressed,
    );
    expect(readPngTextChunks(withChunks)).toEqual([
      { keyword: 'plain', text, kind: 'iTXt' },
      { keyword: 'comp', text, kind: 'iTXt' },
    ]);
  });

  it('rejects a text chunk whose CRC does not match', async () => {
    const png = writePngTextChunks(await makePng(), [{ keyword: 'parameters', text: 'a cat' }]);
    const chunk = listPngChunks(png).find((c) => c.type === 'tEXt');
    if (chunk === undefined) throw new Error('no tEXt');
    const damaged = Buffer.from(png);
    damaged[chunk.start + 8 + 12] = 'X'.charCodeAt(0); // inside the text, CRC unchanged
    expectBadImage(() => readPngTextChunks(damaged), /fails its CRC check/);
  });

  it('explains empty, foreign, truncated and garbage input', async () => {
    const png = await makePng();
    expectBadImage(() => readPngTextChunks(Buffer.alloc(0)), /empty \(0 bytes\)/);
    expectBadImage(() => readPngTextChunks(fixture('bad_images/empty_file.png')), /empty/);
    expectBadImage(() => readPngTextChunks(fixture('AUTOMATIC1111/automatic1111_cropped.jpg')), /not a PNG/);
    expectBadImage(() => readPngTextChunks(Buffer.from('hello, I am a text file')), /not a PNG/);
    expectBadImage(() => readPngTextChunks(png.subarray(0, png.length - 6)), /truncated/);
    expectBadImage(() => readPngTextChunks(png.subarray(0, 20)), /truncated/);
    const hugeLength = Buffer.from(png);
    hugeLength.writeUInt32BE(0xfffffff0, 8);
    expectBadImage(() => readPngTextChunks(hugeLength), /impossible length/);
    const badType = Buffer.from(png);
    badType.write('\0\0\0\0', 12, 'latin1');
    expectBadImage(() => readPngTextChunks(badType), /invalid type/);
  });

  it('rejects a corrupt zTXt stream with a bad-image error', async () => {
    const data = Buffer.concat([
      Buffer.from('parameters\0', 'latin1'),
      Buffer.from([0]),
      Buffer.from('not deflate data'),
    ]);
    const png = insertBefore(await makePng(), 'IDAT', encodeChunk('zTXt', data));
    expectBadImage(() => readPngTextChunks(png), /unreadable zTXt/);
  });

  it('ignores bytes after IEND', async () => {
    const png = writePngTextChunks(await makePng(), [{ keyword: 'k', text: 'v' }]);
    expect(readPngTextChunks(Buffer.concat([png, Buffer.from('trailing junk')]))).toEqual([
      { keyword: 'k', text: 'v', kind: 'tEXt' },
    ]);
  });
});

describe('writePngTextChunks', () => {
  it('inserts before the first IDAT with valid CRCs and keeps the image decodable', async () => {
    const png = await makePng();
    const out = writePngTextChunks(png, [{ keyword: 'parameters', text: 'a cat\nSteps: 1, Seed: 2, CFG scale: 3' }]);
    const chunks = listPngChunks(out);
    const before = chunkTypes(png);
    const at = before.indexOf('IDAT');
    expect(chunks.map((c) => c.type)).toEqual([...before.slice(0, at), 'tEXt', ...before.slice(at)]);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    const tEXt = chunks[at];
    if (tEXt === undefined) throw new Error('missing');
    expect(tEXt.data.readUInt32BE(0)).toBeGreaterThan(0);
    expect(out.readUInt32BE(tEXt.end - 4)).toBe(crc32(tEXt.data, crc32(Buffer.from('tEXt'))));
    expect(idatBytes(out).equals(idatBytes(png))).toBe(true);
    const decoded = await sharp(out).raw().toBuffer();
    expect(decoded.equals(await sharp(png).raw().toBuffer())).toBe(true);
  });

  it('never writes a NUL into the text (it would end the text early): it is left out', async () => {
    const png = await makePng();
    const out = writePngTextChunks(png, [
      { keyword: 'parameters', text: 'a cat\0 on a mat' },
      { keyword: 'easel', text: 'caf\u00e9 ☕\0 ok', kind: 'iTXt' },
    ]);
    for (const chunk of listPngChunks(out).filter((c) => c.type === 'tEXt' || c.type === 'iTXt')) {
      const keywordEnd = chunk.data.indexOf(0);
      const textStart = chunk.type === 'tEXt' ? keywordEnd + 1 : keywordEnd + 5;
      expect(chunk.data.subarray(textStart).includes(0)).toBe(false);
    }
    expect(readPngTextChunks(out)).toEqual([
      { keyword: 'parameters', text: 'a cat on a mat', kind: 'tEXt' },
      { keyword: 'easel', text: 'caf\u00e9 ☕ ok', kind: 'iTXt' },
    ]);
  });

  it('replaces chunks with the same keyword wherever they are, including zTXt after IDAT', () => {
    const png = fixture('bad_images/text_after_idat.png');
    const out = writePngTextChunks(png, [{ keyword: 'parameters', text: 'new prompt' }]);
    const texts = readPngTextChunks(out);
    expect(texts.filter((c) => c.keyword === 'parameters')).toEqual([
      { keyword: 'parameters', text: 'new prompt', kind: 'tEXt' },
    ]);
    expect(texts).toHaveLength(7);
    const types = chunkTypes(out);
    expect(types.indexOf('tEXt')).toBeLessThan(types.indexOf('IDAT'));
    expect(types).not.toContain('zTXt');
  });

  it('uses Latin-1 tEXt when possible and UTF-8 iTXt otherwise', async () => {
    const png = await makePng();
    const out = writePngTextChunks(png, [
      { keyword: 'latin', text: 'crème brûlée' },
      { keyword: 'wide', text: 'dragon 龍' },
      { keyword: 'asked', text: 'plain', kind: 'iTXt' },
    ]);
    expect(readPngTextChunks(out)).toEqual([
      { keyword: 'latin', text: 'crème brûlée', kind: 'tEXt' },
      { keyword: 'wide', text: 'dragon 龍', kind: 'iTXt' },
      { keyword: 'asked', text: 'plain', kind: 'iTXt' },
    ]);
    const latin = listPngChunks(out).find((c) => c.type === 'tEXt');
    expect(latin?.data.subarray(6).equals(Buffer.from('crème brûlée', 'latin1'))).toBe(true);
  });

  it('refuses invalid keywords', async () => {
    const png = await makePng();
    for (const keyword of ['', ' lead', 'trail ', 'two  spaces', 'x'.repeat(80), 'nul\0byte', 'ключ']) {
      expect(() => writePngTextChunks(png, [{ keyword, text: 't' }])).toThrow(EaselError);
    }
  });

  it('round-trips zTXt written by the test encoder', async () => {
    const png = insertBefore(await makePng(), 'IEND', encodeZTxtChunk('parameters', 'zipped'));
    expect(readPngTextChunks(png)).toEqual([{ keyword: 'parameters', text: 'zipped', kind: 'zTXt' }]);
  });
});

describe('stripPngMetadata', () => {
  it('drops text, EXIF and time chunks and keeps every other chunk byte for byte', async () => {
    const png = fixture('bad_images/text_after_idat.png');
    const withExif = insertBefore(png, 'IDAT', encodeChunk('eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1')));
    const stripped = stripPngMetadata(withExif);
    expect(chunkTypes(stripped)).toEqual(['IHDR', 'cHRM', 'bKGD', 'IDAT', 'IEND']);
    expect(readPngTextChunks(stripped)).toEqual([]);
    expect(idatBytes(stripped).equals(idatBytes(png))).toBe(true);
    const kept = listPngChunks(png).filter((c) => ['IHDR', 'cHRM', 'bKGD', 'IDAT'].includes(c.type));
    for (const c of kept) expect(stripped.includes(png.subarray(c.start, c.end))).toBe(true);
  });
});
