// PNG chunk walking, text chunk decoding/encoding and chunk removal, on raw bytes. Nothing here
// decodes or re-encodes pixels: IDAT bytes pass through untouched.
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { EaselError } from '../../../src-shared/errors.ts';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Largest chunk length the PNG spec allows (2^31 - 1). */
const MAX_CHUNK_LENGTH = 0x7fffffff;
/** Refuse to inflate a text chunk beyond this; generation metadata is kilobytes, not gigabytes. */
const MAX_INFLATED_TEXT = 64 * 1024 * 1024;

export interface TextChunk {
  keyword: string;
  text: string;
  kind: 'tEXt' | 'zTXt' | 'iTXt';
}

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field in the file. */
  start: number;
  /** Offset just past the chunk's CRC. */
  end: number;
  data: Buffer;
  crcOk: boolean;
}

export function isPng(file: Buffer): boolean {
  return file.length >= 8 && file.subarray(0, 8).equals(PNG_SIGNATURE);
}

function badImage(message: string): EaselError {
  return new EaselError('bad-image', message);
}

/**
 * Every chunk from the signature to IEND. Throws `bad-image` when the file is not a PNG or its
 * chunk structure is broken (truncated, impossible length, no IEND). Bytes after IEND are ignored.
 */
export function listPngChunks(png: Buffer): PngChunk[] {
  if (png.length === 0) throw badImage('The file is empty (0 bytes), so it is not an image.');
  if (!isPng(png)) throw badImage('This is not a PNG file: it does not start with the PNG signature.');
  const chunks: PngChunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 8 > png.length) {
      throw badImage(`The PNG file is truncated: it ends after ${png.length} bytes without its closing IEND chunk.`);
    }
    const length = png.readUInt32BE(pos);
    const typeBytes = png.subarray(pos + 4, pos + 8);
    const type = typeBytes.toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) {
      throw badImage(`The PNG file is damaged: a chunk at byte ${pos} has an invalid type.`);
    }
    if (length > MAX_CHUNK_LENGTH) {
      throw badImage(`The PNG file is damaged: chunk ${type} at byte ${pos} claims an impossible length.`);
    }
    const end = pos + 12 + length;
    if (end > png.length) {
      throw badImage(`The PNG file is truncated: chunk ${type} at byte ${pos} runs past the end of the file.`);
    }
    const data = png.subarray(pos + 8, pos + 8 + length);
    const storedCrc = png.readUInt32BE(pos + 8 + length);
    // Image data is never interpreted here (pixel decoders check their own CRCs): walking past
    // IDAT reads 12 header bytes per chunk, so metadata costs the text chunks, not the image.
    const crcOk = type === 'IDAT' || crc32(data, crc32(typeBytes)) === storedCrc;
    chunks.push({ type, start: pos, end, data, crcOk });
    pos = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw badImage('The PNG file is damaged: its first chunk is not IHDR.');
  return chunks;
}

function latin1Ok(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function inflateText(data: Buffer): Buffer {
  return inflateSync(data, { maxOutputLength: MAX_INFLATED_TEXT });
}

/** Decodes one tEXt/zTXt/iTXt chunk's data. Throws a plain Error when it is malformed. */
export function decodeTextChunk(type: 'tEXt' | 'zTXt' | 'iTXt', data: Buffer): TextChunk {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) throw new Error(`${type} chunk has no valid keyword`);
  const keyword = data.subarray(0, nul).toString('latin1');
  const rest = data.subarray(nul + 1);
  if (type === 'tEXt') return { keyword, text: rest.toString('latin1'), kind: type };
  if (type === 'zTXt') {
    if (rest.length < 1 || rest[0] !== 0) throw new Error('zTXt chunk uses an unknown compression method');
    return { keyword, text: inflateText(rest.subarray(1)).toString('latin1'), kind: type };
  }
  // iTXt: compression flag, compression method, language tag\0, translated keyword\0, text
  if (rest.length < 2) throw new Error('iTXt chunk is too short');
  const compressed = rest[0] === 1;
  if (compressed && rest[1] !== 0) throw new Error('iTXt chunk uses an unknown compression method');
  const langEnd = rest.indexOf(0, 2);
  if (langEnd < 0) throw new Error('iTXt chunk has no language tag terminator');
  const transEnd = rest.indexOf(0, langEnd + 1);
  if (transEnd < 0) throw new Error('iTXt chunk has no translated keyword terminator');
  const body = rest.subarray(transEnd + 1);
  const text = (compressed ? inflateText(body) : body).toString('utf8');
  return { keyword, text, kind: type };
}

function isTextType(type: string): type is 'tEXt' | 'zTXt' | 'iTXt' {
  return type === 'tEXt' || type === 'zTXt' || type === 'iTXt';
}

/**
 * All tEXt/zTXt/iTXt chunks, wherever they are (also after IDAT), in file order.
 * Strict: a text chunk with a bad CRC or undecodable content makes it throw `bad-image`.
 */
