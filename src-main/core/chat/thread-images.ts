// The library images a thread sends, as the Converse API takes them: their own bytes when within
// the limits (≤ 3.75 MB, ≤ 8,000 px a side), else scaled down and re-encoded (JPEG) until they fit.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { ConverseImage, ConverseModelSpec } from '../../../src-shared/models/index.ts';
import type { Storage } from '../storage/index.ts';

async function fitted(bytes: Buffer, model: ConverseModelSpec, width: number, height: number): Promise<ConverseImage> {
  const { maxImageBytes, maxImageSide } = model.limits;
  let side = Math.min(maxImageSide, Math.max(width, height));
  for (;;) {
    const { data, info } = await sharp(bytes)
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
    if (data.length <= maxImageBytes || side <= 256)
      return { format: 'jpeg', bytes: new Uint8Array(data), width: info.width, height: info.height };
    side = Math.floor(side * 0.75);
  }
}

/** Loads library images by id (each once per call), within the model's limits. */
export function threadImageLoader(storage: Storage, model: ConverseModelSpec) {
  const cache = new Map<string, Promise<ConverseImage>>();
  const load = async (imageId: string): Promise<ConverseImage> => {
    const record = storage.images.get(imageId);
    const bytes = await readFile(storage.store.absolute(record.path));
    const fits =
      bytes.length <= model.limits.maxImageBytes && Math.max(record.width, record.height) <= model.limits.maxImageSide;
    if (fits)
      return { format: record.format, bytes: new Uint8Array(bytes), width: record.width, height: record.height };
    return fitted(bytes, model, record.width, record.height);
  };
  return (imageId: string): Promise<ConverseImage> => {
    let pending = cache.get(imageId);
    if (!pending) {
      pending = load(imageId);
      cache.set(imageId, pending);
    }
    return pending;
  };
}
