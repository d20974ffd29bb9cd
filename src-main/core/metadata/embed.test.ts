// Embedding Easel's metadata into PNG, JPEG and WebP without re-encoding: the compressed image
// data stays byte for byte, the same input gives the same output, and Easel's reader gets every
// field back. The container bytes are checked with the test fixtures' own walkers (test/fixtures
// is written from the specifications, apart from this module).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { webpImageChunk } from '../../../test/fixtures/containers.ts';
import { decodeUserComment, walkJpeg, walkWebp } from './containers.ts';
import { embedGenerationMetadata, imageSize } from './embed.ts';
import { encodeUserComment } from './exif-xmp.ts';
import type { EaselMetadata } from './interpret.ts';
import { readImageMetadata, stripMetadata } from './read.ts';

const PIXELS = Buffer.from(Array.from({ length: 24 * 16 * 4 }, (_, i) => (i * 53 + 7) % 256));
const image = () => sharp(PIXELS, { raw: { width: 24, height: 16, channels: 4 } });

const easel: EaselMetadata = {
  version: 1,
  modelId: 'stability.stable-image-core-v1:1',
  seed: 77,
  request: { prompt: 'a paper boat, 紙の船', seed: 77, output_format: 'jpeg' },
  params: { prompt: 'a paper boat, 紙の船', negativePrompt: 'rain, "storm"', seed: 77 },
};
const META = {
  parameters: {
    prompt: 'a paper boat, 紙の船',
    negativePrompt: 'rain, "storm"',
    steps: 0,
    sampler: 'Automatic',
    cfgScale: 0,
    seed: 77,
    width: 24,
    height: 16,
    model: 'stability.stable-image-core-v1:1',
    extra: {},
  },
  easel,
};
const FIELDS = {
  sourceTool: 'easel',
  prompt: 'a paper boat, 紙の船',
  negativePrompt: 'rain, "storm"',
  seed: 77,
  steps: 0,
  cfgScale: 0,
  sampler: 'Automatic',
  model: 'stability.stable-image-core-v1:1',
  width: 24,
  height: 16,
  easel,
};

const FORMATS = {
  png: () => image().png().toBuffer(),
  jpeg: () => image().jpeg({ quality: 80 }).toBuffer(),
  'webp lossy (VP8 + ALPH)': () => image().webp({ quality: 80 }).toBuffer(),
  'webp lossless (VP8L)': () => image().webp({ lossless: true }).toBuffer(),
};

/** The compressed image data: JPEG from SOS on, WebP image chunks, PNG IDATs (via strip). */
function imageData(file: Buffer): Buffer {
  if (file[0] === 0xff) return file.subarray(walkJpeg(file).scanStart);
  if (file.toString('latin1', 0, 4) === 'RIFF')
    return Buffer.concat(
      walkWebp(file)
        .filter((c) => ['VP8 ', 'VP8L', 'ALPH', 'ANMF'].includes(c.id))
        .map((c) => c.data),
    );
  return file.subarray(file.indexOf('IDAT') - 4, file.indexOf('IEND') - 4);
}

