// Video from images (Luma Ray2 on Bedrock): a camera path of 1–32 library images, one camera move
// per segment (frame0 → frame1), rendered by Bedrock's async invocations into the user's S3 bucket,
// joined on this machine into one MP4 in the library. The UI (camera-path dialog, library video
// views) and the CLI (`easel video`) speak only this.
//
// Money as for images: `video.price` before anything is sent; `video.start` reserves the whole
// path against the budgets (a hard budget refuses it: budget-exceeded) and each segment is charged
// once, when Bedrock reports it Completed. A cancelled running segment may still be billed by
// Bedrock: its reservation becomes uncertain spend and `notice` says so.
import { z } from 'zod';
import {
  CAMERA_MOVES,
  LUMA_ASPECT_RATIOS,
  LUMA_DURATIONS,
  LUMA_PROMPT_MAX,
  LUMA_RESOLUTIONS,
  MAX_PATH_IMAGES,
} from '../models/luma.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty, ErrorDataSchema, IdSchema, ProfileName, Timestamp } from './values.ts';

export { CAMERA_MOVES };

/** A preset move (CAMERA_MOVES: 'static', 'push-in', …) or free text sent as written. */
export const CameraSchema = z.string().trim().min(1).max(300);

/** `s3://bucket` or `s3://bucket/prefix` (bucket names as S3 allows them). */
export const S3UriSchema = z
  .string()
  .max(1024)
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket or s3://bucket/prefix');

export const VideoRequestSchema = z
  .strictObject({
    /** The path in order: 1 image (one clip from frame0) up to 32 (a segment per consecutive pair). */
    imageIds: z.array(IdSchema).min(1).max(MAX_PATH_IMAGES),
    /** One move per segment: max(1, images − 1) of them. */
    cameras: z
      .array(CameraSchema)
      .min(1)
      .max(MAX_PATH_IMAGES - 1),
    prompt: z.string().trim().min(1).max(LUMA_PROMPT_MAX),
    duration: z.enum(LUMA_DURATIONS).default('5s'),
    resolution: z.enum(LUMA_RESOLUTIONS).default('720p'),
    aspectRatio: z.enum(LUMA_ASPECT_RATIOS).default('16:9'),
    loop: z.boolean().default(false),
    /** The AWS profile (absent: the default one). */
    profile: ProfileName.optional(),
    /** Where Bedrock writes (absent: the setting `video.outputBucket`); Easel adds `easel/<job>/`. */
    bucket: S3UriSchema.optional(),
  })
  .refine((r) => r.cameras.length === Math.max(1, r.imageIds.length - 1), {
    message: 'give one camera move per segment: one for one or two images, else one fewer than the images',
    path: ['cameras'],
  });
export type VideoRequest = z.output<typeof VideoRequestSchema>;
export type VideoRequestInput = z.input<typeof VideoRequestSchema>;

export const VIDEO_JOB_STATUSES = ['running', 'joining', 'succeeded', 'failed', 'cancelled'] as const;
export const SEGMENT_STATUSES = [
  'queued',
  /** Sent (or about to be) with its idempotency token; no invocation ARN yet. */
  'starting',
  /** Bedrock has it: the ARN is recorded; Easel polls. */
  'running',
  /** Bedrock reported Completed, the MP4 is downloaded and the segment charged. */
  'completed',
  'failed',
  'filtered',
  'cancelled',
] as const;

export const VideoSegmentSchema = z.strictObject({
  position: z.number().int().min(0),
  status: z.enum(SEGMENT_STATUSES),
  camera: z.string(),
  frame0ImageId: IdSchema,
  /** Null for a one-image path. */
  frame1ImageId: IdSchema.nullable(),
  invocationArn: z.string().nullable(),
  seconds: z.number().int().min(1),
  priceMicroUsd: z.number().int().nullable(),
  error: ErrorDataSchema.nullable(),
});
export type VideoSegment = z.infer<typeof VideoSegmentSchema>;

