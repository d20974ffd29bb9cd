// Edits that must visibly derive from their inputs: recolouring a region, following a sketch's
// edges, borrowing a style image's palette.
import sharp from 'sharp';
import type { RawImage } from './render.ts';
import { paletteHues } from './render.ts';

/** RGB (0..255) of a hue at the given lightness (0..1), saturation 70 %. */
function hueToRgb(hue: number, lightness: number): [number, number, number] {
  const s = 0.7;
  const c = (1 - Math.abs(2 * lightness - 1)) * s;
  const h = (((hue % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = lightness - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** The first hue a prompt names (colour words win, else a hash of the prompt). */
export function promptHue(prompt: string): number {
  return paletteHues(prompt)[0] ?? 0;
}

/** Recolours pixels toward `hue`, keeping each pixel's lightness; `weight(p)` 0..1 is how much. */
export function tint(image: RawImage, hue: number, weight: (pixel: number) => number): RawImage {
  const out = Buffer.from(image.data);
  for (let p = 0; p < image.width * image.height; p++) {
    const w = weight(p);
    if (w <= 0) continue;
    const i = p * 4;
    const [r0, g0, b0] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    const lightness = Math.min(0.85, Math.max(0.15, (Math.max(r0, g0, b0) + Math.min(r0, g0, b0)) / 510));
    const [r, g, b] = hueToRgb(hue, lightness);
    out[i] = Math.round(r0 * (1 - w) + r * w);
    out[i + 1] = Math.round(g0 * (1 - w) + g * w);
    out[i + 2] = Math.round(b0 * (1 - w) + b * w);
  }
  return { ...image, data: out };
}

/** Edge strength per pixel (0..1) of an image resized to `size`: a Laplacian of its greyscale, both ways. */
export async function edgeWeights(bytes: Buffer, size: { width: number; height: number }): Promise<Float32Array> {
  const grey = await sharp(bytes)
    .flatten({ background: '#ffffff' })
    .resize(size.width, size.height, { fit: 'fill' })
    .greyscale()
    .png()
    .toBuffer();
  const laplacian = { width: 3, height: 3, kernel: [-1, -1, -1, -1, 8, -1, -1, -1, -1] };
  // sharp clamps negative responses to 0: convolve the image and its negative to catch both sides of a line.
  const [light, dark] = await Promise.all(
    [false, true].map((negate) => sharp(grey).negate(negate).convolve(laplacian).extractChannel(0).raw().toBuffer()),
  );
  const weights = new Float32Array(size.width * size.height);
  for (let p = 0; p < weights.length; p++) weights[p] = Math.min(1, Math.max(light?.[p] ?? 0, dark?.[p] ?? 0) / 96);
  return weights;
}

/** Darkens `image` along `edges` (0..1) by `strength`: the generated picture follows the sketch's lines. */
export function traceEdges(image: RawImage, edges: Float32Array, strength: number): RawImage {
  const out = Buffer.from(image.data);
  for (let p = 0; p < edges.length; p++) {
    const keep = 1 - Math.min(1, (edges[p] ?? 0) * strength);
    for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round((image.data[p * 4 + c] ?? 0) * keep);
  }
  return { ...image, data: out };
}

/** The dominant colour of an image as #RRGGBB (sharp's histogram-based estimate). */
export async function dominantHex(bytes: Buffer): Promise<string> {
  const { dominant } = await sharp(bytes).stats();
  return `#${[dominant.r, dominant.g, dominant.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