export function readPngTextChunks(png: Buffer): TextChunk[] {
  const out: TextChunk[] = [];
  for (const chunk of listPngChunks(png)) {
    if (!isTextType(chunk.type)) continue;
    if (!chunk.crcOk) {
      throw badImage(`The PNG file is damaged: its ${chunk.type} chunk at byte ${chunk.start} fails its CRC check.`);
    }
    try {
      out.push(decodeTextChunk(chunk.type, chunk.data));
    } catch (error) {
      throw new EaselError('bad-image', `The PNG file has an unreadable ${chunk.type} chunk at byte ${chunk.start}.`, {
        cause: error,
      });
    }
  }
  return out;
}

/** Lenient variant for import: skips text chunks with a bad CRC or undecodable content. */
export function readPngTextChunksLenient(chunks: readonly PngChunk[]): TextChunk[] {
  const out: TextChunk[] = [];
  for (const chunk of chunks) {
    if (!isTextType(chunk.type) || !chunk.crcOk) continue;
    try {
      out.push(decodeTextChunk(chunk.type, chunk.data));
    } catch {
      // odd metadata never stops an import
    }
  }
  return out;
}

export function encodeChunk(type: string, data: Buffer): Buffer {
  const typeBytes = Buffer.from(type, 'latin1');
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  typeBytes.copy(header, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(typeBytes)), 0);
  return Buffer.concat([header, data, crc]);
}

function checkKeyword(keyword: string): void {
  // PNG: 1-79 Latin-1 printable characters, no leading/trailing/double spaces.
  if (
    keyword.length < 1 ||
    keyword.length > 79 ||
    !/^[\x20-\x7e\xa1-\xff]+$/.test(keyword) ||
    /^ | $| {2}/.test(keyword)
  ) {
    throw new EaselError(
      'validation',
      `"${keyword}" is not a valid PNG text keyword (1-79 Latin-1 characters, no edge or double spaces).`,
    );
  }
}

export interface TextChunkInput {
  keyword: string;
  text: string;
  kind?: 'tEXt' | 'iTXt';
}

/** Encodes one text chunk: tEXt when asked and the text is Latin-1 without NUL, else uncompressed UTF-8 iTXt. */
export function encodeTextChunk(input: TextChunkInput): Buffer {
  checkKeyword(input.keyword);
  const keyword = Buffer.from(input.keyword, 'latin1');
  // PNG text may not hold a NUL (readers stop there): it is left out, never written raw.
  const text = input.text.replaceAll('\0', '');
  const useTExt = (input.kind ?? 'tEXt') === 'tEXt' && latin1Ok(text);
  if (useTExt) return encodeChunk('tEXt', Buffer.concat([keyword, Buffer.from([0]), Buffer.from(text, 'latin1')]));
  // keyword\0, compression flag 0, method 0, empty language tag\0, empty translated keyword\0, UTF-8 text
  return encodeChunk('iTXt', Buffer.concat([keyword, Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

/** zTXt encoder, used by tests to build compressed fixtures. */
export function encodeZTxtChunk(keyword: string, text: string): Buffer {
  checkKeyword(keyword);
  return encodeChunk(
    'zTXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0]), deflateSync(Buffer.from(text, 'latin1'))]),
  );
}

/**
 * Returns a new PNG with the given text chunks inserted just before the first IDAT. Any existing
 * tEXt/zTXt/iTXt chunk with one of those keywords (anywhere in the file) is removed first.
 */
export function writePngTextChunks(png: Buffer, chunks: readonly TextChunkInput[]): Buffer {
  const all = listPngChunks(png);
  const encoded = chunks.map(encodeTextChunk);
  const replaced = new Set(chunks.map((c) => c.keyword));
  const parts: Buffer[] = [PNG_SIGNATURE];
  let inserted = false;
  for (const chunk of all) {
    if (chunk.type === 'IDAT' && !inserted) {
      parts.push(...encoded);
      inserted = true;
    }
    if (isTextType(chunk.type) && replaced.has(keywordOf(chunk.data))) continue;
    parts.push(png.subarray(chunk.start, chunk.end));
  }
  if (!inserted) throw badImage('The PNG file has no image data (IDAT chunk).');
  return Buffer.concat(parts);
}

function keywordOf(data: Buffer): string {
  const nul = data.indexOf(0);
  return (nul < 0 ? data : data.subarray(0, nul)).toString('latin1');
}

/** Chunks that carry metadata rather than pixels or colour information. */
const METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** Drops text, EXIF and time chunks; every other chunk (IHDR, PLTE, IDAT, colour chunks...) is copied byte for byte. */
export function stripPngMetadata(png: Buffer): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  for (const chunk of listPngChunks(png)) {
    if (METADATA_CHUNKS.has(chunk.type)) continue;
    parts.push(png.subarray(chunk.start, chunk.end));
  }
  return Buffer.concat(parts);
}
