// The camera path being edited in the "Camera path" dialog, as plain data, and what the dialog
// derives from it: the segments (one per consecutive pair; one image: one clip), the request the
// contract takes, what blocks Render, and the price in words. Pure (tested in path.test.ts).
import type { VideoPrice, VideoRequestInput } from '../../../src-shared/contract/video.ts';
import type { CAMERA_MOVES } from '../../../src-shared/models/index.ts';
import {
  LUMA_PROMPT_MAX,
  MAX_PATH_IMAGES,
  segmentCount,
  type LumaAspectRatio,
  type LumaDuration,
  type LumaResolution,
} from '../../../src-shared/models/index.ts';
import { formatUsd } from '../../../src-shared/money.ts';

export interface PathImage {
  id: string;
  /** What the list shows and screen readers read: the image's prompt, else "Image <id>". */
  label: string;
}

/** One segment's move: a preset (CAMERA_MOVES) or free text (`free`, sent as written). */
export type CameraChoice = { preset: (typeof CAMERA_MOVES)[number] } | { free: string };

export interface PathDraft {
  images: PathImage[];
  cameras: CameraChoice[];
  prompt: string;
  duration: LumaDuration;
  resolution: LumaResolution;
  aspectRatio: LumaAspectRatio;
  loop: boolean;
}

export const CAMERA_LABELS: Record<(typeof CAMERA_MOVES)[number], string> = {
  static: 'Static',
  'push-in': 'Push in',
  'pull-out': 'Pull out',
  'orbit-left': 'Orbit left',
  'orbit-right': 'Orbit right',
  'pan-left': 'Pan left',
  'pan-right': 'Pan right',
  'crane-up': 'Crane up',
  'crane-down': 'Crane down',
};

/** The move a new segment starts with: a slow push in reads well for most stills. */
export const DEFAULT_CAMERA: CameraChoice = { preset: 'push-in' };

export function newDraft(images: PathImage[], prompt = ''): PathDraft {
  return fitCameras({
    images: dedupe(images).slice(0, MAX_PATH_IMAGES),
    cameras: [],
    prompt,
    duration: '5s',
    resolution: '720p',
    aspectRatio: '16:9',
    loop: false,
  });
}

function dedupe(images: PathImage[]): PathImage[] {
  const seen = new Set<string>();
  return images.filter((image) => !seen.has(image.id) && seen.add(image.id));
}

/** Keeps one move per segment: existing moves stay in place, new segments get the default. */
export function fitCameras(draft: PathDraft): PathDraft {
  const count = segmentCount(draft.images.length);
  const cameras = Array.from({ length: count }, (_, i) => draft.cameras[i] ?? DEFAULT_CAMERA);
  return { ...draft, cameras };
}

/** Moves the image at `from` to `to` (clamped); the segments' moves stay with their positions. */
export function moveImage(draft: PathDraft, from: number, to: number): PathDraft {
  const images = [...draft.images];
  const target = Math.max(0, Math.min(images.length - 1, to));
  const [moved] = images.splice(from, 1);
  if (moved === undefined || target === from) return draft;
  images.splice(target, 0, moved);
  return { ...draft, images };
}

/** Removes the image at `index`; the segment that ended there goes with it. */
export function removeImage(draft: PathDraft, index: number): PathDraft {
  if (index < 0 || index >= draft.images.length) return draft;
  const images = draft.images.filter((_, i) => i !== index);
  const cameras = draft.cameras.filter((_, i) => i !== Math.max(0, index - 1));
  return fitCameras({ ...draft, images, cameras });
}

/** Appends images not already in the path, up to MAX_PATH_IMAGES. */
export function addImages(draft: PathDraft, added: PathImage[]): PathDraft {
  const images = dedupe([...draft.images, ...added]).slice(0, MAX_PATH_IMAGES);
  return fitCameras({ ...draft, images });
}

export function setCamera(draft: PathDraft, segment: number, camera: CameraChoice): PathDraft {
  return { ...draft, cameras: draft.cameras.map((c, i) => (i === segment ? camera : c)) };
}

/** The segments as the dialog lists them: where each starts and ends (null: a one-image clip). */
export function segments(draft: PathDraft): { from: PathImage; to: PathImage | null }[] {
  const [first] = draft.images;
  if (first === undefined) return [];
  if (draft.images.length === 1) return [{ from: first, to: null }];
  return draft.images.slice(1).map((to, i) => ({ from: draft.images[i] ?? first, to }));
}

export function cameraValue(camera: CameraChoice): string {
  return 'preset' in camera ? camera.preset : camera.free.trim();
}

/** What keeps Render disabled, in words; empty when the path can be sent. */
export function draftIssues(draft: PathDraft): string[] {
  const issues: string[] = [];
  if (draft.images.length === 0) issues.push('Add at least one image.');
  if (draft.images.length > MAX_PATH_IMAGES) issues.push(`A path takes at most ${MAX_PATH_IMAGES} images.`);
  if (draft.prompt.trim() === '') issues.push('Describe the video in the prompt.');
  if (draft.prompt.trim().length > LUMA_PROMPT_MAX)
    issues.push(`The prompt is longer than ${LUMA_PROMPT_MAX.toLocaleString('en-US')} characters.`);
  draft.cameras.forEach((camera, i) => {
    if ('free' in camera && camera.free.trim() === '') issues.push(`Describe the camera move of segment ${i + 1}.`);
  });
  return issues;
}

export function videoRequest(draft: PathDraft, profile: string | null): VideoRequestInput {
  return {
    imageIds: draft.images.map((image) => image.id),
    cameras: draft.cameras.map(cameraValue),
    prompt: draft.prompt.trim(),
    duration: draft.duration,
    resolution: draft.resolution,
    aspectRatio: draft.aspectRatio,
    loop: draft.loop,
    ...(profile === null ? {} : { profile }),
  };
}

/** The whole path's price in words; an unknown price says so (never $0). */
export function priceWords(price: VideoPrice): string {
  const what = `${price.segments} ${price.segments === 1 ? 'segment' : 'segments'}, ${price.seconds} s of video`;
  if (price.totalMicroUsd === null || price.perSecondMicroUsd === null)
    return `price unknown (${what}): set a price for Luma Ray2 in Spend`;
  return `${formatUsd(price.totalMicroUsd)} (${what} at ${formatUsd(price.perSecondMicroUsd)}/s)`;
}

/** The request `video.price` is asked with: the price depends on neither the prompt nor the moves' words. */
export function priceRequest(draft: PathDraft, profile: string | null): VideoRequestInput {
  return {
    ...videoRequest(draft, profile),
    prompt: draft.prompt.trim() === '' ? 'price' : draft.prompt.trim().slice(0, LUMA_PROMPT_MAX),
    cameras: draft.cameras.map((c) => cameraValue(c) || 'static'),
  };
}

/** How an image is named in the path: "Image <id>: <prompt, shortened>", else "Image <id>". */
export function imageLabel(image: { id: string; prompt?: string | null }): string {
  // The id too: the images of one run share their prompt, and each control must name its own image.
  const prompt = image.prompt?.trim() ?? '';
  if (prompt === '') return `Image ${image.id}`;
  return `Image ${image.id}: ${prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt}`;
}
