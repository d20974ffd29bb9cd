// Luma Ray2 on Bedrock (AWS "Luma AI models" page): video from a prompt and keyframes, through
// StartAsyncInvoke into the caller's S3 bucket. Pure: the request's limits, the camera moves Easel
// offers, the native `modelInput` a segment sends, and what a path costs.
import { z } from 'zod';
import type { MicroUsd } from '../money.ts';

export const LUMA_RAY2 = 'luma.ray-v2:0';
/** Where Ray2 runs on demand (the only region, 2026-12-01). */
export const LUMA_RAY2_REGION = 'us-west-2';

export const LUMA_ASPECT_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21'] as const;
export const LUMA_DURATIONS = ['5s', '9s'] as const;
export const LUMA_RESOLUTIONS = ['540p', '720p'] as const;
export type LumaAspectRatio = (typeof LUMA_ASPECT_RATIOS)[number];
export type LumaDuration = (typeof LUMA_DURATIONS)[number];
export type LumaResolution = (typeof LUMA_RESOLUTIONS)[number];

export const LUMA_PROMPT_MAX = 5000;
/** Images in one camera path (the seed document's promise: one to 32). */
export const MAX_PATH_IMAGES = 32;

/** The preset camera moves; anything else given as a move is free text, sent as written. */
export const CAMERA_MOVES = [
  'static',
  'push-in',
  'pull-out',
  'orbit-left',
  'orbit-right',
  'pan-left',
  'pan-right',
  'crane-up',
  'crane-down',
] as const;
export type CameraMove = (typeof CAMERA_MOVES)[number];

const MOVE_WORDS: Record<CameraMove, string> = {
  static: 'static camera, the camera does not move',
  'push-in': 'the camera pushes in slowly',
  'pull-out': 'the camera pulls out slowly',
  'orbit-left': 'the camera orbits to the left around the subject',
  'orbit-right': 'the camera orbits to the right around the subject',
  'pan-left': 'the camera pans left',
  'pan-right': 'the camera pans right',
  'crane-up': 'the camera cranes up',
  'crane-down': 'the camera cranes down',
};

export function isCameraMove(value: string): value is CameraMove {
  return (CAMERA_MOVES as readonly string[]).includes(value);
}

/** The segment's prompt: the user's prompt, then the move in words (a preset) or as written. */
export function segmentPrompt(prompt: string, camera: string): string {
  const move = isCameraMove(camera) ? MOVE_WORDS[camera] : camera.trim();
  return move === '' ? prompt.trim() : `${prompt.trim()}. ${move}.`;
}

/** Output pixels of each resolution and aspect ratio (Ray2's frames; even sizes for H.264). */
export function lumaFrameSize(resolution: LumaResolution, aspect: LumaAspectRatio): { width: number; height: number } {
  const short = resolution === '720p' ? 720 : 540;
  const [w = 1, h = 1] = aspect.split(':').map(Number);
  const even = (n: number): number => Math.round(n / 2) * 2;
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) };
}

export function durationSeconds(duration: LumaDuration): number {
  return duration === '9s' ? 9 : 5;
}

/** A keyframe as the page documents it: an image given inline, base64. */
export const LumaKeyframeSchema = z.strictObject({
  type: z.literal('image'),
  source: z.strictObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/png', 'image/jpeg']),
    data: z.string().min(1),
  }),
});
export type LumaKeyframe = z.infer<typeof LumaKeyframeSchema>;

export interface LumaModelInput {
  prompt: string;
  aspect_ratio: LumaAspectRatio;
  loop: boolean;
  duration: LumaDuration;
  resolution: LumaResolution;
  keyframes?: { frame0?: LumaKeyframe; frame1?: LumaKeyframe };
}

export interface SegmentInput {
  prompt: string;
  camera: string;
  aspectRatio: LumaAspectRatio;
  loop: boolean;
  duration: LumaDuration;
  resolution: LumaResolution;
  /** Base64 of the image file (core reads and encodes it). */
  frame0?: { base64: string; mediaType: 'image/png' | 'image/jpeg' };
  frame1?: { base64: string; mediaType: 'image/png' | 'image/jpeg' };
}

const keyframe = (image: NonNullable<SegmentInput['frame0']>): LumaKeyframe => ({
  type: 'image',
  source: { type: 'base64', media_type: image.mediaType, data: image.base64 },
});

/** The `modelInput` of one segment's StartAsyncInvoke. */
export function buildLumaModelInput(segment: SegmentInput): LumaModelInput {
  const frames = {
    ...(segment.frame0 ? { frame0: keyframe(segment.frame0) } : {}),
    ...(segment.frame1 ? { frame1: keyframe(segment.frame1) } : {}),
  };
  return {
    prompt: segmentPrompt(segment.prompt, segment.camera),
    aspect_ratio: segment.aspectRatio,
    // Bedrock's loop joins the last frame to the first; with an end frame the end frame wins.
    loop: segment.loop && !segment.frame1,
    duration: segment.duration,
    resolution: segment.resolution,
    ...(Object.keys(frames).length > 0 ? { keyframes: frames } : {}),
  };
}

/** One segment per consecutive pair of images; one image: one clip from frame0. */
export function segmentCount(images: number): number {
  return Math.max(1, images - 1);
}

/** A path's price: seconds × per-second price; null when the per-second price is unknown. */
export function pathPriceMicroUsd(
  perSecond: MicroUsd | null,
  segments: number,
  duration: LumaDuration,
): { perSegment: MicroUsd | null; total: MicroUsd | null } {
  if (perSecond === null) return { perSegment: null, total: null };
  const perSegment = perSecond * durationSeconds(duration);
  return { perSegment, total: perSegment * segments };
}
