// Family stability-v1: SDXL 1.0 (`stability.stable-diffusion-xl-v1`), per docs/bedrock.md.
import { malformedInput, validationError } from '../aws-errors.ts';
import { blend, decodeRgba, encode, maskWeights, renderArt } from '../render.ts';
import type { Schema } from '../schema.ts';
import { checkSchema, int, num, obj, oneOf, str } from '../schema.ts';
import type { FamilyHandler } from './common.ts';
import { artKey, decodeInputImage } from './common.ts';

export const SDXL_SIZES = [
  '1024x1024',
  '1152x896',
  '1216x832',
  '1344x768',
  '1536x640',
  '640x1536',
  '768x1344',
  '832x1216',
  '896x1152',
];

const SCHEMA: Schema = obj(
  {
    text_prompts: {
      type: 'array',
      minItems: 1,
      items: obj({ text: str({ maxLength: 2000 }), weight: num() }, ['text']),
    },
    height: int(),
    width: int(),
    cfg_scale: num(0, 35),
    clip_guidance_preset: oneOf(['FAST_BLUE', 'FAST_GREEN', 'NONE', 'SIMPLE', 'SLOW', 'SLOWER', 'SLOWEST']),
    sampler: oneOf([
      'DDIM',
      'DDPM',
      'K_DPMPP_2M',
      'K_DPMPP_2S_ANCESTRAL',
      'K_DPM_2',
      'K_DPM_2_ANCESTRAL',
      'K_EULER',
      'K_EULER_ANCESTRAL',
      'K_HEUN',
      'K_LMS',
    ]),
    samples: int(1, 1),
    seed: int(0, 4294967295),
    steps: int(10, 150),
    style_preset: oneOf([
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
    ]),
    extras: { type: 'object', properties: {}, additional: true },
    init_image: str(),
    init_image_mode: oneOf(['IMAGE_STRENGTH', 'STEP_SCHEDULE']),
    image_strength: num(0, 1),
    step_schedule_start: num(0, 1),
    step_schedule_end: num(0, 1),
    mask_source: oneOf(['MASK_IMAGE_WHITE', 'MASK_IMAGE_BLACK', 'INIT_IMAGE_ALPHA']),
    mask_image: str(),
  },
  ['text_prompts'],
);

interface SdxlBody {
  text_prompts: Array<{ text: string; weight?: number }>;
  height?: number;
  width?: number;
  seed?: number;
  steps?: number;
  init_image?: string;
  init_image_mode?: string;
  image_strength?: number;
  step_schedule_start?: number;
  step_schedule_end?: number;
  mask_source?: 'MASK_IMAGE_WHITE' | 'MASK_IMAGE_BLACK' | 'INIT_IMAGE_ALPHA';
  mask_image?: string;
}

function sizeError(width: number, height: number): Error {
  return malformedInput(
    `#/height, #/width: ${width}x${height} (width x height) is not an allowed dimension; ` +
      `allowed dimensions are ${SDXL_SIZES.join(', ')}`,
  );
}

export const invokeStabilityV1: FamilyHandler = async (ctx) => {
  checkSchema(SCHEMA, ctx.body);
  const body = ctx.body as SdxlBody;
  if (body.mask_source && !body.init_image)
    throw malformedInput('#: required key [init_image] not found (mask_source needs init_image)');
  if (body.mask_source && body.mask_source !== 'INIT_IMAGE_ALPHA' && !body.mask_image) {
    throw malformedInput(
      '#: required key [mask_image] not found (mask_source ' + body.mask_source + ' needs mask_image)',
    );
  }
  if (body.mask_image && !body.mask_source)
    throw malformedInput('#: required key [mask_source] not found (mask_image needs mask_source)');
  const seed = body.seed === undefined || body.seed === 0 ? ctx.randomSeed(4294967295) : body.seed;
  const positive = body.text_prompts
    .filter((p) => (p.weight ?? 1) >= 0)
    .map((p) => p.text)
    .join(' ');
  const filtered = ctx.isFiltered(positive);

  let width = body.width ?? 1024;
  let height = body.height ?? 1024;
  let image;
  if (body.init_image) {
    if (body.width !== undefined || body.height !== undefined) {
      throw validationError(
        'Malformed input request: #/height, #/width: height and width cannot be set for image-to-image; ' +
          'the output takes the size of init_image, please reformat your input and try again.',
      );
    }
    const input = await decodeInputImage(body.init_image, '#/init_image');
    ({ width, height } = input);
    if (!SDXL_SIZES.includes(`${width}x${height}`)) {
      throw malformedInput(
        `#/init_image: ${width}x${height} (width x height) is not an allowed dimension; ` +
          `allowed dimensions are ${SDXL_SIZES.join(', ')}`,
      );
    }
    const art = await renderArt({
      width,
      height,
      key: artKey(ctx.model.id, { ...body, seed }, seed),
      prompt: positive,
    });
    const base = await decodeRgba(input.bytes);
    if (body.mask_source) {
      const maskBytes =
        body.mask_source === 'INIT_IMAGE_ALPHA'
          ? input.bytes
          : (await decodeInputImage(body.mask_image ?? '', '#/mask_image')).bytes;
      const mode =
        body.mask_source === 'MASK_IMAGE_WHITE'
          ? 'white'
          : body.mask_source === 'MASK_IMAGE_BLACK'
            ? 'black'
            : 'transparent';
      const weights = await maskWeights(maskBytes, { width, height }, mode);
      image = blend(base, art, (p) => weights[p] ?? 0);
    } else {
      // image_strength near 1 keeps the source; the step schedule start plays the same role.
      const keep =
        body.init_image_mode === 'STEP_SCHEDULE'
          ? 1 - (body.step_schedule_start ?? 0.65)
          : (body.image_strength ?? 0.35);
      image = blend(base, art, () => 1 - keep);
    }
  } else {
    if (!SDXL_SIZES.includes(`${width}x${height}`)) throw sizeError(width, height);
    image = await renderArt({ width, height, key: artKey(ctx.model.id, { ...body, seed }, seed), prompt: positive });
  }
  const png = (await encode(image, { blurred: filtered })).toString('base64');
  const finishReason = filtered ? 'CONTENT_FILTERED' : 'SUCCESS';
  return {
    images: [png],
    build: (images) => ({ result: 'success', artifacts: images.map((b64) => ({ seed, base64: b64, finishReason })) }),
    billed: [{ priceMicroUsd: ctx.price({ steps: body.steps ?? 30, width, height }), filtered }],
  };
};