describe('embedGenerationMetadata', () => {
  it.each(Object.entries(FORMATS))(
    '%s: round trip with every field, image data untouched, same bytes twice',
    async (_, make) => {
      const original = await make();
      const out = embedGenerationMetadata(original, META);
      expect(await readImageMetadata(out)).toMatchObject(FIELDS);
      expect(imageData(out).equals(imageData(original))).toBe(true);
      expect((await image().raw().toBuffer()).length).toBe((await sharp(out).ensureAlpha().raw().toBuffer()).length);
      expect((await sharp(out).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);
      // deterministic, and embedding again replaces rather than adds
      expect(embedGenerationMetadata(original, META).equals(out)).toBe(true);
      expect(embedGenerationMetadata(out, META).equals(out)).toBe(true);
      expect(await readImageMetadata(await stripMetadata(out))).toBeNull();
      expect(imageSize(out)).toEqual({ width: 24, height: 16 });
    },
  );

  it('JPEG: EXIF and XMP right after SOI/APP0; the EXIF UserComment is UNICODE UTF-16BE, as A1111 writes it', async () => {
    const original = await FORMATS.jpeg();
    const out = embedGenerationMetadata(original, META);
    const { segments } = walkJpeg(out);
    const first = walkJpeg(original).segments[0]?.marker === 0xe0 ? 1 : 0; // after JFIF when there is one
    expect(segments[first]?.data.toString('latin1', 0, 6)).toBe('Exif\0\0');
    expect(segments[first + 1]?.data.toString('latin1', 0, 29)).toBe('http://ns.adobe.com/xap/1.0/\0');
    expect(segments.slice(first + 2).map((s) => s.marker)).toEqual(
      walkJpeg(original)
        .segments.slice(first)
        .map((s) => s.marker),
    );
    const exif = segments[first]!.data;
    const unicode = exif.indexOf('UNICODE\0', 0, 'latin1');
    expect(exif.subarray(unicode + 8, unicode + 10)).toEqual(Buffer.from([0x00, 0x61])); // "a", big-endian
  });

  it('WebP: a simple file becomes extended (VP8X first, EXIF and XMP flagged, canvas size kept)', async () => {
    const original = await FORMATS['webp lossless (VP8L)']();
    const out = embedGenerationMetadata(original, META);
    const chunks = walkWebp(out);
    expect(chunks.map((c) => c.id)).toEqual(['VP8X', 'VP8L', 'EXIF', 'XMP ']);
    expect((chunks[0]!.data[0] ?? 0) & 0x0c).toBe(0x0c);
    expect(chunks[1]!.data.equals(webpImageChunk(original).data)).toBe(true);
    expect(await sharp(out).metadata()).toMatchObject({ width: 24, height: 16, format: 'webp' });
  });

  it('a prompt too long for one JPEG segment keeps EXIF and drops what does not fit from XMP, never failing', async () => {
    const long = 'a very long prompt, '.repeat(1400); // 28,000 characters: 56 KB as UTF-16, 28 KB as UTF-8
    const out = embedGenerationMetadata(await FORMATS.jpeg(), {
      ...META,
      parameters: { ...META.parameters, prompt: long },
      easel: { ...easel, request: { ...easel.request, prompt: long }, params: { ...easel.params, prompt: long } },
    });
    const read = await readImageMetadata(out);
    expect(read?.raw.UserComment).toContain(long.trim()); // the whole text in EXIF
    expect(read?.easel?.params.prompt).toBe(long); // the record in XMP (its parameters copy left out)
    expect(read?.raw['XMP:description']).toBeUndefined();
    expect(await sharp(out).metadata()).toMatchObject({ format: 'jpeg' });
  });
});

describe('EXIF UserComment character codes', () => {
  const text = 'Steps: 20, Seed: 1 — ok';
  it.each([
    ['UNICODE big-endian', encodeUserComment(text)],
    ['UNICODE little-endian', Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from(text, 'utf16le')])],
    [
      'UNICODE with a byte-order mark',
      Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
    ['ASCII (UTF-8 bytes)', Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from(text, 'utf8')])],
    ['undefined code (eight NULs)', Buffer.concat([Buffer.alloc(8), Buffer.from(text, 'utf8')])],
  ])('%s', (_, value) => {
    expect(decodeUserComment(value)).toBe(text);
  });
});

describe('bounded work on hostile carriers', () => {
  it('an XMP packet of 4 MB of unclosed tags and a 1 MB comment read in bounded time (~0.1 s; 2 s allowed for a loaded machine)', async () => {
    const base = await FORMATS['webp lossless (VP8L)']();
    const chunk = webpImageChunk(base);
    const xmp = Buffer.from('<a:parameters>'.repeat(300_000));
    const riff = (id: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
    };
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x04;
    vp8x.writeUIntLE(23, 4, 3);
    vp8x.writeUIntLE(15, 7, 3);
    const body = Buffer.concat([
      Buffer.from('WEBP'),
      riff('VP8X', vp8x),
      riff(chunk.id, chunk.data),
      riff('XMP ', xmp),
    ]);
    const head = Buffer.alloc(8);
    head.write('RIFF');
    head.writeUInt32LE(body.length, 4);
    const started = performance.now();
    expect(await readImageMetadata(Buffer.concat([head, body]))).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
