import { describe, expect, it } from 'vitest';
import type { VideoJob, VideoSegment } from '../../../src-shared/contract/video.ts';
import { ERROR_CODES } from '../../../src-shared/errors.ts';
import { hasStartedSegments, progressWords, videoAdvice } from './progress.ts';

const segment = (position: number, status: VideoSegment['status']): VideoSegment => ({
  position,
  status,
  camera: 'push-in',
  frame0ImageId: '1',
  frame1ImageId: '2',
  invocationArn: status === 'queued' ? null : `arn:${position}`,
  seconds: 5,
  priceMicroUsd: 7_500_000,
  error: null,
});

const job = (status: VideoJob['status'], segments: VideoSegment[]): VideoJob => ({
  id: '7',
  status,
  createdAt: '2026-12-01T23:00:00.000Z',
  finishedAt: null,
  modelId: 'luma.ray-v2:0',
  region: 'us-west-2',
  prompt: 'harbour',
  duration: '5s',
  resolution: '720p',
  aspectRatio: '16:9',
  loop: false,
  outputUri: 's3://b/easel/7/',
  segments,
  estimateMicroUsd: 15_000_000,
  chargedMicroUsd: 0,
  uncertainMicroUsd: 0,
  videoImageId: null,
  error: null,
  notice: null,
});

describe('video progress in words', () => {
  it('counts the segments done and at Bedrock while rendering', () => {
    const j = job('running', [segment(0, 'completed'), segment(1, 'running'), segment(2, 'queued')]);
    expect(progressWords(j)).toBe('Rendering · 1 of 3 segments done, 1 at Bedrock');
    expect(hasStartedSegments(j)).toBe(true);
    expect(hasStartedSegments(job('running', [segment(0, 'queued')]))).toBe(false);
  });

  it('names the join and the end states plainly', () => {
    expect(progressWords(job('joining', [segment(0, 'completed'), segment(1, 'completed')]))).toBe(
      'Joining segments · 2 segments into one MP4',
    );
    expect(progressWords(job('succeeded', [segment(0, 'completed')]))).toBe('Done');
    expect(progressWords(job('cancelled', [segment(0, 'cancelled')]))).toBe('Cancelled');
  });

  it('gives advice for each video failure the backend reports', () => {
    for (const code of [
      'content-filtered',
      's3-access-denied',
      's3-wrong-region',
      's3-no-bucket',
      'video-failed',
    ] as const) {
      expect(ERROR_CODES).toContain(code);
      expect(videoAdvice({ code })).toMatch(/\w/);
    }
    expect(videoAdvice({ code: 's3-wrong-region' })).toContain('us-west-2');
    expect(videoAdvice({ code: 'io' })).toBeNull();
  });
});
