// Family amazon-image: Titan Image Generator v2 and Nova Canvas.
import { malformedInput } from '../aws-errors.ts';
import type { RawImage } from '../render.ts';
import { blend, decodeRgba, encode, ellipseWeights, maskWeights, removeBackground, renderArt } from '../render.ts';
import type { Schema } from '../schema.ts';
import { checkSchema, int, num, obj, oneOf, str } from '../schema.ts';
import type { DecodedInput, FamilyHandler } from './common.ts';
import { artKey, decodeInputImage } from './common.ts';

export const TITAN_SIZES = [
  '1024x1024',
  '768x768',
  '512x512',
  '768x1152',
  '384x576',
  '1152x768',
  '576x384',
  '768x1280',
  '384x640',
  '1280x768',
  '640x384',
  '896x1152',
  '448x576',
  '1152x896',
  '576x448',
  '768x1408',
  '384x704',
  '1408x768',
  '704x384',
  '640x1408',
  '320x704',
  '1408x640',
  '704x320',
  '1152x640',
  '1173x640',
];

interface Limits {
  textMax: number;
  seedMax: number;
  cfgDefault: number;
  seedDefault: number;
}
const TITAN: Limits = { textMax: 512, seedMax: 2147483646, cfgDefault: 8, seedDefault: 42 };
const NOVA: Limits = { textMax: 1024, seedMax: 858993459, cfgDefault: 6.5, seedDefault: 12 };

const TASKS = [
  'TEXT_IMAGE',
  'INPAINTING',
  'OUTPAINTING',
  'IMAGE_VARIATION',
  'COLOR_GUIDED_GENERATION',
  'BACKGROUND_REMOVAL',
] as const;
type Task = (typeof TASKS)[number];
const PARAMS_KEY: Record<Task, string> = {
  TEXT_IMAGE: 'textToImageParams',
  INPAINTING: 'inPaintingParams',
  OUTPAINTING: 'outPaintingParams',
  IMAGE_VARIATION: 'imageVariationParams',
  COLOR_GUIDED_GENERATION: 'colorGuidedGenerationParams',
  BACKGROUND_REMOVAL: 'backgroundRemovalParams',
};

