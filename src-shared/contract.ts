// The IPC contract: the one map of every call the renderer may make and every event main may
// send. Main's gate (src-main/electron/ipc.ts), the test bridge and the renderer's client
// (src-renderer/api.ts) are all typed and validated from this file.
//
// Adding a call is one entry in `contract` (request + response schemas); the facade then fails
// to compile until it implements it (`satisfies StudioHandlers`). Request schemas are strict
// (unknown keys are rejected); responses are validated by the gate in development and tests.
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import type { ErrorData } from './errors.ts';
import {
  BudgetPeriodSchema,
  BudgetSchema,
  CanvasSchema,
  CollectionSchema,
  GenerationParamsSchema,
  IMAGE_SOURCES,
  ImageQuerySchema,
  JOB_STATUSES,
  OutpaintSchema,
  PromptEntrySchema,
  TagSchema,
  TaskSchema,
  WeightedPromptSchema,
} from './domain.ts';

// ---------------------------------------------------------------------------------------------
// Generic machinery

export interface CallEntry<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

/** One contract entry. Requests should be strict objects (`z.strictObject`). */
export function defineCall<Req extends z.ZodType, Res extends z.ZodType>(entry: {
  request: Req;
  response: Res;
}): CallEntry<Req, Res> {
  return { request: entry.request, response: entry.response };
}

export const ErrorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(4000),
  field: z.string().max(200).optional(),
  retryable: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------
// Shared value schemas

/**
 * Ids of library rows (images, jobs, ...) as they cross IPC: the library uses decimal row ids
 * ("42"); the pattern also admits UUID-like ids. Safe as a URL path segment.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'must be an Easel id (letters, digits, - and _)');

export const IMAGE_VARIANTS = ['full', 'thumb'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

/** ISO-8601 timestamp with offset, e.g. 2026-11-01T10:00:00.000Z. */
const Timestamp = z.iso.datetime({ offset: true });
const ProfileName = z.string().min(1).max(200);
/** AWS region code, e.g. us-east-1, eu-central-1, us-gov-west-1. */
export const RegionSchema = z
  .string()
  .regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as us-east-1');
const Empty = z.strictObject({});

export const PROFILE_KINDS = ['static', 'sso', 'assume-role', 'credential-process', 'web-identity', 'unknown'] as const;
export const MODEL_LIFECYCLES = ['active', 'legacy', 'end-of-life'] as const;
// Job statuses and image sources are the domain's (queued → sending → waiting → saving → terminal).
export { IMAGE_SOURCES, JOB_STATUSES };

/** GenerationParams with unknown keys rejected at every level (the domain schema strips them). */
export const StrictGenerationParamsSchema = GenerationParamsSchema.extend({
  weightedPrompts: z.array(WeightedPromptSchema.strict()).max(20).optional(),
  outpaint: OutpaintSchema.strict().optional(),
}).strict();

export const ProfileSummarySchema = z.strictObject({
  name: ProfileName,
  kind: z.enum(PROFILE_KINDS),
  region: RegionSchema.nullable(),
  isDefault: z.boolean(),
});

export const ModelSummarySchema = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().max(200),
  provider: z.string().max(100),
  family: z.string().max(100),
  lifecycle: z.strictObject({ status: z.enum(MODEL_LIFECYCLES), note: z.string().max(1000).optional() }),
  tasks: z.array(TaskSchema),
});

export const JobSummarySchema = z.strictObject({
  id: IdSchema,
  status: z.enum(JOB_STATUSES),
  modelId: z.string().max(200),
  prompt: z.string().max(10_000),
  profile: z.string().max(200).nullable(),
  region: RegionSchema.nullable(),
  attempts: z.number().int().min(0),
  seed: z.number().int().min(0).nullable(),
  estimateMicroUsd: z.number().int().min(0),
  /** What the ledger charged (null while unknown: running, uncertain). */
  priceMicroUsd: z.number().int().min(0).nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  imageId: IdSchema.nullable(),
  error: ErrorDataSchema.nullable(),
  /** Queued because the network is down: it is sent when the connection returns. */
  waitingForNetwork: z.boolean(),
});

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

