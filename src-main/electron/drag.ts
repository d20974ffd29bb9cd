// Drag out: the renderer asks (window.easel.startDrag) with image ids; main resolves them to
// library files (never paths from the renderer) and calls webContents.startDrag, so the images
// drop into other apps and file managers as real files with their metadata (a video as its MP4).
import { z } from 'zod';
import { IdSchema } from '../../src-shared/contract/index.ts';
import { servedImageFile, servedVideoFile } from './image-files.ts';
import type { ImageResolver } from './image-protocol.ts';

export const MAX_DRAG_IMAGES = 200;
const DragIdsSchema = z.array(IdSchema).min(1).max(MAX_DRAG_IMAGES);

export interface DragItem {
  file: string;
  files?: string[];
  icon: string;
}

/** The argument for webContents.startDrag: `file` is the first, `files` all (when several). */
export function buildDragItem(files: readonly string[], iconPath: string): DragItem {
  const [first] = files;
  if (first === undefined) throw new Error('buildDragItem needs at least one file');
  if (iconPath === '') throw new Error('buildDragItem needs an icon');
  return files.length === 1 ? { file: first, icon: iconPath } : { file: first, files: [...files], icon: iconPath };
}

/**
 * Validates the ids the renderer sent and resolves them to real files inside the library (the
 * icon is the first image's thumbnail). Null when nothing is draggable.
 */
export async function resolveDragItem(
  imageIds: unknown,
  resolve: ImageResolver,
  /** The data folder: only image files under its library/ and thumbs/ are dragged. */
  dataDir: string,
): Promise<DragItem | null> {
  const parsed = DragIdsSchema.safeParse(imageIds);
  if (!parsed.success) return null;
  const files: string[] = [];
  for (const id of new Set(parsed.data)) {
    // A video's poster item drags out as its MP4; any other item as its image file.
    const video = await resolve(id, 'video').catch(() => null);
    const served =
      video !== null
        ? await servedVideoFile(dataDir, video.filePath)
        : await resolve(id, 'full').then((r) =>
            r === null ? null : servedImageFile(dataDir, r.filePath, { inPlace: r.inPlace === true }),
          );
    if (served !== null) files.push(served.realFile);
  }
  if (files.length === 0) return null;
  const firstId = parsed.data[0] as string;
  const thumb = await resolve(firstId, 'thumb');
  const icon = thumb === null ? null : ((await servedImageFile(dataDir, thumb.filePath))?.realFile ?? null);
  return buildDragItem(files, icon ?? (files[0] as string));
}
