// The library's images: browse and search, one image with its lineage, favourite/rating, trash,
// restore and purge (by ids or by a whole selection), the file behind an id (image protocol) and
// inpaint masks (masks.ts).
import { stat } from 'node:fs/promises';
import type { ImageQueryInput, ImageRecord } from '../../../src-shared/domain.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { thumbRelPath, type ImageLineage } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import { resolveInPlaceFile } from './library-folders.ts';
import { createMask, type MaskInput } from './masks.ts';
import { imageDetail, imageSummary } from './summaries.ts';

/** A "select all" over the trash: the library query without paging (purgeMatching forces the trash). */
export type SelectionQuery = Omit<ImageQueryInput, 'limit' | 'cursor' | 'trashed'>;

export class ImageCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  listImages(query: ImageQueryInput = {}): { images: ImageRecord[]; nextCursor: string | null } {
    return this.#ctx.storage.images.list(query);
  }

  getImage(imageId: string): ImageRecord {
    return this.#ctx.storage.images.get(imageId);
  }

  /** Where an image came from and what was made from it (edits, variations), with its generation's profile/region. */
  imageLineage(imageId: string): ImageLineage {
    return this.#ctx.storage.images.lineage(imageId);
  }

  updateImages(imageIds: readonly string[], patch: { favorite?: boolean; rating?: number }): number {
    const { images } = this.#ctx.storage;
    let n = 0;
    if (patch.favorite !== undefined) n = images.setFavorite(imageIds, patch.favorite);
    if (patch.rating !== undefined) n = images.setRating(imageIds, patch.rating);
    return n;
  }

  trashImages(imageIds: readonly string[]): number {
    return this.#ctx.storage.images.trash(imageIds);
  }

  restoreImages(imageIds: readonly string[]): number {
    return this.#ctx.storage.images.restore(imageIds);
  }

  /** Deletes trashed images for good (rows, then files). Without ids: the whole trash. */
  async purgeImages(imageIds?: readonly string[]): Promise<number> {
    return (await this.#ctx.storage.purge(imageIds)).length;
  }

  /**
   * "Select all" then Delete permanently: purges the trashed images matching `query` (forced to the
   * trash), minus `exceptIds`, 1,000 at a time (one transaction per batch, then its files), so the
   * ids never all sit in memory or cross IPC. Resolves with the number purged.
   */
  async purgeMatching(query: SelectionQuery, exceptIds: readonly string[] = []): Promise<number> {
    this.#ctx.assertOpen();
    const { storage } = this.#ctx;
    const except = new Set(exceptIds);
    let purged = 0;
    let cursor: string | null = null;
    do {
      // Keyset paging: the cursor is a position (sort key + id), so rows purged behind it do not shift it.
      const page = storage.images.list({
        ...query,
        trashed: true,
        limit: 1000,
        ...(cursor === null ? {} : { cursor }),
      });
      const ids = page.images.map((image) => image.id).filter((id) => !except.has(id));
      if (ids.length > 0) purged += (await storage.purge(ids)).length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    return purged;
  }

  /**
   * The file behind an image id for the image protocol: the stored file or its 256 px WebP
   * thumbnail (made on demand). Null for unknown ids or missing files.
   */
  async resolveImageFile(
    imageId: string,
    variant: 'full' | 'thumb',
  ): Promise<{ filePath: string; mimeType: string; inPlace?: true } | null> {
    const { storage } = this.#ctx;
    const image = storage.images.find(imageId);
    if (!image) return null;
    const { externalPath } = image;
    if (externalPath) return resolveInPlaceFile(this.#ctx, { ...image, externalPath }, variant);
    if (variant === 'thumb') {
      try {
        return { filePath: await storage.store.thumbnail(image.sha256), mimeType: 'image/webp' };
      } catch {
        return null;
      }
    }
    const filePath = storage.store.absolute(image.path);
    if (!(await stat(filePath).catch(() => null))?.isFile()) return null;
    return { filePath, mimeType: `image/${image.format}` };
  }

  /**
   * Verifies a mask painted over `sourceImageId` (PNG, same size, ≤ 25 MB, fully decoded) and stores a
   * clean re-encoded copy as an edited image whose parent is the source (see masks.ts).
   */
  createMask(input: MaskInput): Promise<{ imageId: string }> {
    this.#ctx.assertOpen();
    return createMask(this.#ctx.storage, input);
  }

  /** Relative path of an image's thumbnail inside the data folder. */
  thumbnailPath(image: ImageRecord): string {
    return thumbRelPath(image.sha256);
  }
}

/** "Select all": ids matching the query (minus exceptIds) in pages of up to 10,000. */
const ID_PAGE = 10_000;

export function imageHandlers(images: ImageCalls) {
  return {
    'images.get': async (req) => ({
      image: imageDetail(images.getImage(req.imageId), images.imageLineage(req.imageId)),
    }),
    'images.ids': async (req) => {
      const { exceptIds, cursor, ...query } = req;
      const except = new Set(exceptIds ?? []);
      const imageIds: string[] = [];
      let next: string | null = cursor ?? null;
      do {
        const page = images.listImages({ ...query, limit: 1000, ...(next === null ? {} : { cursor: next }) });
        for (const image of page.images) if (!except.has(image.id)) imageIds.push(image.id);
        next = page.nextCursor;
      } while (next !== null && imageIds.length + 1000 <= ID_PAGE);
      return { imageIds, nextCursor: next };
    },
    'images.list': async (req) => {
      const page = images.listImages({
        limit: req.limit,
        ...(req.cursor ? { cursor: req.cursor } : {}),
        ...(req.favoritesOnly ? { favorite: true } : {}),
      });
      return { images: page.images.map(imageSummary), nextCursor: page.nextCursor };
    },
    'images.search': async (req) => {
      const page = images.listImages(req);
      return { images: page.images.map(imageSummary), nextCursor: page.nextCursor };
    },
    'images.update': async (req) => {
      if (req.favorite === undefined && req.rating === undefined)
        throw new EaselError('validation', 'Nothing to change: set favorite or rating.');
      return {
        updated: images.updateImages(req.imageIds, {
          ...(req.favorite === undefined ? {} : { favorite: req.favorite }),
          ...(req.rating === undefined ? {} : { rating: req.rating }),
        }),
      };
    },
    'images.trash': async (req) => ({ count: images.trashImages(req.imageIds) }),
    'images.restore': async (req) => ({ count: images.restoreImages(req.imageIds) }),
    'images.purge': async (req) => {
      if (req.selection !== undefined) {
        if (req.imageIds !== undefined)
          throw new EaselError('validation', 'Purge either imageIds or a selection, not both.');
        const { exceptIds, ...query } = req.selection;
        return { count: await images.purgeMatching(query, exceptIds ?? []) };
      }
      return { count: await images.purgeImages(req.imageIds) };
    },
    'masks.create': async (req) => images.createMask(req),
  } satisfies Pick<
    StudioHandlers,
    | 'images.get'
    | 'images.ids'
    | 'images.list'
    | 'images.search'
    | 'images.update'
    | 'images.trash'
    | 'images.restore'
    | 'images.purge'
    | 'masks.create'
  >;
}
