// Reading generation metadata from PNG, JPEG and WebP files written by Easel and other tools
// (the fields found are interpreted in interpret.ts), embedding Easel's own, and stripping it for export.
import sharp from 'sharp';
import { EaselError } from '../../../src-shared/errors.ts';
import { formatA1111Parameters } from './a1111.ts';
import type { A1111Parameters } from './a1111.ts';
import {
  detectFormat,
  exifTextFields,
  jpegTextFields,
  stripJpegMetadata,
  stripWebpMetadata,
  webpExif,
} from './containers.ts';
import {
  EASEL_KEYWORD,
  interpretFields,
  isRecord,
  parseJson,
  PARAMETERS_KEYWORD,
  type EaselMetadata,
  type ImportedMetadata,
} from './interpret.ts';
import { listPngChunks, readPngTextChunksLenient, stripPngMetadata, writePngTextChunks } from './png-chunks.ts';
import { readStealthInfo } from './stealth.ts';

export type { EaselMetadata, ImportedMetadata, SourceTool } from './interpret.ts';

export function embedGenerationMetadata(
  png: Buffer,
  meta: { parameters: A1111Parameters; easel: EaselMetadata },
): Buffer {
  return writePngTextChunks(png, [
    { keyword: PARAMETERS_KEYWORD, text: formatA1111Parameters(meta.parameters), kind: 'tEXt' },
    { keyword: EASEL_KEYWORD, text: JSON.stringify(meta.easel), kind: 'iTXt' },
  ]);
}

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

async function readExifFromSharp(file: Buffer): Promise<Buffer | undefined> {
  try {
    return (await sharp(file).metadata()).exif;
  } catch (error) {
    throw new EaselError('bad-image', 'The image file cannot be read: it is damaged or truncated.', { cause: error });
  }
}

/**
 * Generation metadata of a PNG, JPEG or WebP file; null when it has none. Throws `bad-image` only
 * when the file itself is not a readable image (empty, another format, broken structure); odd or
 * malformed metadata is never an error.
 */
export async function readImageMetadata(file: Buffer): Promise<ImportedMetadata | null> {
  const format = detectFormat(file);
  if (format === undefined) throw notAnImage(file);
  if (format === 'png') {
    const chunks = listPngChunks(file);
    const fields: Record<string, string> = {};
    for (const chunk of readPngTextChunksLenient(chunks)) {
      // first occurrence wins, like every PNG reader
      if (!(chunk.keyword in fields)) fields[chunk.keyword] = chunk.text;
    }
    const exifChunk = chunks.find((c) => c.type === 'eXIf' && c.crcOk);
    if (exifChunk !== undefined) {
      for (const [key, value] of Object.entries(exifTextFields(exifChunk.data)))
        if (!(key in fields)) fields[key] = value;
    }
    const found = interpretFields(fields);
    if (found !== null) return found;
    const colourType = chunks[0]?.data[9];
    const mayHideBits = colourType === 2 || colourType === 4 || colourType === 6;
    return mayHideBits ? readStealth(file) : null;
  }
  if (format === 'jpeg') {
    const exif = await readExifFromSharp(file);
    return interpretFields(jpegTextFields(file, exif));
  }
  const exif = webpExif(file) ?? (await readExifFromSharp(file));
  const found = exif === undefined ? null : interpretFields(exifTextFields(exif));
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
