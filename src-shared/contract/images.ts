// The image library: reading, searching, importing, exporting, favourites and ratings, trash, masks.
import { z } from 'zod';
import { IMAGE_SOURCES, ImageQuerySchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { AbsolutePath, ErrorDataSchema, IdSchema, RegionSchema, Timestamp } from './values.ts';

export const ImageSummarySchema = z.strictObject({
  id: IdSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  createdAt: Timestamp,
  source: z.enum(IMAGE_SOURCES),
  favorite: z.boolean(),
  /** What the grid names a tile by (null for imports without metadata). */
  prompt: z.string().max(10_000).nullable(),
  seed: z.number().int().min(0).nullable(),
  modelId: z.string().max(200).nullable(),
  /** 'video': the item is a video (its poster is this image; the MP4 is `video.asset`). Absent: an image. */
  media: z.enum(['image', 'video']).optional(),
  /** Indexed in place: the file stays in the user's folder ("Copy into library" copies it). */
  inPlace: z.boolean().optional(),
  /** An in-place file found moved or deleted: still listed, shown as missing. */
  missing: z.boolean().optional(),
});

export const ImageRecordSchema = ImageSummarySchema.extend({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  rating: z.number().int().min(0).max(5).nullable(),
  generationId: IdSchema.nullable(),
  modelId: z.string().max(200).nullable(),
  prompt: z.string().max(10_000).nullable(),
  negativePrompt: z.string().max(10_000).nullable(),
  seed: z.number().int().min(0).nullable(),
  /** Lineage: the image this one was made from (edit, variation), and images made from this one (newest first, up to 100). */
  parentImageId: IdSchema.nullable().optional(),
  editIds: z.array(IdSchema).max(100).optional(),
  /** Where it was generated (null for imports). */
  profile: z.string().max(200).nullable().optional(),
  region: RegionSchema.nullable().optional(),
  /** Generation metadata read from an imported file (tool, sampler, steps, ...), as the importer found it. */
  importedMetadata: z.record(z.string(), z.unknown()).nullable().optional(),
}).strict();

export const imageCalls = {
  'images.get': defineCall({
    request: z.strictObject({ imageId: IdSchema }),
    response: z.strictObject({ image: ImageRecordSchema }),
  }),
  /** Newest first, paged with an opaque cursor. */
  'images.list': defineCall({
    request: z.strictObject({
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      favoritesOnly: z.boolean().optional(),
    }),
    response: z.strictObject({ images: z.array(ImageSummarySchema), nextCursor: z.string().max(200).nullable() }),
  }),
  /** The library query: prompt text, tags, collection, model, seed, dates, favourite, rating, trash. */
  'images.search': defineCall({
    request: ImageQuerySchema.strict(),
    response: z.strictObject({ images: z.array(ImageSummarySchema), nextCursor: z.string().max(200).nullable() }),
  }),
  /**
   * Every id matching a library query, in pages of up to 10,000 (for "select all" across the library),
   * minus `exceptIds`. `cursor` is the previous page's nextCursor.
   */
  'images.ids': defineCall({
    request: ImageQuerySchema.omit({ limit: true, cursor: true })
      .extend({
        exceptIds: z.array(IdSchema).max(10_000).optional(),
        cursor: z.string().max(200).optional(),
      })
      .strict(),
    response: z.strictObject({ imageIds: z.array(IdSchema).max(10_000), nextCursor: z.string().max(200).nullable() }),
  }),
  /** Files dropped on the window (paths from window.easel.pathForFile); same rules as the CLI import. */
  'images.import': defineCall({
    request: z.strictObject({ paths: z.array(AbsolutePath).min(1).max(1000) }),
    response: z.strictObject({
      imageIds: z.array(IdSchema),
      failures: z.array(z.strictObject({ path: z.string(), error: ErrorDataSchema })),
    }),
  }),
  /**
   * "Add folder": indexes the images of a folder where they are (no copy; subfolders too unless
   * `recursive` is false) and watches it while the app runs, so new images appear within seconds
   * and moved or deleted ones show as missing. Thumbnails are made on first display.
   */
  'images.addFolder': defineCall({
    request: z.strictObject({ folder: AbsolutePath, recursive: z.boolean().optional() }),
    response: z.strictObject({
      indexed: z.number().int().min(0),
      failed: z.number().int().min(0),
      /** The first 100 failures. */
      failures: z.array(z.strictObject({ path: z.string(), error: ErrorDataSchema })).max(100),
    }),
  }),
  /** "Copy into library": copies images indexed in place into the library (they stop depending on the folder). */
  'images.copyIntoLibrary': defineCall({
    request: z.strictObject({ imageIds: z.array(IdSchema).min(1).max(1000) }),
    response: z.strictObject({
      copied: z.number().int().min(0),
      failures: z.array(z.strictObject({ imageId: IdSchema, error: ErrorDataSchema })),
    }),
  }),
  /**
   * Copies images (a selection, or a collection) to a folder chosen by the user, named by a template
   * (fields {collection} {prompt} {slug} {seed} {model} {id} {date} {index} {width} {height}; "/" makes
   * subfolders), with or without embedded metadata, optionally with a JSON sidecar per image.
   * Per-image problems are `failed` entries; bad options (unknown template field, nothing selected,
   * folder is a file, unknown collection) reject the call before anything is written.
   */
  'images.export': defineCall({
    request: z
      .strictObject({
        imageIds: z.array(IdSchema).min(1).max(10_000).optional(),
        collectionId: IdSchema.optional(),
        folder: AbsolutePath.refine(
          (p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'),
          'must be an absolute path',
        ),
        template: z.string().min(1).max(500).optional(),
        withMetadata: z.boolean(),
        sidecar: z.boolean(),
        overwrite: z.enum(['skip', 'rename', 'replace']).optional(),
      })
      .refine((r) => r.imageIds !== undefined || r.collectionId !== undefined, {
        message: 'give imageIds or a collectionId',
        path: ['imageIds'],
      }),
    response: z.strictObject({
      folder: z.string(),
      files: z.array(
        z.strictObject({
          imageId: z.string().max(200),
          status: z.enum(['exported', 'skipped', 'failed']),
          file: z.string().optional(),
          sidecar: z.string().optional(),
          replaced: z.boolean().optional(),
          error: ErrorDataSchema.optional(),
        }),
      ),
      totals: z.strictObject({
        exported: z.number().int().min(0),
        skipped: z.number().int().min(0),
        failed: z.number().int().min(0),
        bytes: z.number().int().min(0),
      }),
    }),
  }),
  'images.update': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000),
      favorite: z.boolean().optional(),
      rating: z.number().int().min(0).max(5).optional(),
    }),
    response: z.strictObject({ updated: z.number().int().min(0) }),
  }),
  'images.trash': defineCall({
    request: z.strictObject({ imageIds: z.array(IdSchema).min(1).max(10_000) }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'images.restore': defineCall({
    request: z.strictObject({ imageIds: z.array(IdSchema).min(1).max(10_000) }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  /**
   * Deletes trashed images for good (rows, then files): `imageIds`, or `selection` ("select all":
   * the query minus `exceptIds`, resolved in main in batches; only trashed images match), or
   * neither: the whole trash. Only images in the trash are ever purged.
   */
  'images.purge': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000).optional(),
      selection: ImageQuerySchema.omit({ limit: true, cursor: true })
        .extend({ exceptIds: z.array(IdSchema).max(10_000).optional() })
        .strict()
        .optional(),
    }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'images.tags': defineCall({
    request: z.strictObject({ imageIds: z.array(IdSchema).min(1).max(1000) }),
    response: z.strictObject({ tags: z.record(z.string(), z.array(z.string())) }),
  }),
  /**
   * A mask painted over a library image (inpaint, erase object): PNG, white = change, the source's
   * exact size, at most 25 MB. Main decodes and re-encodes it; it is stored as an edited image whose
   * parent is the source. Use the id as GenerationParams.maskImageId. A sketch (kind 'sketch', drawn
   * over the source for a control sketch) is checked and stored the same way, as a drawing the
   * library shows; use its id as the edit's initImageId.
   */
  'masks.create': defineCall({
    request: z.strictObject({
      sourceImageId: IdSchema,
      pngBase64: z
        .string()
        .min(32)
        .max(34_952_536)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
      width: z.number().int().min(1).max(16_384),
      height: z.number().int().min(1).max(16_384),
      /** 'sketch': black lines on white, drawn for a control sketch (kept in the library as a drawing). */
      kind: z.enum(['mask', 'sketch']).optional(),
    }),
    response: z.strictObject({ imageId: IdSchema }),
  }),
} as const satisfies CallMap;
