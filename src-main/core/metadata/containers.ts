// JPEG and WebP container walking: find the EXIF UserComment and JPEG comments, and strip
// metadata segments/chunks without touching the compressed image data.
import exifReader from 'exif-reader';
import { EaselError } from '../../../src-shared/errors.ts';
import { xmpTextFields } from './xmp.ts';

export type ContainerFormat = 'png' | 'jpeg' | 'webp';

export function detectFormat(file: Buffer): ContainerFormat | undefined {
  if (file.length >= 8 && file.readUInt32BE(0) === 0x89504e47 && file.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (file.length >= 3 && file[0] === 0xff && file[1] === 0xd8 && file[2] === 0xff) return 'jpeg';
  if (file.length >= 12 && file.toString('latin1', 0, 4) === 'RIFF' && file.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// EXIF

/** Decodes an EXIF UserComment: an 8-byte character-code prefix, then the text. */
export function decodeUserComment(value: Buffer): string | undefined {
  if (value.length === 0) return undefined;
  const prefix = value.subarray(0, 8).toString('latin1');
  let body = value.length >= 8 ? value.subarray(8) : value;
  let text: string;
  if (prefix.startsWith('UNICODE')) {
    if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) body = body.subarray(2);
    let bigEndian: boolean;
    if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) {
      bigEndian = false;
      body = body.subarray(2);
    } else {
      // The spec leaves the byte order to the writer; ASCII-range text has zeros in the high bytes.
      let evenZeros = 0;
      let oddZeros = 0;
      for (let i = 0; i + 1 < body.length; i += 2) {
        if (body[i] === 0) evenZeros++;
        if (body[i + 1] === 0) oddZeros++;
      }
      bigEndian = evenZeros >= oddZeros;
    }
    const even = body.subarray(0, body.length - (body.length % 2));
    const copy = Buffer.from(even);
    if (bigEndian) copy.swap16();
    text = copy.toString('utf16le');
  } else if (prefix.startsWith('ASCII') || prefix === '\0\0\0\0\0\0\0\0') {
    text = body.toString('utf8');
  } else if (prefix.startsWith('JIS')) {
    text = body.toString('latin1');
  } else {
    // no (or an unknown) prefix: best effort
    text = value.toString('utf8');
  }
  text = text.replace(/\0+$/, '');
  return text.trim() === '' ? undefined : text;
}

/** An EXIF ASCII value: exif-reader gives a Buffer when it holds non-ASCII bytes (tools write UTF-8 there). */
function exifString(value: unknown): string | undefined {
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : undefined;
  const trimmed = text?.replace(/\0+$/, '');
  return trimmed === undefined || trimmed.trim() === '' ? undefined : trimmed;
}

/** IFD0 tags that tools use for generation metadata (ComfyUI puts its graphs in Make and Model). */
const IMAGE_TAGS = ['ImageDescription', 'Make', 'Model', 'Software', 'Artist'] as const;

/** Text fields worth reading from an EXIF block (never throws). */
export function exifTextFields(exif: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const tags = exifReader(exif);
    const comment = tags.Photo?.UserComment;
    if (Buffer.isBuffer(comment)) {
      const text = decodeUserComment(comment);
      if (text !== undefined) out.UserComment = text;
    }
    for (const tag of IMAGE_TAGS) {
      const text = exifString(tags.Image?.[tag]);
      if (text !== undefined) out[tag] = text;
    }
  } catch {
    // malformed EXIF: nothing to read
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JPEG

export interface JpegSegment {
  marker: number;
  start: number;
  end: number;
  /** Segment payload (after the length field). */
  data: Buffer;
}

/** Marker segments before the scan data, and the offset where the scan (SOS) starts. */
export function walkJpeg(file: Buffer): { segments: JpegSegment[]; scanStart: number } {
  const segments: JpegSegment[] = [];
  let pos = 2;
  for (;;) {
    if (pos >= file.length)
      throw new EaselError('bad-image', 'The JPEG file is truncated: it ends before its image data.');
    if (file[pos] !== 0xff)
      throw new EaselError('bad-image', `The JPEG file is damaged: no segment marker at byte ${pos}.`);
    while (pos < file.length && file[pos] === 0xff && file[pos + 1] === 0xff) pos++;
    const marker = file[pos + 1];
    if (marker === undefined) throw new EaselError('bad-image', 'The JPEG file is truncated.');
    if (marker === 0xda) return { segments, scanStart: pos };
    if (marker === 0xd9) throw new EaselError('bad-image', 'The JPEG file has no image data.');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (pos + 4 > file.length) throw new EaselError('bad-image', 'The JPEG file is truncated.');
    const length = file.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > file.length)
      throw new EaselError(
        'bad-image',
        `The JPEG file is truncated: a segment at byte ${pos} runs past the end of the file.`,
      );
    segments.push({ marker, start: pos, end, data: file.subarray(pos + 4, end) });
    pos = end;
  }
}

export const EXIF_HEADER = 'Exif\0\0';
export const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';

function startsWith(data: Buffer, header: string): boolean {
  return data.length >= header.length && data.toString('latin1', 0, header.length) === header;
}

/**
 * Text fields of a JPEG's header segments: EXIF (first APP1 "Exif"), XMP (APP1 packets) and
 * comments (COM). Only the segments before the scan are read. Throws `bad-image` when the marker
 * structure is broken.
 */
export function jpegTextFields(file: Buffer): Record<string, string> {
  const { segments } = walkJpeg(file);
  const exif = segments.find((s) => s.marker === 0xe1 && startsWith(s.data, EXIF_HEADER));
  const out: Record<string, string> = exif === undefined ? {} : exifTextFields(exif.data);
  for (const segment of segments) {
    if (segment.marker === 0xe1 && startsWith(segment.data, XMP_HEADER)) {
      for (const [key, value] of Object.entries(xmpTextFields(segment.data.toString('utf8', XMP_HEADER.length))))
        out[key] ??= value;
    }
  }
  const comment = segments
    .filter((s) => s.marker === 0xfe)
    .map((s) => s.data.toString('utf8').replace(/\0+$/, ''))
    .join('');
  if (comment.trim() !== '') out.Comment = comment;
  return out;
}

/** Drops EXIF/XMP (APP1), Photoshop/IPTC (APP13) and comment segments; keeps JFIF, ICC, Adobe and the scan bytes. */
export function stripJpegMetadata(file: Buffer): Buffer {
  const { segments, scanStart } = walkJpeg(file);
  const parts: Buffer[] = [file.subarray(0, 2)];
  for (const segment of segments) {
    if (segment.marker === 0xe1 || segment.marker === 0xed || segment.marker === 0xfe) continue;
    parts.push(file.subarray(segment.start, segment.end));
  }
  parts.push(file.subarray(scanStart));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// WebP (RIFF)

export interface RiffChunk {
  id: string;
  start: number;
  end: number;
  data: Buffer;
}

export function walkWebp(file: Buffer): RiffChunk[] {
  const riffEnd = Math.min(file.length, 8 + file.readUInt32LE(4));
  const chunks: RiffChunk[] = [];
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const id = file.toString('latin1', pos, pos + 4);
    const size = file.readUInt32LE(pos + 4);
    const dataEnd = pos + 8 + size;
    if (dataEnd > file.length)
      throw new EaselError(
        'bad-image',
        `The WebP file is truncated: chunk ${id.trim()} runs past the end of the file.`,
      );
    const end = Math.min(file.length, dataEnd + (size % 2));
    chunks.push({ id, start: pos, end, data: file.subarray(pos + 8, dataEnd) });
    pos = end;
  }
  if (chunks.length === 0) throw new EaselError('bad-image', 'The WebP file has no image data.');
  return chunks;
}

/** Text fields of a WebP's EXIF and XMP chunks (also in animated files, where they follow the frames). */
export function webpTextFields(file: Buffer): Record<string, string> {
  const chunks = walkWebp(file);
  const exif = chunks.find((c) => c.id === 'EXIF')?.data;
  const out: Record<string, string> = exif === undefined ? {} : exifTextFields(exif);
  const xmp = chunks.find((c) => c.id === 'XMP ')?.data;
  if (xmp !== undefined)
    for (const [key, value] of Object.entries(xmpTextFields(xmp.toString('utf8')))) out[key] ??= value;
  return out;
}

/** Drops the EXIF and XMP chunks and clears their VP8X flags; image chunks are copied byte for byte. */
export function stripWebpMetadata(file: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of walkWebp(file)) {
    if (chunk.id === 'EXIF' || chunk.id === 'XMP ') continue;
    const bytes = Buffer.from(file.subarray(chunk.start, chunk.end));
    if (chunk.id === 'VP8X' && bytes.length > 8) bytes[8] = (bytes[8] ?? 0) & ~0x0c;
    parts.push(bytes);
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
