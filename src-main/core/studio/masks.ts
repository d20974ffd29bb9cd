// Masks painted in the renderer (inpaint, erase object) arrive as PNG base64. Nothing about them is
// trusted: the size is capped before decoding, the PNG signature is checked, sharp decodes the whole
// image, its dimensions must match what the caller declared AND the source image, and what is
// stored is a fresh greyscale PNG re-encoded by sharp (white = change), never the bytes received.
//
// Storage: a mask is a library image (content-addressed file, a row in `images`) with source
// 'edited', parent = the source image, and metadata {"kind": "mask"}. That is what jobs already
// resolve `maskImageId` through (ImagesRepo + ImageStore, inverted for black-changes models), so a
// retry or a "reuse settings" months later still finds it, thumbnails/check-library/purge cover it,
// and the lineage (edit result → source, mask → source) stays in one table. No schema change.
// A sketch drawn over an image for a control sketch is the same kind of file (black lines on white)
// and goes through the same checks; its metadata says {"kind": "sketch"} and the library shows it.
import sharp, { type OutputInfo } from 'sharp';
import { EaselError } from '../../../src-shared/errors.ts';
import type { Storage } from '../storage/index.ts';

/** Largest mask PNG accepted (decoded bytes), as for any Bedrock input image. */
export const MAX_MASK_BYTES = 25 * 1024 * 1024;
/** Base64 length of MAX_MASK_BYTES (checked before decoding anything). */
export const MAX_MASK_BASE64 = Math.ceil(MAX_MASK_BYTES / 3) * 4;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface MaskInput {
  /** The library image the mask is painted over. */
  sourceImageId: string;
  pngBase64: string;
  width: number;
  height: number;
  /** A mask (default; hidden from the library) or a sketch drawn for a control sketch (shown). */
  kind?: 'mask' | 'sketch';
}

/**
 * Verifies and stores a mask; returns its image id (the same id for the same mask twice).
 * @throws EaselError 'validation' (size, signature, dimensions), 'bad-image' (undecodable), 'not-found' (source).
 */
export async function createMask(library: Storage, input: MaskInput): Promise<{ imageId: string }> {
  const source = library.images.get(input.sourceImageId);
  if (input.pngBase64.length > MAX_MASK_BASE64) {
    throw new EaselError(
      'validation',
      `The mask is larger than ${MAX_MASK_BYTES / 1024 / 1024} MB; paint it at the image's own size.`,
      { field: 'pngBase64' },
    );
  }
  if (!BASE64.test(input.pngBase64))
    throw new EaselError('validation', 'The mask is not base64 data.', { field: 'pngBase64' });
  const bytes = Buffer.from(input.pngBase64, 'base64');
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new EaselError('validation', 'The mask must be a PNG image (its signature is missing).', {
      field: 'pngBase64',
    });
  }
  if (input.width !== source.width || input.height !== source.height) {
    throw new EaselError(
      'validation',
      `The mask is ${input.width}×${input.height} but the image it masks is ${source.width}×${source.height}; they must match.`,
      { field: 'width' },
    );
  }
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    // Full decode (not just the header): a truncated or lying file fails here. Transparent pixels
    // count as "keep" (black), whatever colour they carry.
    decoded = await sharp(bytes, { failOn: 'truncated', limitInputPixels: source.width * source.height })
      .flatten({ background: '#000000' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new EaselError('bad-image', 'The mask could not be decoded as a PNG image.', { cause, field: 'pngBase64' });
  }
  const { info } = decoded;
  if (info.width !== source.width || info.height !== source.height) {
    throw new EaselError(
      'validation',
      `The mask's pixels are ${info.width}×${info.height}, not the ${input.width}×${input.height} it claims (and the image's ${source.width}×${source.height}).`,
      { field: 'width' },
    );
  }
  // Hard-edged black and white, as every model reads masks; one channel keeps the file small.
  const png = await sharp(decoded.data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .threshold(128)
    .toColourspace('b-w')
    .png({ compressionLevel: 9, palette: false })
    .toBuffer();
  const stored = await library.store.put(png);
  const { image } = library.images.insertOrGet({
    sha256: stored.sha256,
    path: stored.path,
    width: stored.width,
    height: stored.height,
    bytes: stored.bytes,
    format: stored.format,
    source: 'edited',
    parentImageId: source.id,
    metadata: { kind: input.kind ?? 'mask' },
  });
  return { imageId: image.id };
}
