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
import { ASPECT_SIZES, commonV2, finishV2, stabilityInputImage, STYLE_PRESETS } from './stability-v2.ts';

const prompt = str({ minLength: 1, maxLength: 10000 });
const negative = str({ maxLength: 10000 });
const side = int(0, 2000);

const SCHEMAS: Record<string, Schema> = {
  'stable-image-inpaint': obj(
    {
      prompt,
      negative_prompt: negative,
      image: str(),
      mask: str(),
      grow_mask: int(0, 20),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'image'],
  ),
  'stable-outpaint': obj(
    {
      prompt: str({ maxLength: 10000 }),
      negative_prompt: negative,
      image: str(),
      left: side,
      right: side,
      up: side,
      down: side,
      creativity: num(0.1, 1),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['image'],
  ),
  'stable-image-erase-object': obj({ image: str(), mask: str(), grow_mask: int(0, 20), ...commonV2 }, ['image']),
  'stable-image-remove-background': obj({ image: str(), output_format: oneOf(['png', 'webp']) }, ['image']),
  'stable-fast-upscale': obj({ image: str(), ...commonV2 }, ['image']),
  'stable-conservative-upscale': obj(
    { prompt, negative_prompt: negative, image: str(), creativity: num(0.2, 0.5), ...commonV2 },
    ['prompt', 'image'],
  ),
  'stable-creative-upscale': obj(
    {
      prompt,
      negative_prompt: negative,
      image: str(),
      creativity: num(0.1, 0.5),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'image'],
  ),
  'stable-image-search-replace': obj(
    {
      prompt,
      search_prompt: str({ minLength: 1, maxLength: 10000 }),
      negative_prompt: negative,
      image: str(),
      grow_mask: int(0, 20),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'search_prompt', 'image'],
  ),
  'stable-image-search-recolor': obj(
    {
      prompt,
      select_prompt: str({ minLength: 1, maxLength: 10000 }),
      negative_prompt: negative,
      image: str(),
      grow_mask: int(0, 20),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'select_prompt', 'image'],
  ),
  'stable-image-control-sketch': obj(
    {
      prompt,
      negative_prompt: negative,
      image: str(),
      control_strength: num(0, 1),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'image'],
  ),
  'stable-image-control-structure': obj(
    {
      prompt,
      negative_prompt: negative,
      image: str(),
      control_strength: num(0, 1),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'image'],
  ),
  'stable-image-style-guide': obj(
    {
      prompt,
      negative_prompt: negative,
      image: str(),
      fidelity: num(0, 1),
      aspect_ratio: oneOf(Object.keys(ASPECT_SIZES)),
      style_preset: oneOf(STYLE_PRESETS),
      ...commonV2,
    },
    ['prompt', 'image'],
  ),
  'stable-style-transfer': obj(
    {
      prompt: str({ maxLength: 10000 }),
      negative_prompt: negative,
      init_image: str(),
      style_image: str(),
      style_strength: num(0, 1),
      composition_fidelity: num(0, 1),
      change_strength: num(0.1, 1),
      ...commonV2,
    },
    ['init_image', 'style_image'],
  ),
};

interface ServiceBody extends V2Body {
  image: string;
  mask?: string;
  grow_mask?: number;
  creativity?: number;
  left?: number;
  right?: number;
  up?: number;
  down?: number;
  search_prompt?: string;
  select_prompt?: string;
  control_strength?: number;
  fidelity?: number;
  aspect_ratio?: string;
  init_image?: string;
  style_image?: string;
  change_strength?: number;
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
    ? await decodeRgba(
        await sharp(input.bytes)
          .blur(Math.max(4, Math.min(size.width, size.height) / 12))
          .png()
          .toBuffer(),
      )
    : await renderArt({ ...size, key: artKey(ctx.model.id, { ...body, seed }, seed), prompt: body.prompt ?? '' });
  return blend(base, fill, (p) => weights[p] ?? 0);
}

async function outpaint(ctx: InvokeContext, body: ServiceBody, seed: number): Promise<RawImage> {
  const input = await stabilityInputImage(body.image, '#/image');
  const [left, right, up, down] = [body.left ?? 0, body.right ?? 0, body.up ?? 0, body.down ?? 0];
  const width = input.width + left + right;
  const height = input.height + up + down;
  const art = await renderArt({
    width,
    height,
    key: artKey(ctx.model.id, { ...body, seed }, seed),
    prompt: body.prompt ?? '',
  });
  const { data, info } = await sharp(art.data, { raw: { width, height, channels: 4 } })
    .composite([{ input: await sharp(input.bytes).ensureAlpha().png().toBuffer(), left, top: up }])
    .raw()
    .toBuffer({ resolveWithObject: true });
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
      return finishV2(
        ctx,
        body,
        async () => {
          const input = await stabilityInputImage(body.image, '#/image');
          return removeBackground(await decodeRgba(input.bytes));
        },
        { keepAlpha: true },
      );
    case 'stable-fast-upscale':
      return finishV2(ctx, body, async () => {
        const input = await stabilityInputImage(body.image, '#/image', { minSide: 32, maxSide: 1536 });
        const width = input.width * 4,
          height = input.height * 4;
        return decodeRgba(input.bytes, { width, height });
      });
    case 'stable-conservative-upscale':
    case 'stable-creative-upscale':
      return finishV2(ctx, body, async (seed) => {
        const input = await stabilityInputImage(body.image, '#/image');
        if (input.width * input.height > 1_048_576) {
          throw malformedInput(`#/image: image has ${input.width * input.height} pixels; the maximum is 1048576`);
        }
        // Both upscale to about 4 megapixels; creativity lets the generated layer show through.
        const scale = Math.sqrt(4_194_304 / (input.width * input.height));
        const size = { width: Math.round(input.width * scale), height: Math.round(input.height * scale) };
        const art = await renderArt({
          ...size,
          key: artKey(ctx.model.id, { ...body, seed }, seed),
          prompt: body.prompt ?? '',
        });
        const creativity = body.creativity ?? 0.3;
        return blend(await decodeRgba(input.bytes, size), art, () =>
          name === 'stable-creative-upscale' ? creativity : creativity / 3,
        );
      });
    case 'stable-image-search-replace':
    case 'stable-image-search-recolor':
      return finishV2(ctx, body, async (seed) => {
        const input = await stabilityInputImage(body.image, '#/image');
        const size = { width: input.width, height: input.height };
        const region = ellipseWeights(size, body.search_prompt ?? body.select_prompt ?? '');
        const art = await renderArt({
          ...size,
          key: artKey(ctx.model.id, { ...body, seed }, seed),
          prompt: body.prompt ?? '',
        });
        const recolor = name === 'stable-image-search-recolor' ? 0.6 : 1;
        return blend(await decodeRgba(input.bytes), art, (p) => (region[p] ?? 0) * recolor);
      });
    case 'stable-image-control-sketch':
    case 'stable-image-control-structure':
    case 'stable-image-style-guide':
    case 'stable-style-transfer':
      return finishV2(ctx, body, async (seed) => {
        const field = name === 'stable-style-transfer' ? '#/init_image' : '#/image';
        const input = await stabilityInputImage(body.init_image ?? body.image, field);
        if (body.style_image !== undefined) await stabilityInputImage(body.style_image, '#/style_image');
        const size =
          name === 'stable-image-style-guide'
            ? (ASPECT_SIZES[body.aspect_ratio ?? '1:1'] ?? { width: 1024, height: 1024 })
            : { width: input.width, height: input.height };
        const art = await renderArt({
          ...size,
          key: artKey(ctx.model.id, { ...body, seed }, seed),
          prompt: body.prompt ?? '',
        });
        const keep =
          body.control_strength ??
          body.fidelity ??
          (body.change_strength === undefined ? 0.5 : 1 - body.change_strength);
        return blend(await decodeRgba(input.bytes, size), art, () => 1 - keep * 0.8);
      });
    default:
      throw new Error(`unhandled service ${name}`);
  }
};
