// The save of a generated image as main did it before this round of issue 16 (the store's part),
// reproduced step for step with the same sharp and file calls, so `npm run bench -- save` measures
// old and new in one run ("before"). Not used by Easel itself.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { ImageFormat } from '../../src-shared/domain.ts';
import {
  imageRelPath,
  MAX_IMAGE_PIXELS,
  type ImageStore,
  type StoredImage,
} from '../../src-main/core/storage/index.ts';

const FORMATS: Record<string, ImageFormat> = { png: 'png', jpeg: 'jpeg', webp: 'webp' };

/**
 * ImageStore.putThumbnailLater before: the full decode starts with the header read; then the hash,
 * the look for a stored copy, the temp write + fsync; rename and folder fsync once the decode succeeded.
 */
export async function putThumbnailLaterBefore(store: ImageStore, bytes: Buffer): Promise<StoredImage> {
  const decoded = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS })
    .rotate()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  decoded.catch(() => undefined);
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const format = FORMATS[meta.format];
  if (!format || !meta.width || !meta.height) throw new Error('not an image');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = imageRelPath(sha256, format);
  const absolute = store.absolute(path);
  const result = { sha256, path, width: meta.width, height: meta.height, bytes: bytes.byteLength, format };
  const existing = await stat(absolute).catch(() => null);
  if (existing?.isFile() && existing.size === bytes.byteLength) return { ...result, written: false };
  const temp = join(store.paths.tmp, `${randomBytes(8).toString('hex')}.part`);
  // As withFolder: tmp/ is made when the open finds it missing.
  const handle = await open(temp, 'wx').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await mkdir(store.paths.tmp, { recursive: true });
    return open(temp, 'wx');
  });
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await decoded;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // As withFolder: the shard folder is made when the rename finds it missing.
  await rename(temp, absolute).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await mkdir(dirname(absolute), { recursive: true });
    await rename(temp, absolute);
  });
  const folder = await open(dirname(absolute), 'r');
  await folder.sync();
  await folder.close();
  return { ...result, written: true };
}
