// Family stability-services: the Stability Image Services (inpaint, outpaint, erase-object,
// remove-background, fast-upscale), called as `us.stability.<name>-v1:0` or without the prefix.
import sharp from 'sharp';
import { malformedInput } from '../aws-errors.ts';
import type { RawImage } from '../render.ts';
import { blend, decodeRgba, ellipseWeights, maskWeights, removeBackground, renderArt } from '../render.ts';
import type { Schema } from '../schema.ts';
import { checkSchema, int, num, obj, oneOf, str } from '../schema.ts';
import type { FamilyHandler, InvokeContext } from './common.ts';
import { artKey } from './common.ts';
import type { V2Body } from './stability-v2.ts';
import { commonV2, finishV2, stabilityInputImage, STYLE_PRESETS } from './stability-v2.ts';

const prompt = str({ minLength: 1, maxLength: 10000 });
const negative = str({ maxLength: 10000 });
const side = int(0, 2000);

const SCHEMAS: Record<string, Schema> = {
  'stable-image-inpaint': obj({
    prompt, negative_prompt: negative, image: str(), mask: str(), grow_mask: int(0, 20), style_preset: oneOf(STYLE_PRESETS), ...commonV2,
  }, ['prompt', 'image']),
  'stable-outpaint': obj({
    prompt: str({ maxLength: 10000 }), negative_prompt: negative, image: str(), left: side, right: side, up: side, down: side,
    creativity: num(0.1, 1), style_preset: oneOf(STYLE_PRESETS), ...commonV2,
  }, ['image']),
  'stable-image-erase-object': obj({ image: str(), mask: str(), grow_mask: int(0, 20), ...commonV2 }, ['image']),
  'stable-image-remove-background': obj({ image: str(), output_format: oneOf(['png', 'webp']) }, ['image']),
  'stable-fast-upscale': obj({ image: str(), ...commonV2 }, ['image']),
};

interface ServiceBody extends V2Body {
  image: string; mask?: string; grow_mask?: number; left?: number; right?: number; up?: number; down?: number; creativity?: number;
}

function serviceName(modelId: string): string {
  return modelId.replace(/^stability\./, '').replace(/-v1:0$/, '');
}

async function inpaintLike(ctx: InvokeContext, body: ServiceBody, seed: number, eraseOnly: boolean): Promise<RawImage> {
  const input = await stabilityInputImage(body.image, '#/image');
  const size = { width: input.width, height: input.height };
  const base = await decodeRgba(input.bytes);
  const grow = body.grow_mask ?? 5;
  let weights: Float32Array;
  if (body.mask !== undefined) {
    const mask = await stabilityInputImage(body.mask, '#/mask');
    weights = await maskWeights(mask.bytes, size, 'white', grow);
  } else if (input.hasAlpha) {
    weights = await maskWeights(input.bytes, size, 'transparent', grow);
  } else if (eraseOnly) {
    throw malformedInput('#: required key [mask] not found (the image has no alpha channel to use as the mask)');
  } else {
    weights = ellipseWeights(size, body.prompt ?? '');
  }
  // Erasing fills with a blurred copy of the surroundings; inpainting paints new content.
  const fill = eraseOnly
    ? await decodeRgba(await sharp(input.bytes).blur(Math.max(4, Math.min(size.width, size.height) / 12)).png().toBuffer())
    : await renderArt({ ...size, key: artKey(ctx.model.id, { ...body, seed }, seed), prompt: body.prompt ?? '' });
  return blend(base, fill, (p) => weights[p] ?? 0);
}

async function outpaint(ctx: InvokeContext, body: ServiceBody, seed: number): Promise<RawImage> {
  const input = await stabilityInputImage(body.image, '#/image');
  const [left, right, up, down] = [body.left ?? 0, body.right ?? 0, body.up ?? 0, body.down ?? 0];
  const width = input.width + left + right;
  const height = input.height + up + down;
  const art = await renderArt({ width, height, key: artKey(ctx.model.id, { ...body, seed }, seed), prompt: body.prompt ?? '' });
  const { data, info } = await sharp(art.data, { raw: { width, height, channels: 4 } })
    .composite([{ input: await sharp(input.bytes).ensureAlpha().png().toBuffer(), left, top: up }])
    .raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

export const invokeStabilityService: FamilyHandler = async (ctx) => {
  const name = serviceName(ctx.model.id);
  const schema = SCHEMAS[name];
  if (!schema) throw new Error(`no schema for ${ctx.model.id}`);
  checkSchema(schema, ctx.body);
  const body = ctx.body as ServiceBody;
  switch (name) {
    case 'stable-image-inpaint':
      return finishV2(ctx, body, (seed) => inpaintLike(ctx, body, seed, false));
    case 'stable-image-erase-object':
      return finishV2(ctx, body, (seed) => inpaintLike(ctx, body, seed, true));
    case 'stable-outpaint':
      if (![body.left, body.right, body.up, body.down].some((v) => (v ?? 0) > 0)) {
        throw malformedInput('#: at least one of [left, right, up, down] must be greater than 0');
      }
      return finishV2(ctx, body, (seed) => outpaint(ctx, body, seed));
    case 'stable-image-remove-background':
      return finishV2(ctx, body, async () => {
        const input = await stabilityInputImage(body.image, '#/image');
        return removeBackground(await decodeRgba(input.bytes));
      }, { keepAlpha: true });
    case 'stable-fast-upscale':
      return finishV2(ctx, body, async () => {
        const input = await stabilityInputImage(body.image, '#/image', { minSide: 32, maxSide: 1536 });
        const width = input.width * 4, height = input.height * 4;
        return decodeRgba(input.bytes, { width, height });
      });
    default:
      throw new Error(`unhandled service ${name}`);
  }
};
