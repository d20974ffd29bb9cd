// Embedding Easel's metadata in the bytes Bedrock returned, without touching the compressed image:
//   PNG:  `parameters` tEXt (iTXt when not Latin-1) + `easel` iTXt, before the first IDAT.
//   JPEG: APP1 "Exif" (UserComment) and APP1 XMP (parameters + Easel's record), right after SOI
//         (and JFIF APP0); existing EXIF/XMP segments are replaced; the scan bytes are copied.
//   WebP: EXIF and XMP chunks after the image data, VP8X flags set (a VP8X header is added to a
//         simple-format file, its canvas size read from the VP8/VP8L header).
// The same input always gives the same output, so byte-identical repeats stay identical.
import { EaselError } from '../../../src-shared/errors.ts';
import { formatA1111Parameters, type A1111Parameters } from './a1111.ts';
import { detectFormat, EXIF_HEADER, walkJpeg, walkWebp, XMP_HEADER, type RiffChunk } from './containers.ts';
import { buildExif, buildXmp } from './exif-xmp.ts';
import { EASEL_KEYWORD, PARAMETERS_KEYWORD, type EaselMetadata } from './interpret.ts';
import { writePngTextChunks } from './png-chunks.ts';

/** Largest JPEG segment payload (the 16-bit length counts itself). */
const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

export interface EmbedInput {
  parameters: A1111Parameters;
  easel: EaselMetadata;
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The XMP packet, dropping the parameters copy, then the record, until it fits `limit` bytes. */
function fittingXmp(parameters: string, record: string, limit: number): Buffer | undefined {
  for (const parts of [{ parameters, record }, { record }, { parameters }]) {
    const packet = Buffer.from(buildXmp(parts), 'utf8');
    if (packet.length <= limit) return packet;
  }
  return undefined;
}

function embedJpeg(file: Buffer, parameters: string, record: string): Buffer {
  const { segments, scanStart } = walkJpeg(file);
  const kept = segments.filter(
    (s) =>
      !(
        s.marker === 0xe1 &&
        (s.data.toString('latin1', 0, 6) === EXIF_HEADER ||
          s.data.toString('latin1', 0, XMP_HEADER.length) === XMP_HEADER)
      ),
  );
  const jfif = kept[0]?.marker === 0xe0 ? [kept.shift() as (typeof kept)[number]] : [];
  const inserted: Buffer[] = [];
  const exif = Buffer.concat([Buffer.from(EXIF_HEADER, 'latin1'), buildExif(parameters)]);
  if (exif.length <= MAX_SEGMENT_PAYLOAD) inserted.push(segment(0xe1, exif));
  const xmp = fittingXmp(parameters, record, MAX_SEGMENT_PAYLOAD - XMP_HEADER.length);
  if (xmp !== undefined) inserted.push(segment(0xe1, Buffer.concat([Buffer.from(XMP_HEADER, 'latin1'), xmp])));
  return Buffer.concat([
    file.subarray(0, 2),
    ...jfif.map((s) => file.subarray(s.start, s.end)),
    ...inserted,
    ...kept.map((s) => file.subarray(s.start, s.end)),
    file.subarray(scanStart),
  ]);
}

function riffChunk(id: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** Canvas size of a simple-format WebP from its VP8 (lossy) or VP8L (lossless) header. */
function webpCanvas(chunk: RiffChunk): { width: number; height: number } {
  const d = chunk.data;
  if (chunk.id === 'VP8 ' && d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a)
    return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff };
  if (chunk.id === 'VP8L' && d.length >= 5 && d[0] === 0x2f) {
    const bits = d.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  throw new EaselError('bad-image', 'The WebP file has no image header Easel can read.');
}

function vp8xFor(chunks: RiffChunk[]): Buffer {
  const existing = chunks.find((c) => c.id === 'VP8X');
  const data = Buffer.alloc(10);
  if (existing !== undefined) existing.data.copy(data, 0, 0, 10);
  else {
    const image = chunks.find((c) => c.id === 'VP8 ' || c.id === 'VP8L');
    if (image === undefined) throw new EaselError('bad-image', 'The WebP file has no image data.');
    const { width, height } = webpCanvas(image);
    const losslessAlpha =
      image.id === 'VP8L' && image.data.length >= 5 && ((image.data.readUInt32LE(1) >>> 28) & 1) === 1;
    if (chunks.some((c) => c.id === 'ALPH') || losslessAlpha) data[0] = 0x10;
    data.writeUIntLE(width - 1, 4, 3);
    data.writeUIntLE(height - 1, 7, 3);
  }
  data[0] = (data[0] ?? 0) | 0x08 | 0x04; // EXIF and XMP present
  return riffChunk('VP8X', data);
}

function embedWebp(file: Buffer, parameters: string, record: string): Buffer {
  const chunks = walkWebp(file);
  const body = [
    vp8xFor(chunks),
    ...chunks
      .filter((c) => c.id !== 'VP8X' && c.id !== 'EXIF' && c.id !== 'XMP ')
      .map((c) => file.subarray(c.start, c.end)),
    riffChunk('EXIF', buildExif(parameters)),
    riffChunk('XMP ', Buffer.from(buildXmp({ parameters, record }), 'utf8')),
  ];
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.reduce((n, b) => n + b.length, 0), 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, ...body]);
}

/**
 * The image with Easel's metadata: the A1111 `parameters` text every tool reads and Easel's own
 * record. PNG, JPEG or WebP; the compressed image data is copied byte for byte.
 */
export function embedGenerationMetadata(file: Buffer, meta: EmbedInput): Buffer {
  const parameters = formatA1111Parameters(meta.parameters);
  const record = JSON.stringify(meta.easel);
  const format = detectFormat(file);
  if (format === 'jpeg') return embedJpeg(file, parameters, record);
  if (format === 'webp') return embedWebp(file, parameters, record);
  return writePngTextChunks(file, [
    { keyword: PARAMETERS_KEYWORD, text: parameters, kind: 'tEXt' },
    { keyword: EASEL_KEYWORD, text: record, kind: 'iTXt' },
  ]);
}

/** Width and height from the container header (PNG IHDR, JPEG SOF, WebP VP8X/VP8/VP8L); no decoding. */
export function imageSize(file: Buffer): { width: number; height: number } | undefined {
  try {
    const format = detectFormat(file);
    if (format === 'png') return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) };
    if (format === 'jpeg') {
      const sof = walkJpeg(file).segments.find(
        (s) => s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc,
      );
      return sof === undefined ? undefined : { width: sof.data.readUInt16BE(3), height: sof.data.readUInt16BE(1) };
    }
    if (format === 'webp') {
      const chunks = walkWebp(file);
      const vp8x = chunks.find((c) => c.id === 'VP8X');
      if (vp8x !== undefined) return { width: vp8x.data.readUIntLE(4, 3) + 1, height: vp8x.data.readUIntLE(7, 3) + 1 };
      const image = chunks.find((c) => c.id === 'VP8 ' || c.id === 'VP8L');
      return image === undefined ? undefined : webpCanvas(image);
    }
  } catch {
    // not a readable header
  }
  return undefined;
}
