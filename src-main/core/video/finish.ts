// The last step of a path: its segments joined into one MP4 (stream copy), checked (duration = the
// sum of the segments), stored content-addressed in the library with its poster frame, the job
// recorded succeeded in one transaction, then the S3 copies deleted if the user chose so.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { writePngTextChunks } from '../metadata/index.ts';
import { storeVideoFile, type SegmentWork, type Storage } from '../storage/index.ts';
import { joinSegments, posterFrame, readMp4Facts } from './media.ts';
import { deleteObject, parseS3Uri } from './s3.ts';
import { ensureLocalCopy, removeSegmentFiles, segmentsFolder, type JobContext } from './segment-steps.ts';

/** A joined video may differ from the sum of its segments by this much (a frame at 24 fps, rounded). */
const DURATION_TOLERANCE_MS = 100;

export async function finishJob(
  storage: Storage,
  job: JobContext,
  segments: readonly SegmentWork[],
): Promise<VideoJob> {
  storage.videos.setJoining(job.jobId);
  const files: string[] = [];
  let expectedMs = 0;
  for (const segment of segments) {
    const file = await ensureLocalCopy(storage, job, segment);
    expectedMs += (await readMp4Facts(file)).durationMs;
    files.push(file);
  }
  const joined = files.length === 1 ? (files[0] as string) : join(segmentsFolder(storage), `job-${job.jobId}.mp4`);
  if (files.length > 1) await joinSegments(files, joined);
  const facts = await readMp4Facts(joined);
  if (Math.abs(facts.durationMs - expectedMs) > DURATION_TOLERANCE_MS)
    throw new EaselError(
      'io',
      `The joined video lasts ${facts.durationMs} ms, not the ${expectedMs} ms of its segments.`,
    );
  const video = await storeVideoFile(storage.paths.root, joined);
  // The poster names its video, so two videos that open on the same frame keep two library items.
  const poster = writePngTextChunks(await posterFrame(joined), [
    { keyword: 'Comment', text: `Easel video ${video.sha256}` },
  ]);
  const stored = await storage.store.put(poster);
  const done = storage.videoAssets.finish(job.jobId, stored, video, facts);
  if (files.length > 1) await rm(joined, { force: true });
  await removeSegmentFiles(storage, segments);
  if (job.deleteAfter) await deleteS3Copies(job, segments);
  return done;
}

/** Best effort: the video is safe in the library; a copy left in S3 costs storage, not the video. */
async function deleteS3Copies(job: JobContext, segments: readonly SegmentWork[]): Promise<void> {
  for (const segment of segments) {
    if (segment.outputKey === null) continue;
    const { bucket, prefix } = parseS3Uri(segment.outputKey);
    await deleteObject(job.s3, bucket, prefix, job.region).catch(() => undefined);
  }
}