export const VideoJobSchema = z.strictObject({
  id: IdSchema,
  status: z.enum(VIDEO_JOB_STATUSES),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  modelId: z.string(),
  region: z.string(),
  prompt: z.string(),
  duration: z.enum(LUMA_DURATIONS),
  resolution: z.enum(LUMA_RESOLUTIONS),
  aspectRatio: z.enum(LUMA_ASPECT_RATIOS),
  loop: z.boolean(),
  /** s3://bucket/prefix/easel/<job>/ */
  outputUri: z.string(),
  segments: z.array(VideoSegmentSchema),
  /** The whole path's price before sending; null: the price is unknown (never shown as $0). */
  estimateMicroUsd: z.number().int().nullable(),
  /** What was charged so far (completed segments, and started ones settled as billed). */
  chargedMicroUsd: z.number().int().min(0),
  /** Started segments' spend not settled yet (a cancel after the start): settled here or in Spend. */
  uncertainMicroUsd: z.number().int().min(0),
  /** The library item of the finished video (its poster image's id), when succeeded. */
  videoImageId: IdSchema.nullable(),
  error: ErrorDataSchema.nullable(),
  /** Something the user must know, e.g. that a cancelled invocation may still be billed. */
  notice: z.string().nullable(),
});
export type VideoJob = z.infer<typeof VideoJobSchema>;

export const VideoPriceSchema = z.strictObject({
  segments: z.number().int().min(1),
  /** Seconds of video the path makes (segments × duration). */
  seconds: z.number().int().min(1),
  perSecondMicroUsd: z.number().int().nullable(),
  /** Null: unknown (set a price in Spend). */
  totalMicroUsd: z.number().int().nullable(),
  /** Where the figure comes from: the table's date, the user's price, or "unknown". */
  source: z.string(),
});
export type VideoPrice = z.infer<typeof VideoPriceSchema>;

/** A video in the library: the MP4 beside its poster image (the library item, `imageId`). */
export const VideoAssetSchema = z.strictObject({
  imageId: IdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Relative to the data folder: library/ab/<sha>.mp4 */
  path: z.string(),
  bytes: z.number().int().min(0),
  durationMs: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  segments: z.number().int().min(1),
  /** Lineage: the path's images in order. */
  sourceImageIds: z.array(IdSchema),
  videoJobId: IdSchema.nullable(),
});
export type VideoAsset = z.infer<typeof VideoAssetSchema>;

export const videoCalls = {
  /** The price of a path before anything is sent (segments × seconds × per-second price). */
  'video.price': defineCall({ request: VideoRequestSchema, response: VideoPriceSchema }),
  /** Reserves, then starts every segment (within the concurrency); progress comes as `video.updated`. */
  'video.start': defineCall({ request: VideoRequestSchema, response: VideoJobSchema }),
  'video.get': defineCall({ request: z.strictObject({ id: IdSchema }), response: VideoJobSchema }),
  /** Newest first; `active`: only paths still running or joining. */
  'video.list': defineCall({
    request: z.strictObject({ active: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() }),
    response: z.array(VideoJobSchema),
  }),
  /** Stops polling; queued segments are dropped, running ones may still be billed (see `notice`). */
  'video.cancel': defineCall({ request: z.strictObject({ id: IdSchema }), response: VideoJobSchema }),
  /** Settles a cancelled job's uncertain spend: `billed` (from the AWS bill) charges it, else releases it. */
  'video.resolveSpend': defineCall({
    request: z.strictObject({ id: IdSchema, billed: z.boolean() }),
    response: VideoJobSchema,
  }),
  /** The MP4 behind a library item whose `media` is 'video'. */
  'video.asset': defineCall({ request: z.strictObject({ imageId: IdSchema }), response: VideoAssetSchema }),
  /** Creates the output bucket in the model's region (us-west-2) and keeps it as `video.outputBucket`. */
  'video.createBucket': defineCall({
    request: z.strictObject({ bucket: S3UriSchema, profile: ProfileName.optional() }),
    response: z.strictObject({ bucket: z.string(), region: z.string(), created: z.boolean() }),
  }),
  /** The models this feature offers now (today: Luma Ray2) and where it runs. */
  'video.models': defineCall({
    request: Empty,
    response: z.array(z.strictObject({ modelId: z.string(), name: z.string(), region: z.string() })),
  }),
} as const satisfies CallMap;
