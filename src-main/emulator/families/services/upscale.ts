// The three upscalers with their input limits (2026; the 2025 emulator's where they differ).
import { malformedInput } from '../../aws-errors.ts';
import type { RawImage } from '../../render.ts';
import { blend, decodeRgba, renderArt } from '../../render.ts';
import type { DecodedInput } from '../common.ts';
import { artKey } from '../common.ts';
import { stabilityInputImage } from '../stability-v2.ts';
import type { ServiceCall } from './body.ts';

function checkPixels(input: DecodedInput, min: number, max: number): void {
  const pixels = input.width * input.height;
  if (pixels < min) throw malformedInput(`#/image: image has ${pixels} pixels; the minimum is ${min}`);
  if (pixels > max) throw malformedInput(`#/image: image has ${pixels} pixels; the maximum is ${max}`);
}

/** 4× a side; each side 32–1,536 px and (2026) 1,024–1,048,576 px in total. */
export async function fastUpscale(call: ServiceCall): Promise<RawImage> {
  const input = await stabilityInputImage(call.body.image, '#/image', { minSide: 32, maxSide: 1536 });
  if (!call.bedrock2025) checkPixels(input, 1024, 1_048_576);
  return decodeRgba(input.bytes, { width: input.width * 4, height: input.height * 4 });
}

/**
 * Conservative (input up to 9,437,184 px in 2026) and creative (4,096–1,048,576 px) upscale to about
 * 4 megapixels; creativity lets the generated layer show through.
 */
export async function upscale(call: ServiceCall, creative: boolean): Promise<RawImage> {
  const { body } = call;
  const input = await stabilityInputImage(body.image, '#/image');
  if (call.bedrock2025) checkPixels(input, 0, 1_048_576);
  else if (creative) checkPixels(input, 4096, 1_048_576);
  const scale = Math.max(1, Math.sqrt(4_194_304 / (input.width * input.height)));
  const size = { width: Math.round(input.width * scale), height: Math.round(input.height * scale) };
  const art = await renderArt({
    ...size,
    key: artKey(call.modelId, { ...body, seed: call.seed }, call.seed),
    prompt: body.prompt ?? '',
  });
  const creativity = body.creativity ?? (creative ? 0.3 : 0.35);
  return blend(await decodeRgba(input.bytes, size), art, () => (creative ? creativity : creativity / 3));
}