const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

// ---------------------------------------------------------------------------------------------
// The calls

export const contract = {
  /** About/settings screen: version, where data lives (display only), demo mode (emulator). */
  'app.info': defineCall({
    request: Empty,
    response: z.strictObject({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      demoMode: z.boolean(),
      /** Another Easel process (the app, a CLI) holds this data folder: this one skipped crash recovery. */
      otherProcess: z
        .strictObject({
          pid: z.number().int().positive(),
          hostname: z.string().max(300),
          startedAt: z.string().max(40),
        })
        .nullable()
        .optional(),
    }),
  }),
  /** AWS profiles from the config and credentials files: never a secret. */
  'profiles.list': defineCall({
    request: Empty,
    response: z.strictObject({ profiles: z.array(ProfileSummarySchema) }),
  }),
  /** Image models usable with the profile/region (built-in catalog merged with discovery). */
  'models.list': defineCall({
    request: z.strictObject({ profile: ProfileName.optional(), region: RegionSchema.optional() }),
    response: z.strictObject({
      models: z.array(ModelSummarySchema),
      /** What discovery (ListFoundationModels) said: on failure `models` is the built-in list and `error` says why. */
      discovery: z.strictObject({ ok: z.boolean(), error: ErrorDataSchema.nullable() }).optional(),
    }),
  }),
  /** Queue one job per image; absent profile/region mean the default profile and its region. */
  generate: defineCall({
    request: z.strictObject({
      params: StrictGenerationParamsSchema,
      profile: ProfileName.optional(),
      region: RegionSchema.optional(),
    }),
    /** warnings: soft budgets passed by this request (the jobs are queued anyway). */
    response: z.strictObject({ jobIds: z.array(IdSchema).min(1), warnings: z.array(z.string().max(1000)).optional() }),
  }),
  /** Newest first; `before` is the id of the last job of the previous page. */
  'jobs.list': defineCall({
    request: z.strictObject({
      statuses: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      before: IdSchema.optional(),
    }),
    response: z.strictObject({ jobs: z.array(JobSummarySchema) }),
  }),
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
  /** Files dropped on the window (paths from window.easel.pathForFile); same rules as the CLI import. */
  'images.import': defineCall({
    request: z.strictObject({ paths: z.array(AbsolutePath).min(1).max(1000) }),
    response: z.strictObject({
      imageIds: z.array(IdSchema),
      failures: z.array(z.strictObject({ path: z.string(), error: ErrorDataSchema })),
    }),
  }),

  /**
   * Copies images (a selection, or a collection) to a folder chosen by the user, named by a template
   * (fields {collection} {prompt} {seed} {model} {id} {date} {index} {width} {height}; "/" makes
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

  // ---- jobs (core/jobs through the facade) -----------------------------------------------------
  'jobs.get': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ job: JobSummarySchema, params: GenerationParamsSchema }),
  }),
  /** A queued job is dropped (no charge); a running one is aborted. */
  'jobs.cancel': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ job: JobSummarySchema }),
  }),
  'jobs.cancelAll': defineCall({ request: Empty, response: z.strictObject({ cancelled: z.number().int().min(0) }) }),
  /** The same request again, with the seed the job used. */
  'jobs.retry': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ jobIds: z.array(IdSchema).min(1) }),
  }),
  'jobs.concurrency': defineCall({
    request: z.strictObject({ concurrency: z.number().int().min(1).max(16).optional() }),
    response: z.strictObject({ concurrency: z.number().int().min(1).max(16), waitingForNetwork: z.boolean() }),
  }),
  // ---- images ----------------------------------------------------------------------------------
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
  /**
   * Shows an image's file (or, without imageId, the data folder) in the system file manager. Done by
   * the shell (Electron: shell.showItemInFolder); no path ever reaches the renderer.
   */
  'shell.reveal': defineCall({
    request: z.strictObject({ imageId: IdSchema.optional() }),
    response: Empty,
  }),
  /** Restart in demo mode (the built-in emulator, a separate data folder). Done by the shell. */
  'app.startDemo': defineCall({
    request: Empty,
    response: z.strictObject({ restarting: z.boolean() }),
  }),
  /**
   * Where the data lives: the folder, the one it was moved from (left on disk for the user to
   * delete), and whether it can be moved from here (not with EASEL_HOME, not in demo mode).
   */
  'data.info': defineCall({
    request: Empty,
    response: z.strictObject({
      dataDir: z.string().max(4096),
      previousDir: z.string().max(4096).nullable(),
      movable: z.boolean(),
      notMovableReason: z.string().max(1000).nullable(),
    }),
  }),
  /**
   * Copies the data folder to `folder` (absolute; empty or not there), verifies it, and makes it the
   * data folder from the next start; the old folder stays. `restarting`: the shell is relaunching
   * onto it (else: restart Easel to use it).
   */
  'data.move': defineCall({
    request: z.strictObject({ folder: z.string().min(1).max(4096) }),
    response: z.strictObject({
      from: z.string().max(4096),
      to: z.string().max(4096),
      files: z.number().int().min(0),
      bytes: z.number().int().min(0),
      restarting: z.boolean(),
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
  /** Deletes trashed images and their files for good; without ids, the whole trash. */
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
  'library.check': defineCall({
    request: z.strictObject({ repair: z.boolean().default(false) }),
    response: z.strictObject({
      checkedRows: z.number().int(),
      checkedFiles: z.number().int(),
      missingFiles: z.number().int(),
      orphanFiles: z.number().int(),
      orphanThumbs: z.number().int(),
      tempFiles: z.number().int(),
      repaired: z.boolean(),
    }),
  }),
  // ---- prompts, tags, collections, canvases ----------------------------------------------------
  'prompts.list': defineCall({
    request: z.strictObject({
      text: z.string().max(1000).optional(),
      favoriteOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    response: z.strictObject({ prompts: z.array(PromptEntrySchema) }),
  }),
  'prompts.favorite': defineCall({
    request: z.strictObject({ promptId: IdSchema, favorite: z.boolean() }),
    response: Empty,
  }),
  'tags.list': defineCall({ request: Empty, response: z.strictObject({ tags: z.array(TagSchema) }) }),
  'tags.add': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000),
      names: z.array(z.string().min(1).max(100)).min(1).max(50),
    }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'tags.remove': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000),
      names: z.array(z.string().min(1).max(100)).min(1).max(50),
    }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'collections.list': defineCall({
    request: Empty,
    response: z.strictObject({ collections: z.array(CollectionSchema) }),
  }),
  'collections.create': defineCall({
    request: z.strictObject({ name: z.string().min(1).max(200) }),
    response: z.strictObject({ collection: CollectionSchema }),
  }),
  'collections.delete': defineCall({ request: z.strictObject({ collectionId: IdSchema }), response: Empty }),
  /** The collection's image ids, in order. */
  'collections.items': defineCall({
    request: z.strictObject({ collectionId: IdSchema }),
    response: z.strictObject({ imageIds: z.array(IdSchema) }),
  }),
  'collections.add': defineCall({
    request: z.strictObject({
      collectionId: IdSchema,
      imageIds: z.array(IdSchema).min(1).max(10_000),
      index: z.number().int().min(0).optional(),
    }),
    response: Empty,
  }),
  'collections.remove': defineCall({
    request: z.strictObject({ collectionId: IdSchema, imageIds: z.array(IdSchema).min(1).max(10_000) }),
    response: Empty,
  }),
  /** The full new order of the collection's images. */
  'collections.reorder': defineCall({
    request: z.strictObject({ collectionId: IdSchema, imageIds: z.array(IdSchema).max(100_000) }),
    response: Empty,
  }),
  /**
   * A mask painted over a library image (inpaint, erase object): PNG, white = change, the source's
   * exact size, at most 25 MB. Main decodes and re-encodes it; it is stored as an edited image whose
   * parent is the source. Use the id as GenerationParams.maskImageId.
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
    }),
    response: z.strictObject({ imageId: IdSchema }),
  }),
  'canvases.list': defineCall({
    request: Empty,
    response: z.strictObject({ canvases: z.array(CanvasSchema.omit({ items: true })) }),
  }),
  'canvases.get': defineCall({
    request: z.strictObject({ canvasId: IdSchema }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  'canvases.create': defineCall({
    request: z.strictObject({ name: z.string().min(1).max(200) }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  /** Replaces the canvas's items (ids of existing items keep them; others are new). */
  'canvases.save': defineCall({
    request: z.strictObject({
      canvasId: IdSchema,
      items: z.array(CanvasSchema.shape.items.element.extend({ id: IdSchema.optional() })).max(10_000),
    }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  'canvases.delete': defineCall({ request: z.strictObject({ canvasId: IdSchema }), response: Empty }),
  // ---- spend, budgets, prices, settings --------------------------------------------------------
  /** Totals (all time, today, this month, uncertain, held), by model/day/profile, outcome rates, month-end forecast. */
  'spend.summary': defineCall({
    request: z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() }),
    response: z.strictObject({
      totalMicroUsd: z.number().int(),
      todayMicroUsd: z.number().int(),
      monthMicroUsd: z.number().int(),
      uncertainMicroUsd: z.number().int(),
      heldMicroUsd: z.number().int(),
      byModel: z.array(z.strictObject({ modelId: z.string(), images: z.number().int(), microUsd: z.number().int() })),
      byDay: z.array(z.strictObject({ day: z.string(), microUsd: z.number().int() })),
      byProfile: z.array(z.strictObject({ profile: z.string().nullable(), microUsd: z.number().int() })),
      outcomes: z.array(
        z.strictObject({
          modelId: z.string(),
          finished: z.number().int(),
          succeeded: z.number().int(),
          failed: z.number().int(),
          filtered: z.number().int(),
          cancelled: z.number().int(),
          interrupted: z.number().int(),
          failedRate: z.number(),
          filteredRate: z.number(),
        }),
      ),
      forecast: z.strictObject({
        monthToDateMicroUsd: z.number().int(),
        projectedMicroUsd: z.number().int(),
        elapsedFraction: z.number(),
        monthStart: z.string(),
        monthEnd: z.string(),
      }),
    }),
  }),
  'spend.csv': defineCall({
    request: z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() }),
    response: z.strictObject({ csv: z.string() }),
  }),
  /** Jobs whose spend is uncertain (interrupted, aborted in flight) until the user resolves them. */
  'spend.uncertain': defineCall({ request: Empty, response: z.strictObject({ jobs: z.array(JobSummarySchema) }) }),
  /** billed: confirm (charged; default the uncertain amount); not billed: dismiss (released). */
  'spend.resolve': defineCall({
    request: z.strictObject({
      jobId: IdSchema,
      billed: z.boolean(),
      amountMicroUsd: z.number().int().min(0).optional(),
      note: z.string().max(500).optional(),
    }),
    response: z.strictObject({ job: JobSummarySchema }),
  }),
  'budgets.get': defineCall({
    request: Empty,
    response: z.strictObject({
      budgets: z.array(
        z.strictObject({
          budget: BudgetSchema,
          spentMicroUsd: z.number().int(),
          heldMicroUsd: z.number().int(),
          usedMicroUsd: z.number().int(),
          remainingMicroUsd: z.number().int(),
          periodStart: z.string(),
          periodEnd: z.string(),
        }),
      ),
    }),
  }),
  /** limitMicroUsd null removes the period's budget. */
  'budgets.set': defineCall({
    request: z.strictObject({
      period: BudgetPeriodSchema,
      limitMicroUsd: z.number().int().min(0).nullable(),
      hard: z.boolean().default(true),
    }),
    response: Empty,
  }),
  /** The versioned price table with the user's overrides. */
  'prices.get': defineCall({
    request: Empty,
    response: z.strictObject({
      version: z.number().int(),
      asOf: z.string(),
      source: z.string(),
      entries: z.array(
        z.strictObject({
          key: z.string(),
          modelId: z.string(),
          label: z.string(),
          microUsd: z.number().int().nullable(),
          unconfirmed: z.boolean(),
          overrideMicroUsd: z.number().int().nullable(),
        }),
      ),
      modelOverrides: z.array(z.strictObject({ modelId: z.string(), microUsd: z.number().int() })),
    }),
  }),
  /** key: a price table entry key or a base model id; null removes the override. */
  'prices.set': defineCall({
    request: z.strictObject({
      key: z.string().min(1).max(200),
      microUsd: z.number().int().min(0).nullable(),
      note: z.string().max(500).optional(),
    }),
    response: Empty,
  }),
  'settings.get': defineCall({
    request: Empty,
    response: z.strictObject({ settings: z.record(z.string(), z.unknown()) }),
  }),
  'settings.set': defineCall({
    request: z.strictObject({ key: z.string().min(1).max(200), value: z.unknown() }),
    response: Empty,
  }),
} as const satisfies Record<string, CallEntry>;

