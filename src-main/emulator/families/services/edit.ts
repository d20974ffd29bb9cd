// Image Services that edit inside the input's frame: inpaint, erase-object, outpaint,
// search-and-replace, search-and-recolor.
import sharp from 'sharp';
import { malformedInput } from '../../aws-errors.ts';
import type { RawImage } from '../../render.ts';
import { blend, decodeRgba, ellipseWeights, maskWeights, renderArt } from '../../render.ts';
import { promptHue, tint } from '../../render-effects.ts';
import { artKey } from '../common.ts';
import { stabilityInputImage } from '../stability-v2.ts';
import type { ServiceCall } from './body.ts';

const art = (call: ServiceCall, size: { width: number; height: number }): Promise<RawImage> =>
  renderArt({
    ...size,
    key: artKey(call.modelId, { ...call.body, seed: call.seed }, call.seed),
    prompt: call.body.prompt ?? '',
  });

export async function inpaintLike(call: ServiceCall, eraseOnly: boolean): Promise<RawImage> {
  const { body } = call;
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
    : await art(call, size);
  return blend(base, fill, (p) => weights[p] ?? 0);
}

export async function outpaint(call: ServiceCall): Promise<RawImage> {
  const { body } = call;
  const [left, right, up, down] = [body.left ?? 0, body.right ?? 0, body.up ?? 0, body.down ?? 0];
  const input = await stabilityInputImage(body.image, '#/image');
  const width = input.width + left + right;
  const height = input.height + up + down;
  const layer = await art(call, { width, height });
  const { data, info } = await sharp(layer.data, { raw: { width, height, channels: 4 } })
    .composite([{ input: await sharp(input.bytes).ensureAlpha().png().toBuffer(), left, top: up }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

/** Search-and-replace paints new content where the searched object is; recolor tints it. */
export async function searchEdit(call: ServiceCall, recolor: boolean): Promise<RawImage> {
  const { body } = call;
  const input = await stabilityInputImage(body.image, '#/image');
  const size = { width: input.width, height: input.height };
  const region = ellipseWeights(size, (recolor ? body.select_prompt : body.search_prompt) ?? '');
  const base = await decodeRgba(input.bytes);
  if (recolor) return tint(base, promptHue(body.prompt ?? ''), (p) => region[p] ?? 0);
  return blend(base, await art(call, size), (p) => region[p] ?? 0);
}
