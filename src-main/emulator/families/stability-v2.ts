// Family stability-v2 (SD3.5 Large, Stable Image Core, Stable Image Ultra) and the shared pieces
// of the Stability Image Services (same response shape, same image rules).
import { malformedInput } from '../aws-errors.ts';
import type { OutputFormat, RawImage } from '../render.ts';
import { blend, decodeRgba, encode, renderArt } from '../render.ts';
import type { Schema } from '../schema.ts';
import { checkSchema, int, num, obj, oneOf, str } from '../schema.ts';
import type { DecodedInput, FamilyHandler, InvokeContext, InvokeResult } from './common.ts';
import { artKey, decodeInputImage } from './common.ts';

/** Output size per aspect ratio (~1 megapixel, Stability's SD3 sizes). */
export const ASPECT_SIZES: Record<string, { width: number; height: number }> = {
  '16:9': { width: 1344, height: 768 },
  '1:1': { width: 1024, height: 1024 },
  '21:9': { width: 1536, height: 640 },
  '2:3': { width: 832, height: 1216 },
  '3:2': { width: 1216, height: 832 },
  '4:5': { width: 896, height: 1088 },
  '5:4': { width: 1088, height: 896 },
  '9:16': { width: 768, height: 1344 },
  '9:21': { width: 640, height: 1536 },
};

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export const STYLE_PRESETS = [
  '3d-model',
  'analog-film',
  'anime',
  'cinematic',
  'comic-book',
  'digital-art',
  'enhance',
  'fantasy-art',
  'isometric',
  'line-art',
  'low-poly',
  'modeling-compound',
  'neon-punk',
  'origami',
  'photographic',
  'pixel-art',
  'tile-texture',
];

export const commonV2 = {
  seed: int(0, 4294967294),
  output_format: oneOf(OUTPUT_FORMATS),
};
const prompt = str({ minLength: 1, maxLength: 10000 });
const negative = str({ maxLength: 10000 });
const aspect = oneOf(Object.keys(ASPECT_SIZES));

const SCHEMAS: Record<string, Schema> = {
  'stability.sd3-5-large-v1:0': obj(
    {
      prompt,
      negative_prompt: negative,
      aspect_ratio: aspect,
      ...commonV2,
      mode: oneOf(['text-to-image', 'image-to-image']),
      image: str(),
      strength: num(0, 1),
    },
    ['prompt'],
  ),
  'stability.stable-image-core-v1:1': obj(
    {
      prompt,
      negative_prompt: negative,
      aspect_ratio: aspect,
      ...commonV2,
      style_preset: oneOf(STYLE_PRESETS),
    },
    ['prompt'],
  ),
  'stability.stable-image-ultra-v1:1': obj(
    {
      prompt,
      negative_prompt: negative,
      aspect_ratio: aspect,
      ...commonV2,
      image: str(),
      strength: num(0, 1),
    },
    ['prompt'],
  ),
};

/** Stability's input image rules: ≥64 px a side, ≤9,437,184 px, aspect 1:2.5 .. 2.5:1. */
export async function stabilityInputImage(
  base64: string,
  field: string,
  limits = { minSide: 64, maxSide: Infinity },
): Promise<DecodedInput> {
  const input = await decodeInputImage(base64, field);
  const { width, height } = input;
  if (width < limits.minSide || height < limits.minSide) {
    throw malformedInput(`${field}: image is ${width}x${height}; each side must be at least ${limits.minSide} pixels`);
  }
  if (width > limits.maxSide || height > limits.maxSide) {
    throw malformedInput(`${field}: image is ${width}x${height}; each side must be at most ${limits.maxSide} pixels`);
  }
  if (width * height > 9_437_184)
    throw malformedInput(`${field}: image has ${width * height} pixels; the maximum is 9437184`);
  const ratio = width / height;
  if (ratio > 2.5 || ratio < 1 / 2.5)
    throw malformedInput(`${field}: image aspect ratio ${width}:${height} is outside 1:2.5 to 2.5:1`);
  return input;
}

export interface V2Body {
  prompt?: string;
  negative_prompt?: string;
  seed?: number;
  output_format?: OutputFormat;
}

/** Seed (0 = random), filter check, encoding and the `{seeds, finish_reasons, images}` shape. */
export async function finishV2(
  ctx: InvokeContext,
  body: V2Body,
  make: (seed: number) => Promise<RawImage>,
  options: { keepAlpha?: boolean } = {},
): Promise<InvokeResult> {
  const seed = body.seed === undefined || body.seed === 0 ? ctx.randomSeed(4294967294) : body.seed;
  const filtered = ctx.isFiltered(body.prompt ?? '');
  const image = await make(seed);
  const bytes = await encode(image, {
    format: body.output_format ?? 'png',
    blurred: filtered,
    keepAlpha: options.keepAlpha,
  });
  const reason = filtered ? 'Filter reason: prompt' : null;
  return {
    images: [bytes.toString('base64')],
    build: (images) => ({ seeds: images.map(() => seed), finish_reasons: images.map(() => reason), images }),
    billed: [{ priceMicroUsd: ctx.price({ width: image.width, height: image.height }), filtered }],
  };
}

interface StabilityV2Body extends V2Body {
  aspect_ratio?: string;
  mode?: string;
  image?: string;
  strength?: number;
}

export const invokeStabilityV2: FamilyHandler = async (ctx) => {
  const schema = SCHEMAS[ctx.model.id];
  if (!schema) throw new Error(`no schema for ${ctx.model.id}`);
  checkSchema(schema, ctx.body);
  const body = ctx.body as StabilityV2Body;
  const isSd35 = ctx.model.id === 'stability.sd3-5-large-v1:0';
  let strength: number | undefined;
  if (isSd35 && body.mode === 'image-to-image') {
    if (body.image === undefined) throw malformedInput('#: required key [image] not found');
    if (body.strength === undefined) throw malformedInput('#: required key [strength] not found');
    if (body.aspect_ratio !== undefined) throw malformedInput('#: extraneous key [aspect_ratio] is not permitted');
    strength = body.strength;
  } else if (isSd35) {
    if (body.image !== undefined) throw malformedInput('#: extraneous key [image] is not permitted');
    if (body.strength !== undefined) throw malformedInput('#: extraneous key [strength] is not permitted');
  } else if (body.image !== undefined) {
    strength = body.strength ?? 0.35;
  } else if (body.strength !== undefined) {
    throw malformedInput('#: required key [image] not found');
  }
  const input = body.image !== undefined ? await stabilityInputImage(body.image, '#/image') : undefined;
  // The effective request: a body that spells out a default draws the same picture as one that does not.
  const effective: StabilityV2Body = {
    negative_prompt: '',
    output_format: 'png',
    ...(isSd35 ? { mode: 'text-to-image' } : {}),
    ...(input ? { strength: 0.35 } : { aspect_ratio: '1:1' }),
    ...body,
  };
  return finishV2(ctx, body, async (seed) => {
    const size = input
      ? { width: input.width, height: input.height }
      : (ASPECT_SIZES[body.aspect_ratio ?? '1:1'] ?? { width: 1024, height: 1024 });
    const art = await renderArt({
      ...size,
      key: artKey(ctx.model.id, { ...effective, seed }, seed),
      prompt: body.prompt ?? '',
    });
    if (!input) return art;
    // strength 0 returns the input, 1 ignores it.
    return blend(await decodeRgba(input.bytes), art, () => strength ?? 0.35);
  });
};
