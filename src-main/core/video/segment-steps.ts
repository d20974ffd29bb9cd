// One step of one segment, each safe to repeat after a crash: start it (idempotency token written
// before sending, ARN written as soon as Bedrock answers), look at it (InProgress, Failed), or
// fetch its MP4 once Completed and charge it in the same transaction that marks it completed.
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import type { VideoRequest } from '../../../src-shared/contract/video.ts';
import { EaselError, isEaselError } from '../../../src-shared/errors.ts';
import { buildLumaModelInput } from '../../../src-shared/models/index.ts';
import type { SegmentWork, Storage } from '../storage/index.ts';
import { failureError, getInvocation, startInvocation } from './async-invoke.ts';
import { downloadMp4, parseS3Uri } from './s3.ts';

/** The largest segment MP4 Easel downloads (a 9 s 720p clip is a few MB). */
export const MAX_SEGMENT_BYTES = 512 * 1024 * 1024;

export interface JobContext {
  jobId: string;
  profile: string | null;
  region: string;
  modelId: string;
  outputUri: string;
  deleteAfter: boolean;
  request: VideoRequest;
  runtime: BedrockRuntimeClient;
  s3: S3Client;
  priceSource: string;
}

export function segmentsFolder(storage: Storage): string {
  return join(storage.paths.root, 'video-segments');
}

export function segmentFile(storage: Storage, segmentId: number): string {
  return join(segmentsFolder(storage), `${segmentId}.mp4`);
}

/** Bedrock takes PNG or JPEG keyframes; a WebP is sent as PNG. */
async function keyframe(
  storage: Storage,
  imageId: string,
): Promise<{ base64: string; mediaType: 'image/png' | 'image/jpeg' }> {
  const image = storage.images.get(imageId);
  const bytes = await readFile(storage.store.absolute(image.path));
  if (image.format === 'png' || image.format === 'jpeg')
    return { base64: bytes.toString('base64'), mediaType: image.format === 'png' ? 'image/png' : 'image/jpeg' };
  return { base64: (await sharp(bytes).png().toBuffer()).toString('base64'), mediaType: 'image/png' };
}

/** Sends a queued or half-started segment (same token: Bedrock answers the same invocation). */
export async function startSegment(
  storage: Storage,
  job: JobContext,
  segment: SegmentWork,
  signal: AbortSignal,
): Promise<void> {
  if (segment.status === 'queued' && !storage.videos.markStarting(segment.id)) return;
  const { request } = job;
  const modelInput = buildLumaModelInput({
    prompt: request.prompt,
    camera: segment.camera,
    aspectRatio: request.aspectRatio,
    duration: request.duration,
    resolution: request.resolution,
    loop: request.loop,
    frame0: await keyframe(storage, segment.frame0ImageId),
    ...(segment.frame1ImageId === null ? {} : { frame1: await keyframe(storage, segment.frame1ImageId) }),
  });
  try {
    const arn = await startInvocation(job.runtime, {
      modelId: job.modelId,
      modelInput,
      outputUri: `${job.outputUri}${segment.position}`,
      clientToken: segment.clientToken,
      signal,
    });
    storage.videos.recordArn(segment.id, arn);
  } catch (error) {
    // Not sure it reached Bedrock (network, throttled, aborted): stay `starting`, send again later
    // with the same token. A definite refusal ends the segment, unbilled.
    if (isEaselError(error) && !error.retryable && error.code !== 'aborted' && error.code !== 'network')
      storage.videos.endSegment(segment.id, 'failed', error.toData());
    else if (!isEaselError(error)) throw error;
  }
}

/** Looks at a running segment; downloads and charges it when Bedrock says Completed. True: it moved. */
export async function pollSegment(
  storage: Storage,
  job: JobContext,
  segment: SegmentWork,
  signal: AbortSignal,
): Promise<boolean> {
  if (segment.invocationArn === null) return false;
  const state = await getInvocation(job.runtime, segment.invocationArn, job.modelId);
  if (state.status === 'InProgress') return false;
  if (state.status === 'Failed') {
    const { status, error } = failureError(state.failureMessage);
    storage.videos.endSegment(segment.id, status, error.toData());
    return true;
  }
  if (!state.outputUri)
    throw new EaselError('malformed-response', 'Bedrock finished the video without saying where it is.');
  const location = parseS3Uri(state.outputUri);
  const key = `${location.prefix ? `${location.prefix}/` : ''}output.mp4`;
  const file = segmentFile(storage, segment.id);
  await mkdir(segmentsFolder(storage), { recursive: true });
  await downloadMp4(job.s3, { bucket: location.bucket, key, region: job.region }, file, {
    maxBytes: MAX_SEGMENT_BYTES,
    signal,
  });
  return storage.videos.completeSegment(segment.id, {
    localPath: file,
    outputKey: `s3://${location.bucket}/${key}`,
    priceSource: job.priceSource,
  });
}

/** A completed segment whose local copy is gone (deleted by hand) is fetched again (already paid). */
export async function ensureLocalCopy(storage: Storage, job: JobContext, segment: SegmentWork): Promise<string> {
  const file = segment.localPath ?? segmentFile(storage, segment.id);
  if ((await stat(file).catch(() => null))?.isFile()) return file;
  if (segment.outputKey === null)
    throw new EaselError(
      'io',
      `Segment ${segment.position + 1}'s video is gone and Easel does not know where Bedrock put it.`,
    );
  const location = parseS3Uri(segment.outputKey);
  await mkdir(segmentsFolder(storage), { recursive: true });
  await downloadMp4(job.s3, { bucket: location.bucket, key: location.prefix, region: job.region }, file, {
    maxBytes: MAX_SEGMENT_BYTES,
  });
  return file;
}

export async function removeSegmentFiles(storage: Storage, segments: readonly SegmentWork[]): Promise<void> {
  for (const segment of segments) await rm(segmentFile(storage, segment.id), { force: true });
}
