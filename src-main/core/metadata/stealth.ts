// AUTOMATIC1111 "stealth PNG info": the parameters text hidden in the least significant bits of
// the pixels. Bits are read column by column (x outer, y inner), most significant bit first:
// a 15-byte signature, a 32-bit big-endian bit count, then the payload (gzip for the *comp
// signatures, UTF-8 text for the *info ones).
//   alpha mode: one bit per pixel, from the alpha channel ('stealth_pnginfo' / 'stealth_pngcomp')
//   rgb mode:   three bits per pixel, from R, G, B   ('stealth_rgbinfo' / 'stealth_rgbcomp')
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';

const SIGNATURE_BYTES = 15;
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
/** Signature plus the 32-bit length, in bits. */
const HEADER_BITS = (SIGNATURE_BYTES + 4) * 8;
/** Images larger than this are not searched (decoding them would take hundreds of megabytes). */
const MAX_PIXELS = 100_000_000;

class BitReader {
  private readonly data: Buffer;
  private readonly width: number;
  private readonly height: number;
  private readonly channels: number;
  private readonly planes: readonly number[];
  private index = 0;
  readonly totalBits: number;

  constructor(data: Buffer, width: number, height: number, channels: number, planes: readonly number[]) {
    this.data = data;
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.planes = planes;
    this.totalBits = width * height * planes.length;
  }

  remaining(): number {
    return this.totalBits - this.index;
  }

  private bit(): number {
    const perPixel = this.planes.length;
    const pixel = Math.floor(this.index / perPixel);
    const plane = this.planes[this.index % perPixel] ?? 0;
    this.index++;
    const x = Math.floor(pixel / this.height);
    const y = pixel % this.height;
    return (this.data[(y * this.width + x) * this.channels + plane] ?? 0) & 1;
  }

  bytes(n: number): Buffer | undefined {
    if (n * 8 > this.remaining()) return undefined;
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      let byte = 0;
      for (let b = 0; b < 8; b++) byte = (byte << 1) | this.bit();
      out[i] = byte;
    }
    return out;
  }
}

function readPayload(reader: BitReader, compressed: boolean): string | undefined {
  const lengthBytes = reader.bytes(4);
  if (lengthBytes === undefined) return undefined;
  const bitLength = lengthBytes.readUInt32BE(0);
  if (bitLength % 8 !== 0 || bitLength / 8 > MAX_PAYLOAD_BYTES) return undefined;
  const payload = reader.bytes(bitLength / 8);
  if (payload === undefined) return undefined;
  try {
    return (compressed ? gunzipSync(payload, { maxOutputLength: MAX_PAYLOAD_BYTES }) : payload).toString('utf8');
  } catch {
    return undefined;
  }
}

interface Mode {
  planes: number[];
  info: string;
  comp: string;
}

function modesFor(channels: number): Mode[] {
  const modes: Mode[] = [];
  if (channels === 4 || channels === 2)
    modes.push({ planes: [channels - 1], info: 'stealth_pnginfo', comp: 'stealth_pngcomp' });
  if (channels >= 3) modes.push({ planes: [0, 1, 2], info: 'stealth_rgbinfo', comp: 'stealth_rgbcomp' });
  return modes;
}

async function decodeColumns(
  file: Buffer,
  columns: number | undefined,
  height: number,
): Promise<{ data: Buffer; info: OutputInfo }> {
  let image = sharp(file, { limitInputPixels: MAX_PIXELS });
  if (columns !== undefined) image = image.extract({ left: 0, top: 0, width: columns, height });
  return image.raw().toBuffer({ resolveWithObject: true });
}

/**
 * The hidden text, or undefined when the image carries none (or it cannot be decoded). Never throws.
 * Only the leftmost columns are decoded to look for a signature; the whole image only when one is there.
 */
export async function readStealthInfo(file: Buffer): Promise<string | undefined> {
  try {
    const { width, height } = await sharp(file, { limitInputPixels: MAX_PIXELS }).metadata();
    if (width === undefined || height === undefined || width * height * 3 < HEADER_BITS) return undefined;
    const probeColumns = Math.min(width, Math.ceil(HEADER_BITS / height) + 1);
    const probe = await decodeColumns(file, probeColumns < width ? probeColumns : undefined, height);
    const found = modesFor(probe.info.channels).find((mode) => {
      const signature = new BitReader(probe.data, probe.info.width, probe.info.height, probe.info.channels, mode.planes)
        .bytes(SIGNATURE_BYTES)
        ?.toString('latin1');
      return signature === mode.info || signature === mode.comp;
    });
    if (found === undefined) return undefined;
    const raw = probeColumns < width ? await decodeColumns(file, undefined, height) : probe;
    const reader = new BitReader(raw.data, raw.info.width, raw.info.height, raw.info.channels, found.planes);
    const signature = reader.bytes(SIGNATURE_BYTES)?.toString('latin1');
    return readPayload(reader, signature === found.comp);
  } catch {
    return undefined;
  }
}
