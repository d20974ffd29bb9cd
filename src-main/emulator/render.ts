// The "model": a deterministic picture made of gradients, circles and polygons, drawn as SVG and
// rasterised by sharp. Colours come from the prompt (named colours win, else a hue from its hash),
// shapes from the seed-bearing key, so the same request gives identical bytes and another seed a
// visibly different image. No text: fonts differ between machines and would break determinism.
import sharp from 'sharp';
import { seededRandom, seedFromText } from './random.ts';

export type OutputFormat = 'png' | 'jpeg' | 'webp';

export interface ArtSpec {
  width: number;
  height: number;
  /** Everything that must change the picture: model, params, seed (stable text). */
  key: string;
  /** Drives the palette. */
  prompt: string;
  /** Hex colours (#RRGGBB) that override the prompt's palette (Amazon colour-guided generation). */
  colors?: string[];
}

const NAMED_COLOURS: Record<string, number> = {
  red: 0,
  crimson: 350,
  orange: 30,
  amber: 40,
  gold: 45,
  yellow: 55,
  lime: 90,
  green: 120,
  emerald: 145,
  teal: 175,
  cyan: 185,
  turquoise: 175,
  blue: 220,
  navy: 230,
  indigo: 255,
  violet: 275,
  purple: 285,
  magenta: 305,
  pink: 330,
  sunset: 20,
  ocean: 200,
  forest: 130,
};

export function paletteHues(prompt: string): number[] {
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const named = words.flatMap((w) => (NAMED_COLOURS[w] === undefined ? [] : [NAMED_COLOURS[w]]));
  if (named.length > 0) return named;
  const base = seedFromText(prompt) % 360;
  return [base, (base + 40) % 360, (base + 200) % 360];
}

export function hexToHue(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  const r = ((n >> 16) & 255) / 255,
    g = ((n >> 8) & 255) / 255,
    b = (n & 255) / 255;
  const max = Math.max(r, g, b),
    min = Math.min(r, g, b),
    d = max - min;
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return Math.round((h * 60 + 360) % 360);
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h) % 360},${Math.round(s)}%,${Math.round(l)}%)`;
}

/** The SVG source of one picture; `opacity` < 1 lets an input image show through. */
export function artSvg(spec: ArtSpec, opacity = 1): string {
  const { width: w, height: h } = spec;
  const rand = seededRandom(seedFromText(spec.key));
  const hues = spec.colors && spec.colors.length > 0 ? spec.colors.map(hexToHue) : paletteHues(spec.prompt);
  const pick = (): number => (hues[Math.floor(rand() * hues.length)] ?? 0) + (rand() - 0.5) * 30;
  const defs: string[] = [];
  const shapes: string[] = [];
  const angle = Math.floor(rand() * 360);
  defs.push(
    `<linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">` +
      `<stop offset="0" stop-color="${hsl(pick(), 55 + rand() * 35, 18 + rand() * 25)}"/>` +
      `<stop offset="1" stop-color="${hsl(pick(), 55 + rand() * 35, 45 + rand() * 35)}"/></linearGradient>`,
  );
  const count = 6 + Math.floor(rand() * 9);
  const unit = Math.min(w, h);
  for (let i = 0; i < count; i++) {
    const cx = rand() * w,
      cy = rand() * h;
    const size = unit * (0.08 + rand() * 0.35);
    const hue = pick();
    const alpha = (0.45 + rand() * 0.5).toFixed(3);
    if (rand() < 0.55) {
      defs.push(
        `<radialGradient id="g${i}"><stop offset="0" stop-color="${hsl(hue, 85, 70)}"/>` +
          `<stop offset="1" stop-color="${hsl(hue + 25, 75, 35)}"/></radialGradient>`,
      );
      shapes.push(
        `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${size.toFixed(1)}" fill="url(#g${i})" fill-opacity="${alpha}"/>`,
      );
    } else {
      const corners = 3 + Math.floor(rand() * 4);
      const turn = rand() * Math.PI * 2;
      const points = Array.from({ length: corners }, (_, k) => {
        const a = turn + (k / corners) * Math.PI * 2;
        const r = size * (0.7 + rand() * 0.5);
        return `${(cx + Math.cos(a) * r).toFixed(1)},${(cy + Math.sin(a) * r).toFixed(1)}`;
      }).join(' ');
      shapes.push(
        `<polygon points="${points}" fill="${hsl(hue, 70 + rand() * 25, 40 + rand() * 35)}" fill-opacity="${alpha}"/>`,
      );
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs>${defs.join('')}</defs><g opacity="${opacity.toFixed(4)}">` +
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>${shapes.join('')}</g></svg>`
  );
}

