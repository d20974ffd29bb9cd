// Which files the image protocol and drag-out may hand over: only regular files whose real path
// (symlinks resolved) lies under the data folder's library/ or thumbs/, and whose first bytes are
// a PNG, JPEG or WebP (images) or an MP4 (a video: servedVideoFile). A symlink planted in library/
// that points at easel.db (or anything else in the data folder) is refused before the file is opened: opening and closing the database file on
// a plain handle would also drop SQLite's POSIX locks held by this process.
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { realFileInside } from './file-response.ts';

/** The data-folder subfolders whose files may be served (content-addressed originals, thumbnails). */
export const SERVED_FOLDERS = ['library', 'thumbs'] as const;

export type SniffedImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image type a file's first bytes announce, or null. */
export function sniffImageType(head: Uint8Array): SniffedImageType | null {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  const ascii = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** An MP4 (ISO base media) file: its first box is `ftyp` with an MP4-family brand. */
export function sniffVideoType(head: Uint8Array): 'video/mp4' | null {
  if (head.length < 12) return null;
  const ascii = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  if (ascii(4, 8) !== 'ftyp') return null;
  return /^(isom|iso[2-9]|mp4[12]|avc1|M4V |dash)$/.test(ascii(8, 12)) ? 'video/mp4' : null;
}

/**
 * The real path and sniffed type of `filePath` when it is an image file inside `<dataDir>/library`
 * or `<dataDir>/thumbs`; null for anything else (outside, missing, a folder, not an image).
 * `inPlace`: the library resolved the id to a file indexed in place in the user's own folder; it
 * is served when it is a regular file outside the data folder whose bytes are an image.
 */
export async function servedImageFile(
  dataDir: string,
  filePath: string,
  options: { inPlace?: boolean } = {},
): Promise<{ realFile: string; mimeType: SniffedImageType } | null> {
  if (options.inPlace) return servedInPlaceFile(dataDir, filePath);
  return servedFile(dataDir, filePath, sniffImageType);
}

/** The same for a video: an MP4 inside `<dataDir>/library` (or thumbs/); null for anything else. */
export function servedVideoFile(
  dataDir: string,
  filePath: string,
): Promise<{ realFile: string; mimeType: 'video/mp4' } | null> {
  return servedFile(dataDir, filePath, sniffVideoType);
}

async function servedFile<T extends string>(
  dataDir: string,
  filePath: string,
  sniff: (head: Uint8Array) => T | null,
): Promise<{ realFile: string; mimeType: T } | null> {
  for (const folder of SERVED_FOLDERS) {
    const realFile = await realFileInside(path.join(dataDir, folder), filePath);
    if (realFile === null) continue;
    const mimeType = await sniffFile(realFile, sniff);
    return mimeType === null ? null : { realFile, mimeType };
  }
  return null;
}

async function servedInPlaceFile(
  dataDir: string,
  filePath: string,
): Promise<{ realFile: string; mimeType: SniffedImageType } | null> {
  if (filePath.includes('\0') || !path.isAbsolute(filePath)) return null;
  let realFile: string;
  let realData: string;
  try {
    realFile = await realpath(filePath);
    realData = await realpath(dataDir);
    if (!(await stat(realFile)).isFile()) return null;
  } catch {
    return null;
  }
  // Nothing of the data folder (easel.db above all) leaves through an in-place row.
  const relative = path.relative(realData, realFile);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return null;
  const mimeType = await sniffFile(realFile, sniffImageType);
  return mimeType === null ? null : { realFile, mimeType };
}

async function sniffFile<T>(realFile: string, sniff: (head: Uint8Array) => T | null): Promise<T | null> {
  let handle;
  try {
    handle = await open(realFile, 'r');
    const head = new Uint8Array(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniff(head.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