// ---------------------------------------------------------------------------------------------
// The events (main -> renderer)

export const events = {
  'job.updated': z.strictObject({
    jobId: IdSchema,
    status: z.enum(JOB_STATUSES),
    attempt: z.number().int().min(0),
    error: ErrorDataSchema.nullable(),
    imageId: IdSchema.nullable(),
    /** The whole job as `jobs.get` shows it, so a queue view needs no extra call per update. */
    job: JobSummarySchema,
  }),
  /** Images appeared in the library outside a job the renderer started (menu import, CLI). */
  'images.added': z.strictObject({ imageIds: z.array(IdSchema) }),
} as const satisfies Record<string, z.ZodType>;

// ---------------------------------------------------------------------------------------------
// Types derived from the maps

export type Contract = typeof contract;
export type CallName = keyof Contract;
/** What a handler receives (after parsing: defaults applied). */
export type CallRequest<K extends CallName> = z.output<Contract[K]['request']>;
/** What a caller may send (before parsing: defaulted fields optional). */
export type CallRequestInput<K extends CallName> = z.input<Contract[K]['request']>;
export type CallResponse<K extends CallName> = z.output<Contract[K]['response']>;

export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;
/** An event as it travels: name + payload, discriminated on name. */
export type EventEnvelope = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

/** The facade implements exactly this (`satisfies StudioHandlers`). */
export type StudioHandlers = { [K in CallName]: (req: CallRequest<K>) => Promise<CallResponse<K>> };

/** Errors cross the boundary as data, never as thrown exceptions. */
export type InvokeResult<K extends CallName> = { ok: true; value: CallResponse<K> } | { ok: false; error: ErrorData };

export const CALL_NAMES = Object.keys(contract) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Own-property checks: `toString`, `__proto__`, `constructor` are not calls. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

// ---------------------------------------------------------------------------------------------
// window.easel, schemes, channels and CSP live in the zod-free ./ipc.ts (the preload bundles it).

export {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  IMAGE_HOST,
  IMAGE_SCHEME,
  IPC_CHANNELS,
  imageProtocolUrl,
} from './ipc.ts';
export type { DroppedFile, EaselApi } from './ipc.ts';
