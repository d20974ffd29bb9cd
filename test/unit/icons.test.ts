// The app icon: every size rendered from the SVG master, and ICO/ICNS containers that hold them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIcons, ICON_SIZES, type BuiltIcons } from '../../scripts/icons.ts';

describe('buildIcons', () => {
  let out: string;
  let icons: BuiltIcons;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'easel-icons-'));
    icons = await buildIcons(out);
  }, 60_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('renders every size as a square PNG named <n>x<n>.png, opaque corners transparent', async () => {
    expect(icons.pngs.map((file) => path.basename(file))).toEqual(ICON_SIZES.map((n) => `${n}x${n}.png`));
    for (const [i, file] of icons.pngs.entries()) {
      const meta = await sharp(file).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', ICON_SIZES[i], ICON_SIZES[i]]);
    }
    // The rounded square leaves the corners transparent and paints the centre.
    const { data, info } = await sharp(path.join(icons.dir, '256x256.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3];
    expect(alphaAt(0, 0)).toBe(0);
    expect(alphaAt(128, 128)).toBe(255);
  });

  it('writes a Windows ICO directory of several sizes', async () => {
    const ico = await readFile(icons.ico);
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // type 1 = icon
    const count = ico.readUInt16LE(4);
    expect(count).toBeGreaterThanOrEqual(4);
    const widths = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + i * 16) || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('writes a macOS ICNS whose header length is the file length', async () => {
    const icns = await readFile(icons.icns);
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});
