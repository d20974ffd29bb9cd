// Reading generation metadata from PNG, JPEG and WebP files written by Easel and other tools
// (the fields found are interpreted in interpret.ts) and stripping it for export; embedding is embed.ts.
import { EaselError } from '../../../src-shared/errors.ts';
import { keywordsFromCarriers } from './carriers.ts';
import {
  detectFormat,
  exifTextFields,
  jpegTextFields,
  stripJpegMetadata,
  stripWebpMetadata,
  webpTextFields,
} from './containers.ts';
import { interpretFields, isRecord, parseJson, PARAMETERS_KEYWORD, type ImportedMetadata } from './interpret.ts';
import { listPngChunks, readPngTextChunksLenient, stripPngMetadata } from './png-chunks.ts';
import { readStealthInfo } from './stealth.ts';
import { xmpTextFields } from './xmp.ts';

export type { EaselMetadata, ImportedMetadata, SourceTool } from './interpret.ts';
export { embedGenerationMetadata } from './embed.ts';

// ---------------------------------------------------------------------------------------------
// entry points

function notAnImage(file: Buffer): EaselError {
  if (file.length === 0) return new EaselError('bad-image', 'The file is empty (0 bytes), so it is not an image.');
  return new EaselError('bad-image', 'This file is not a PNG, JPEG or WebP image.');
}

async function readStealth(file: Buffer): Promise<ImportedMetadata | null> {
  const text = await readStealthInfo(file);
  if (text === undefined) return null;
  const json = parseJson(text);
  // NovelAI writes its whole info dictionary as JSON; A1111 its parameters text.
  if (isRecord(json)) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(json))
      fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
    return interpretFields(fields);
  }
  return interpretFields({ [PARAMETERS_KEYWORD]: text });
}

/**
 * Interprets a file's own fields (PNG chunks) with the keywords found in its carriers (EXIF, XMP,
 * comments) added; `raw` reports the file's fields as they are, without the derived keywords.
 */
function interpretWithCarriers(own: Record<string, string>, carriers: Record<string, string>): ImportedMetadata | null {
  const raw = { ...own };
  for (const [key, value] of Object.entries(carriers)) raw[key] ??= value;
  const fields = { ...raw };
  for (const [key, value] of Object.entries(keywordsFromCarriers(carriers))) fields[key] ??= value;
  return interpretFields(fields, raw);
}

function readPng(file: Buffer): {
  own: Record<string, string>;
  carriers: Record<string, string>;
  mayHideBits: boolean;
} {
  const chunks = listPngChunks(file);
  const own: Record<string, string> = {};
  let carriers: Record<string, string> = {};
  for (const chunk of readPngTextChunksLenient(chunks)) {
    if (chunk.keyword === 'XML:com.adobe.xmp') carriers = { ...xmpTextFields(chunk.text), ...carriers };
    // first occurrence wins, like every PNG reader
    else if (!(chunk.keyword in own)) own[chunk.keyword] = chunk.text;
  }
  const exifChunk = chunks.find((c) => c.type === 'eXIf' && c.crcOk);
  if (exifChunk !== undefined) carriers = { ...exifTextFields(exifChunk.data), ...carriers };
  const colourType = chunks[0]?.data[9];
  return { own, carriers, mayHideBits: colourType === 2 || colourType === 4 || colourType === 6 };
}

/**
 * Generation metadata of a PNG, JPEG or WebP file; null when it has none. Throws `bad-image` only
 * when the file itself is not a readable image (empty, another format, broken structure); odd or
 * malformed metadata is never an error. Only the containers' metadata is parsed (PNG chunks,
 * JPEG header segments, WebP chunks); pixels are decoded only to look for stealth info in a PNG
 * or WebP that has no other metadata.
 */
export async function readImageMetadata(file: Buffer): Promise<ImportedMetadata | null> {
  const format = detectFormat(file);
  if (format === undefined) throw notAnImage(file);
  if (format === 'png') {
    const { own, carriers, mayHideBits } = readPng(file);
    const found = interpretWithCarriers(own, carriers);
    if (found !== null || !mayHideBits) return found;
    return readStealth(file);
  }
  if (format === 'jpeg') return interpretWithCarriers({}, jpegTextFields(file));
  const found = interpretWithCarriers({}, webpTextFields(file));
  return found ?? readStealth(file);
}

/**
 * The same image without generation metadata (text chunks, EXIF, XMP, comments). The compressed
 * image data is copied byte for byte, never re-encoded. Metadata hidden in the pixels themselves
 * (A1111 "stealth" info) is not removed.
 */
export async function stripMetadata(file: Buffer): Promise<Buffer> {
  const format = detectFormat(file);
  if (format === undefined) throw notAnImage(file);
  if (format === 'png') return stripPngMetadata(file);
  if (format === 'jpeg') return stripJpegMetadata(file);
  return stripWebpMetadata(file);
}