function schemaFor(limits: Limits, isNova: boolean): Schema {
  const text = str({ minLength: 1, maxLength: limits.textMax });
  const maskParams = {
    image: str(),
    text,
    negativeText: text,
    maskPrompt: str({ minLength: 1, maxLength: limits.textMax }),
    maskImage: str(),
  };
  return obj(
    {
      taskType: oneOf(TASKS),
      textToImageParams: obj(
        {
          text,
          negativeText: text,
          conditionImage: str(),
          controlMode: oneOf(['CANNY_EDGE', 'SEGMENTATION']),
          controlStrength: num(0, 1),
          ...(isNova ? { style: str() } : {}),
        },
        ['text'],
      ),
      inPaintingParams: obj({ ...maskParams, ...(isNova ? { returnMask: { type: 'boolean' } as Schema } : {}) }, [
        'image',
      ]),
      outPaintingParams: obj({ ...maskParams, outPaintingMode: oneOf(['DEFAULT', 'PRECISE']) }, ['image']),
      imageVariationParams: obj(
        {
          images: { type: 'array', minItems: 1, maxItems: 5, items: str() },
          text,
          negativeText: text,
          similarityStrength: num(0.2, 1),
        },
        ['images'],
      ),
      colorGuidedGenerationParams: obj(
        {
          colors: { type: 'array', minItems: 1, maxItems: 10, items: str({ pattern: /^#[0-9A-Fa-f]{6}$/ }) },
          referenceImage: str(),
          text,
          negativeText: text,
        },
        ['colors', 'text'],
      ),
      backgroundRemovalParams: obj({ image: str() }, ['image']),
      imageGenerationConfig: obj({
        numberOfImages: int(1, 5),
        width: int(),
        height: int(),
        cfgScale: num(1.1, 10),
        seed: int(0, limits.seedMax),
        quality: oneOf(['standard', 'premium']),
      }),
    },
    ['taskType'],
  );
}

function checkSize(isNova: boolean, width: number, height: number, field = '#/imageGenerationConfig'): void {
  if (!isNova) {
    if (!TITAN_SIZES.includes(`${width}x${height}`)) {
      throw malformedInput(
        `${field}: width and height ${width}x${height} is not a supported size; supported sizes (width x height) are ${TITAN_SIZES.join(', ')}`,
      );
    }
    return;
  }
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (value < 320 || value > 4096) throw malformedInput(`${field}/${name}: ${value} is outside 320 to 4096`);
    if (value % 16 !== 0) throw malformedInput(`${field}/${name}: ${value} is not divisible by 16`);
  }
  const ratio = width / height;
  if (ratio > 4 || ratio < 0.25)
    throw malformedInput(`${field}: aspect ratio ${width}:${height} is outside 1:4 to 4:1`);
  if (width * height >= 4_194_304)
    throw malformedInput(
      `${field}: ${width}x${height} has ${width * height} pixels; the total must be less than 4194304`,
    );
}

interface AmazonParams {
  text?: string;
  negativeText?: string;
  image?: string;
  maskPrompt?: string;
  maskImage?: string;
  images?: string[];
  similarityStrength?: number;
  colors?: string[];
  referenceImage?: string;
  conditionImage?: string;
  controlStrength?: number;
}
interface AmazonBody {
  taskType: Task;
  imageGenerationConfig?: {
    numberOfImages?: number;
    width?: number;
    height?: number;
    cfgScale?: number;
    seed?: number;
    quality?: 'standard' | 'premium';
  };
}

/** Amazon's moderation message when a prompt is blocked (returned in the `error` field, see README). */
export const AMAZON_FILTER_MESSAGE =
  'This request has been blocked by our content filters. Please adjust your text prompt to submit a new request.';

async function inputImage(b64: string, field: string, isNova: boolean): Promise<DecodedInput> {
  const input = await decodeInputImage(b64, field);
  const [min, max] = isNova ? [320, 4096] : [256, 1408];
  if (input.width < min || input.height < min || input.width > max || input.height > max) {
    throw malformedInput(
      `${field}: image is ${input.width}x${input.height}; each side must be between ${min} and ${max} pixels`,
    );
  }
  return input;
}

export const invokeAmazonImage: FamilyHandler = async (ctx) => {
  const isNova = ctx.model.id === 'amazon.nova-canvas-v1:0';
  const limits = isNova ? NOVA : TITAN;
  checkSchema(schemaFor(limits, isNova), ctx.body);
  const body = ctx.body as AmazonBody;
  const record = ctx.body as Record<string, unknown>;
  const paramsKey = PARAMS_KEY[body.taskType];
  const params = record[paramsKey] as AmazonParams | undefined;
  if (!params) throw malformedInput(`#: required key [${paramsKey}] not found`);
  for (const other of Object.values(PARAMS_KEY)) {
    if (other !== paramsKey && record[other] !== undefined)
      throw malformedInput(`#: extraneous key [${other}] is not permitted`);
  }
  if (body.taskType === 'INPAINTING' || body.taskType === 'OUTPAINTING') {
    if ((params.maskPrompt === undefined) === (params.maskImage === undefined)) {
      throw malformedInput(`#/${paramsKey}: exactly one of [maskPrompt, maskImage] must be provided`);
    }
  }
  const config = body.imageGenerationConfig ?? {};
  const count = body.taskType === 'BACKGROUND_REMOVAL' ? 1 : (config.numberOfImages ?? 1);
  const seed = config.seed ?? limits.seedDefault;
  const prompt = params.text ?? '';
  const filtered = ctx.isFiltered(prompt);

  // Output size: edits keep the input's size; generation uses the config (default 1024x1024).
  let make: (index: number) => Promise<RawImage>;
  let keepAlpha = false;
  let width = config.width ?? 1024;
  let height = config.height ?? 1024;
  const art = (index: number, size: { width: number; height: number }): Promise<RawImage> =>
    renderArt({ ...size, key: artKey(ctx.model.id, body, seed + index, index), prompt, colors: params.colors });
  switch (body.taskType) {
    case 'INPAINTING':
    case 'OUTPAINTING': {
      const input = await inputImage(params.image ?? '', `#/${paramsKey}/image`, isNova);
      ({ width, height } = input);
      const size = { width, height };
      // Black mask pixels mark the area to change when inpainting and the area to keep when outpainting.
      const change =
        params.maskImage !== undefined
          ? await maskWeights(
              (await decodeInputImage(params.maskImage, `#/${paramsKey}/maskImage`)).bytes,
              size,
              'black',
            )
          : ellipseWeights(size, params.maskPrompt ?? '');
      const outward = body.taskType === 'OUTPAINTING';
      const base = await decodeRgba(input.bytes);
      make = async (i) => blend(base, await art(i, size), (p) => (outward ? 1 - (change[p] ?? 0) : (change[p] ?? 0)));
      break;
    }
    case 'BACKGROUND_REMOVAL': {
      const input = await inputImage(params.image ?? '', `#/${paramsKey}/image`, isNova);
      ({ width, height } = input);
      keepAlpha = true;
      const base = await decodeRgba(input.bytes);
      make = async () => removeBackground(base);
      break;
    }
    case 'IMAGE_VARIATION': {
      checkSize(isNova, width, height);
      const inputs = await Promise.all(
        (params.images ?? []).map((b64, i) => inputImage(b64, `#/${paramsKey}/images/${i}`, isNova)),
      );
      const first = inputs[0];
      if (!first) throw malformedInput(`#/${paramsKey}/images: expected minimum item count: 1, found: 0`);
      const base = await decodeRgba(first.bytes, { width, height });
      const similarity = params.similarityStrength ?? 0.7;
      make = async (i) => blend(base, await art(i, { width, height }), () => 1 - similarity * 0.85);
      break;
    }
    default: {
      checkSize(isNova, width, height);
      const reference = params.conditionImage ?? params.referenceImage;
      const field = params.conditionImage !== undefined ? 'conditionImage' : 'referenceImage';
      const base =
        reference !== undefined
          ? await decodeRgba((await inputImage(reference, `#/${paramsKey}/${field}`, isNova)).bytes, { width, height })
          : undefined;
      const strength = params.controlStrength ?? 0.7;
      make = async (i) => {
        const layer = await art(i, { width, height });
        return base ? blend(layer, base, () => strength * 0.5) : layer;
      };
    }
  }

  const priceDetail = { quality: config.quality ?? 'standard', width, height } as const;
  const billed = Array.from({ length: count }, () => ({ priceMicroUsd: ctx.price(priceDetail), filtered }));
  if (filtered) {
    return { images: [], build: () => ({ images: [], error: AMAZON_FILTER_MESSAGE }), billed };
  }
  const images: string[] = [];
  for (let i = 0; i < count; i++) images.push((await encode(await make(i), { keepAlpha })).toString('base64'));
  return { images, build: (list) => ({ images: list }), billed };
};
