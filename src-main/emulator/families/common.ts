// What every family handler receives and returns, plus input-image helpers.
import sharp from 'sharp';
import { validationError } from '../aws-errors.ts';
import type { EmulatedModel } from '../models.ts';
import type { PriceDetail } from '../prices.ts';
import { stableStringify } from '../random.ts';

export interface InvokeContext {
  invokedId: string;
  model: EmulatedModel;
  body: unknown;
  /** The `bedrock2025` knob: the 2025 emulator's limits (see config.ts). */
  bedrock2025: boolean;
  /** True when the text contains one of the configured filter words. */
  isFiltered(text: string): boolean;
  /** A fresh seed in [1, max] for "seed 0 = random" (drawn from the instance's seeded stream). */
  randomSeed(max: number): number;
  price(detail: PriceDetail): number;
}

export interface BilledImage {
  priceMicroUsd: number;
  filtered: boolean;
}

export interface InvokeResult {
  /** base64 images in response order (the malformed knob corrupts these). */
  images: string[];
  /** The response body for a given list of base64 images. */
  build(images: string[]): unknown;
  billed: BilledImage[];
}

export type FamilyHandler = (ctx: InvokeContext) => Promise<InvokeResult>;

export interface DecodedInput {
  bytes: Buffer;
  width: number;
  height: number;
  hasAlpha: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a base64 input image or fails with a ValidationException naming the field. */
export async function decodeInputImage(base64: string, field: string): Promise<DecodedInput> {
  const compact = base64.replace(/\s+/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) {
    throw validationError(`Invalid input image at ${field}: the value is not valid base64.`);
  }
  const bytes = Buffer.from(compact, 'base64');
  try {
    const meta = await sharp(bytes).metadata();
    if (!['png', 'jpeg', 'webp'].includes(meta.format)) throw new Error(meta.format);
    return { bytes, width: meta.width, height: meta.height, hasAlpha: meta.hasAlpha };
  } catch {
    throw validationError(
      `Invalid input image at ${field}: unable to decode the image; PNG, JPEG and WebP are supported.`,
    );
  }
}

/** The stable text every generated image is derived from (model + full request + seed). */
export function artKey(modelId: string, body: unknown, seed: number, index = 0): string {
  return `${modelId}|${stableStringify(body)}|seed=${seed}|#${index}`;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