/** Raw RGBA pixels of the art layer. */
export async function renderArt(spec: ArtSpec, opacity = 1): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(artSvg(spec, opacity)), { density: 72 })
    .resize(spec.width, spec.height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

/** A decoded input image as raw RGBA, optionally resized (stretched) to the given size. */
export async function decodeRgba(bytes: Buffer, size?: { width: number; height: number }): Promise<RawImage> {
  let pipeline = sharp(bytes).ensureAlpha();
  if (size) pipeline = pipeline.resize(size.width, size.height, { fit: 'fill' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

/** Per-pixel blend: `weight(i)` in 0..1 is how much of `top` replaces `base` at pixel i. */
export function blend(base: RawImage, top: RawImage, weight: (pixel: number) => number): RawImage {
  const out = Buffer.alloc(base.data.length);
  const pixels = base.width * base.height;
  for (let p = 0; p < pixels; p++) {
    const w = weight(p);
    const i = p * 4;
    for (let c = 0; c < 3; c++) {
      out[i + c] = Math.round((base.data[i + c] ?? 0) * (1 - w) + (top.data[i + c] ?? 0) * w);
    }
    out[i + 3] = Math.max(base.data[i + 3] ?? 255, Math.round((top.data[i + 3] ?? 255) * w));
  }
  return { data: out, width: base.width, height: base.height, channels: 4 };
}

/** A mask as one weight per pixel (0..1) from a decoded mask image: luminance, or alpha. */
export async function maskWeights(
  bytes: Buffer,
  size: { width: number; height: number },
  mode: 'white' | 'black' | 'transparent',
  growPx = 0,
): Promise<Float32Array> {
  let pipeline = sharp(bytes).ensureAlpha().resize(size.width, size.height, { fit: 'fill' });
  pipeline =
    mode === 'transparent' ? pipeline.extractChannel(3) : pipeline.flatten({ background: '#000000' }).greyscale();
  if (growPx > 0) pipeline = pipeline.blur(Math.max(0.3, growPx / 2));
  const { data } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const weights = new Float32Array(size.width * size.height);
  for (let p = 0; p < weights.length; p++) {
    const v = (data[p] ?? 0) / 255;
    weights[p] = mode === 'white' ? v : 1 - v;
  }
  if (growPx > 0) for (let p = 0; p < weights.length; p++) weights[p] = Math.min(1, (weights[p] ?? 0) * 1.5);
  return weights;
}

/** A soft ellipse standing in for a text-described mask (Amazon `maskPrompt`). */
export function ellipseWeights(size: { width: number; height: number }, key: string): Float32Array {
  const rand = seededRandom(seedFromText(key));
  const cx = size.width * (0.35 + rand() * 0.3),
    cy = size.height * (0.35 + rand() * 0.3);
  const rx = size.width * (0.18 + rand() * 0.15),
    ry = size.height * (0.18 + rand() * 0.15);
  const weights = new Float32Array(size.width * size.height);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      weights[y * size.width + x] = d <= 0.8 ? 1 : d >= 1.2 ? 0 : (1.2 - d) / 0.4;
    }
  }
  return weights;
}

/** Background removal: alpha from each pixel's distance to the mean border colour. */
export function removeBackground(image: RawImage): RawImage {
  const { width: w, height: h, data } = image;
  let r = 0,
    g = 0,
    b = 0,
    n = 0;
  const add = (x: number, y: number): void => {
    const i = (y * w + x) * 4;
    r += data[i] ?? 0;
    g += data[i + 1] ?? 0;
    b += data[i + 2] ?? 0;
    n++;
  };
  for (let x = 0; x < w; x++) {
    add(x, 0);
    add(x, h - 1);
  }
  for (let y = 0; y < h; y++) {
    add(0, y);
    add(w - 1, y);
  }
  r /= n;
  g /= n;
  b /= n;
  const out = Buffer.from(data);
  for (let p = 0; p < w * h; p++) {
    const i = p * 4;
    const d = Math.hypot((data[i] ?? 0) - r, (data[i + 1] ?? 0) - g, (data[i + 2] ?? 0) - b);
    out[i + 3] = d < 24 ? 0 : d > 72 ? 255 : Math.round(((d - 24) / 48) * 255);
  }
  return { data: out, width: w, height: h, channels: 4 };
}

export interface EncodeOptions {
  format?: OutputFormat;
  blurred?: boolean;
  keepAlpha?: boolean;
}

/** Encodes raw pixels; PNGs are opaque RGB unless `keepAlpha` (background removal). */
export async function encode(image: RawImage, options: EncodeOptions = {}): Promise<Buffer> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  if (options.blurred) pipeline = pipeline.blur(Math.max(8, Math.min(image.width, image.height) / 20));
  if (!options.keepAlpha) pipeline = pipeline.flatten({ background: '#000000' });
  switch (options.format ?? 'png') {
    case 'jpeg':
      return pipeline.jpeg({ quality: 90 }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality: 90 }).toBuffer();
    default:
      return pipeline.png({ compressionLevel: 6 }).toBuffer();
  }
}

export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number; format: string }> {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}
