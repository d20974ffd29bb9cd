// The app icon, generated at build from one master (assets/icon.svg): the PNG sizes the window,
// the About box and Linux packages use (`<size>x<size>.png`, electron-builder's naming), the
// Windows ICO and the macOS ICNS. Nothing generated is committed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import png2icons from 'png2icons';
import sharp from 'sharp';

export const ICON_MASTER = path.resolve(import.meta.dirname, '..', 'assets', 'icon.svg');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

export interface BuiltIcons {
  dir: string;
  pngs: string[];
  ico: string;
  icns: string;
}

/** Renders the master at every size into `<outDir>/icons/`, plus icon.ico and icon.icns. */
export async function buildIcons(outDir: string, master = ICON_MASTER): Promise<BuiltIcons> {
  const dir = path.join(outDir, 'icons');
  await mkdir(dir, { recursive: true });
  const svg = await readFile(master);
  const pngs = await Promise.all(
    ICON_SIZES.map(async (size) => {
      const file = path.join(dir, `${size}x${size}.png`);
      // density scales the vector before rasterising, so small sizes are drawn, not shrunk blurry.
      await sharp(svg, { density: Math.max(72, (72 * size) / 1024) * 4 })
        .resize(size, size)
        .png()
        .toFile(file);
      return file;
    }),
  );
  const largest = await readFile(path.join(dir, '1024x1024.png'));
  const ico = png2icons.createICO(largest, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC2, 0);
  if (ico === null || icns === null) throw new Error(`could not make the ICO/ICNS icons from ${master}`);
  const icoFile = path.join(dir, 'icon.ico');
  const icnsFile = path.join(dir, 'icon.icns');
  await Promise.all([writeFile(icoFile, ico), writeFile(icnsFile, icns)]);
  return { dir, pngs, ico: icoFile, icns: icnsFile };
}
