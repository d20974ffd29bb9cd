// The file work of a job's run: reading its source image and mask for the request body, reading the
// model's answer, and embedding the generation metadata in the image before it is stored.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { GenerationParams, Job } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { findModel, parseResponseBody } from '../../../src-shared/models/index.ts';
import type { BuildContext, ImageSize, ParsedImage } from '../../../src-shared/models/index.ts';
import { decodeAhead } from '../storage/index.ts';
import type { DecodeAhead, ImageStore, ImagesRepo } from '../storage/index.ts';
import { embedGenerationMetadata, imageSize } from '../metadata/index.ts';
import type { EaselMetadata } from '../metadata/index.ts';
import { writtenParameters } from './written-parameters.ts';

export type SourceImages = Omit<BuildContext, 'seed'>;

/**
 * The task's source image, mask and style image (style transfer) as base64 for the body (masks
 * inverted for models that want black = change), and each payload's image id, so the stored
 * request can name it instead.
 */
export async function loadSourceImages(
  params: GenerationParams,
  images: ImagesRepo,
  store: ImageStore,
): Promise<{ ctx: SourceImages; payloads: Map<string, string> }> {
  const payloads = new Map<string, string>();
  const ctx: { initImageBase64?: string; maskBase64?: string; styleImageBase64?: string; initImageSize?: ImageSize } =
    {};
  if (params.initImageId !== undefined) {
    const record = images.get(params.initImageId);
    const base64 = (await readStored(store, record.path)).toString('base64');
    ctx.initImageBase64 = base64;
    ctx.initImageSize = { width: record.width, height: record.height };
    payloads.set(base64, params.initImageId);
  }
  if (params.maskImageId !== undefined) {
    const record = images.get(params.maskImageId);
    let bytes = await readStored(store, record.path);
    // Easel masks are white where the image changes; some models want black there.
    if (findModel(params.modelId)?.limits.maskChanges === 'black')
      bytes = await sharp(bytes).negate({ alpha: false }).png().toBuffer();
    const base64 = bytes.toString('base64');
    ctx.maskBase64 = base64;
    payloads.set(base64, params.maskImageId);
  }
  if (params.styleImageId !== undefined) {
    const record = images.get(params.styleImageId);
    const base64 = (await readStored(store, record.path)).toString('base64');
    ctx.styleImageBase64 = base64;
    payloads.set(base64, params.styleImageId);
  }
  return { ctx, payloads };
}

async function readStored(store: ImageStore, relPath: string): Promise<Buffer> {
  try {
    return await readFile(store.absolute(relPath));
  } catch (cause) {
    throw new EaselError(
      'not-found',
      `The source image file ${relPath} is missing from the library folder; run "check library".`,
      { cause },
    );
  }
}

/** The one image of a response (filtered and failed ones included). */
export function firstImage(modelId: string, body: unknown): ParsedImage {
  const image = parseResponseBody(modelId, body).images[0];
  if (!image)
    throw new EaselError('malformed-response', 'Bedrock answered with no image. Try again; if it persists, report it.');
  return image;
}

/** An answer's good image: its bytes as Bedrock sent them, and the whole-image check decode under way. */
export interface ReceivedImage {
  image: ParsedImage;
  bytes: Buffer;
  pixels: DecodeAhead;
}

/** Decodes an `ok` image's base64 and starts its check decode on sharp's threads (`decodeAhead`). */
export function receiveImage(image: ParsedImage): ReceivedImage {
  const bytes = Buffer.from(image.base64, 'base64');
  return { image, bytes, pixels: decodeAhead(bytes) };
}

/**
 * The answer's first image, received, when it is one good image; null otherwise (a malformed,
 * filtered or failed answer is read again after the spool, and fails there as it always has).
 */
export function receiveAhead(modelId: string, body: unknown): ReceivedImage | null {
  try {
    const image = firstImage(modelId, body);
    return image.outcome === 'ok' ? receiveImage(image) : null;
  } catch {
    return null;
  }
}

/**
 * The image's bytes as stored: Bedrock's PNG, JPEG or WebP with the A1111 `parameters` text and the
 * `easel` record spliced in (PNG text chunks; JPEG/WebP EXIF UserComment + XMP), the compressed
 * image data untouched, so the same request and seed still give byte-identical files.
 */
export function withGenerationMetadata(bytes: Buffer, job: Job, request: unknown, seed: number): Buffer {
  const size = imageSize(bytes);
  if (size === undefined) return bytes;
  const easel: EaselMetadata = {
    version: 1,
    modelId: job.modelId,
    seed,
    request: (request ?? {}) as Record<string, unknown>,
    // No job id here: the same request and seed must give byte-identical files (one stored copy).
    params: { ...job.params, count: 1, seed },
  };
  return embedGenerationMetadata(bytes, { parameters: writtenParameters(job, request, seed, size), easel });
}
