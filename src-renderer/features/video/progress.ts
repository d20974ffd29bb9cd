// A video job in words for the queue: its status, how far its segments are, and for each failure
// what the user can do about it. Pure (tested in progress.test.ts).
import type { VideoJob, VideoSegment } from '../../../src-shared/contract/video.ts';
import type { ErrorData } from '../../../src-shared/errors.ts';

export function isVideoActive(job: Pick<VideoJob, 'status'>): boolean {
  return job.status === 'running' || job.status === 'joining';
}

export const VIDEO_STATUS_WORDS: Record<VideoJob['status'], string> = {
  running: 'Rendering',
  joining: 'Joining segments',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const SEGMENT_STATUS_WORDS: Record<VideoSegment['status'], string> = {
  queued: 'waiting its turn',
  starting: 'sending to Bedrock',
  running: 'rendering at Bedrock (polling)',
  completed: 'done',
  failed: 'failed',
  filtered: 'filtered',
  cancelled: 'cancelled',
};

/** "Rendering · 1 of 3 segments done, 2 at Bedrock" */
export function progressWords(job: VideoJob): string {
  const total = job.segments.length;
  const count = (status: VideoSegment['status']) => job.segments.filter((s) => s.status === status).length;
  const done = count('completed');
  const status = VIDEO_STATUS_WORDS[job.status];
  if (!isVideoActive(job) || total === 0) return status;
  if (job.status === 'joining') return `${status} · ${total} ${total === 1 ? 'segment' : 'segments'} into one MP4`;
  const atBedrock = count('running') + count('starting');
  const parts = [`${done} of ${total} ${total === 1 ? 'segment' : 'segments'} done`];
  if (atBedrock > 0) parts.push(`${atBedrock} at Bedrock`);
  return `${status} · ${parts.join(', ')}`;
}

/** What to do about a failure, by its code (the message itself says what happened). */
export function videoAdvice(error: Pick<ErrorData, 'code'>): string | null {
  switch (error.code) {
    case 'content-filtered':
      return 'Bedrock’s safety filter refused the prompt or one of the images: change the prompt or leave that image out, then render again.';
    case 's3-access-denied':
      return 'Your AWS identity may not write to or read from the output bucket: allow s3:PutObject, s3:GetObject and s3:ListBucket on it (and Bedrock’s access to it), or choose another bucket in Settings → Video output.';
    case 's3-wrong-region':
      return 'Luma Ray2 runs in us-west-2 and writes only to a bucket in that region: create or choose a bucket there in Settings → Video output.';
    case 's3-no-bucket':
      return 'Choose or create an output bucket in Settings → Video output, then render again.';
    case 'video-failed':
      return 'Bedrock could not render this segment: try again, or another camera move or image pair.';
    case 'budget-exceeded':
      return 'A hard budget refuses this path: raise it in Spend or render fewer or shorter segments.';
    case 'access-denied':
      return 'Request access to Luma Ray2 in the Bedrock console (us-west-2), then render again.';
    default:
      return null;
  }
}

/** Said on every cancel of a path that has reached Bedrock (Bedrock cannot stop an invocation). */
export const CANCEL_WARNING =
  'Cancelling stops Easel from waiting: segments Bedrock has already started keep running there and may still be billed.';

export function hasStartedSegments(job: VideoJob): boolean {
  return job.segments.some((s) => s.status === 'running' || s.status === 'starting');
}
