// Row shapes of the video tables (migration 006) and their conversion to the contract's shapes.
import type { VideoJob, VideoRequest, VideoSegment } from '../../../src-shared/contract/video.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { toId } from './rows.ts';

export interface DbVideoJob {
  id: number;
  created_at: string;
  finished_at: string | null;
  status: VideoJob['status'];
  model_id: string;
  profile: string | null;
  region: string;
  request: string;
  output_uri: string;
  delete_after: number;
  estimate_micro_usd: number | null;
  error_code: string | null;
  error_message: string | null;
  notice: string | null;
  image_id: number | null;
}

export interface DbVideoSegment {
  id: number;
  video_job_id: number;
  position: number;
  status: VideoSegment['status'];
  camera: string;
  frame0_image_id: number;
  frame1_image_id: number | null;
  client_token: string;
  invocation_arn: string | null;
  seconds: number;
  estimate_micro_usd: number | null;
  reserved_micro_usd: number;
  price_micro_usd: number | null;
  output_key: string | null;
  local_path: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string | null;
  finished_at: string | null;
}

/** A segment row with its open uncertain spend (the ledger's 'uncertain' bucket for it). */
export type DbVideoSegmentSpend = DbVideoSegment & { uncertain_micro_usd: number };

/** A segment as the video runner works with it (core/video). */
export interface SegmentWork {
  id: number;
  jobId: string;
  position: number;
  status: VideoSegment['status'];
  camera: string;
  frame0ImageId: string;
  frame1ImageId: string | null;
  clientToken: string;
  invocationArn: string | null;
  seconds: number;
  localPath: string | null;
  outputKey: string | null;
}

export function segmentWorkFromRow(row: DbVideoSegment): SegmentWork {
  return {
    id: row.id,
    jobId: toId(row.video_job_id),
    position: row.position,
    status: row.status,
    camera: row.camera,
    frame0ImageId: toId(row.frame0_image_id),
    frame1ImageId: row.frame1_image_id === null ? null : toId(row.frame1_image_id),
    clientToken: row.client_token,
    invocationArn: row.invocation_arn,
    seconds: row.seconds,
    localPath: row.local_path,
    outputKey: row.output_key,
  };
}

function errorOf(code: string | null, message: string | null): VideoJob['error'] {
  return message === null ? null : { code: (code ?? 'internal') as ErrorCode, message };
}

export function videoJobFromRows(job: DbVideoJob, segments: readonly DbVideoSegmentSpend[]): VideoJob {
  const request = JSON.parse(job.request) as VideoRequest;
  return {
    id: toId(job.id),
    status: job.status,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
    modelId: job.model_id,
    region: job.region,
    prompt: request.prompt,
    duration: request.duration,
    resolution: request.resolution,
    aspectRatio: request.aspectRatio,
    loop: request.loop,
    outputUri: job.output_uri,
    segments: segments.map((s) => ({
      position: s.position,
      status: s.status,
      camera: s.camera,
      frame0ImageId: toId(s.frame0_image_id),
      frame1ImageId: s.frame1_image_id === null ? null : toId(s.frame1_image_id),
      invocationArn: s.invocation_arn,
      seconds: s.seconds,
      priceMicroUsd: s.price_micro_usd,
      error: errorOf(s.error_code, s.error_message),
    })),
    estimateMicroUsd: job.estimate_micro_usd,
    // Completed segments, and cancelled ones the user settled as billed.
    chargedMicroUsd: segments.reduce((sum, s) => sum + (s.price_micro_usd ?? 0), 0),
    uncertainMicroUsd: segments.reduce((sum, s) => sum + s.uncertain_micro_usd, 0),
    videoImageId: job.image_id === null ? null : toId(job.image_id),
    error: errorOf(job.error_code, job.error_message),
    notice: job.notice,
  };
}
