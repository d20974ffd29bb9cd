// Room on the data folder's disk for the images a queue is about to pay for: checked before a
// request is queued (nothing sent, nothing reserved), and the message a full disk gives a job.
import type { GenerationParams } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { outputSize } from '../../../src-shared/models/index.ts';
import { freeBytes, megabytes } from '../storage/index.ts';

/** Room kept free besides the images: SQLite's pages and WAL, thumbnails, the file system's own use. */
export const DISK_HEADROOM_BYTES = 16_000_000;
/** When the params do not say the output size (edits: the source's size): one megapixel. */
const DEFAULT_PIXELS = 1024 * 1024;
/**
 * Bytes per output pixel while an image is saved, on the high side: the spooled answer (base64 of a
 * PNG of up to ~3 bytes per RGB pixel: 4) and the library file (3).
 */
const BYTES_PER_PIXEL = 7;

/** The disk space one image of this request takes while it is received and saved (an upper estimate). */
export function bytesPerImage(params: GenerationParams): number {
  const size = outputSize(params);
  return (size ? size.width * size.height : DEFAULT_PIXELS) * BYTES_PER_PIXEL;
}

/**
 * Refuses work that would not fit: `images` more images of `perImage` bytes, plus headroom, must
 * fit in the free space at `folder`. An unknown free space (statfs unsupported) lets it through.
 * @throws EaselError 'io' "Disk full: …".
 */
export function checkRoomFor(folder: string, images: number, perImage: number): void {
  const free = freeBytes(folder);
  const needed = images * perImage + DISK_HEADROOM_BYTES;
  if (free === null || free >= needed) return;
  throw new EaselError(
    'io',
    `${diskFull(folder, needed, free)} ${images} image(s) would not fit, so nothing was sent or charged. Free some space (or move the data folder to a larger disk) and try again.`,
  );
}

/** "Disk full: about 23.3 MB needed at <folder> (1.2 MB free)." */
export function diskFull(folder: string, needed: number, free = freeBytes(folder)): string {
  return `Disk full: about ${megabytes(needed)} needed at ${folder}${free === null ? '' : ` (${megabytes(free)} free)`}.`;
}
