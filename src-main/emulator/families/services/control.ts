// Image Services guided by a second picture: control-sketch and control-structure follow the
// input's edges, style-guide paints with the style image's palette, style-transfer recolours the
// content image toward the style image's.
import type { RawImage } from '../../render.ts';
import { blend, decodeRgba, renderArt } from '../../render.ts';
import { hexToHue } from '../../render.ts';
import { dominantHex, edgeWeights, tint, traceEdges } from '../../render-effects.ts';
import { artKey } from '../common.ts';
import { ASPECT_SIZES, stabilityInputImage } from '../stability-v2.ts';
import type { ServiceCall } from './body.ts';

const keyOf = (call: ServiceCall): string => artKey(call.modelId, { ...call.body, seed: call.seed }, call.seed);

/** The generated picture, darkened along the sketch's (or structure's) edges by control_strength. */
export async function control(call: ServiceCall): Promise<RawImage> {
  const { body } = call;
  const input = await stabilityInputImage(body.image, '#/image');
  const size = { width: input.width, height: input.height };
  const art = await renderArt({ ...size, key: keyOf(call), prompt: body.prompt ?? '' });
  const strength = body.control_strength ?? 0.7;
  return traceEdges(art, await edgeWeights(input.bytes, size), 0.4 + strength);
}

/** New content at the requested aspect ratio in the reference image's colours (fidelity: how closely). */
export async function styleGuide(call: ServiceCall): Promise<RawImage> {
  const { body } = call;
  const input = await stabilityInputImage(body.image, '#/image');
  const size = ASPECT_SIZES[body.aspect_ratio ?? '1:1'] ?? { width: 1024, height: 1024 };
  const colour = await dominantHex(input.bytes);
  const art = await renderArt({ ...size, key: keyOf(call), prompt: body.prompt ?? '', colors: [colour] });
  return blend(art, await decodeRgba(input.bytes, size), () => (body.fidelity ?? 0.5) * 0.3);
}

/** The content image, recoloured toward the style image (style_strength × change_strength). */
export async function styleTransfer(call: ServiceCall): Promise<RawImage> {
  const { body } = call;
  const content = await stabilityInputImage(body.init_image ?? '', '#/init_image');
  const style = await stabilityInputImage(body.style_image ?? '', '#/style_image');
  const size = { width: content.width, height: content.height };
  const colour = await dominantHex(style.bytes);
  const base = await decodeRgba(content.bytes);
  const amount = (body.style_strength ?? 1) * (body.change_strength ?? 0.9);
  const styled = tint(base, hexToHue(colour), () => amount);
  const art = await renderArt({ ...size, key: keyOf(call), prompt: body.prompt ?? '', colors: [colour] });
  return blend(styled, art, () => (1 - (body.composition_fidelity ?? 0.9)) * 0.6);
}
