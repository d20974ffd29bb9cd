// Issue 12 benchmark, section `video`: (1) from Bedrock's "Completed" to the video in the library
// (download from S3, charge, join, probe, poster, content-addressed store, one transaction), for a
// 1-segment and a 3-image (2-segment) path at 720p through the real SDK clients and the emulator;
// the emulator's invocation endTime is the start, the job's finishedAt the end, minus nothing: the
// poll interval (30 ms here) is part of what a user waits. (2) The join's cost per second of video:
// ffmpeg's concat demuxer with stream copy over N 5 s 720p segments, against the floor of copying
// the same bytes once.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAsyncInvokeCommand } from '@aws-sdk/client-bedrock-runtime';
import { joinSegments } from '../../src-main/core/video/index.ts';
import { renderVideo } from '../../src-main/emulator/video/render-video.ts';
import { runtimeClient } from '../support/emulator-calls.ts';
import { createVideoHarness } from '../support/video-harness.ts';
import { formatRatio, formatSummary, summarize, timeRuns } from './stats.ts';

async function completedToLibrary(images: number, iterations: number): Promise<number[]> {
  const h = await createVideoHarness({ emulator: { videoSeconds: 0.01, videoFps: 24 } });
  const bedrock = runtimeClient(h.emulator, 'us-west-2');
  try {
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const ids = await h.addImages(
        Array.from({ length: images }, (_, k) => `#${((i * 7 + k * 5) % 16).toString(16).repeat(6)}`),
      );
      const started = await h.studio.startVideo({
        imageIds: ids,
        cameras: Array.from({ length: Math.max(1, images - 1) }, () => 'push-in'),
        prompt: `bench ${i}`,
        duration: '5s',
        resolution: '720p',
        aspectRatio: '16:9',
        loop: false,
      });
      const job = await h.studio.waitForVideo(started.id);
      if (job.status !== 'succeeded' || job.finishedAt === null) throw new Error(`bench job ${job.status}`);
      let completed = 0;
      for (const segment of job.segments) {
        const state = await bedrock.send(new GetAsyncInvokeCommand({ invocationArn: segment.invocationArn ?? '' }));
        completed = Math.max(completed, state.endTime?.getTime() ?? 0);
      }
      samples.push(Date.parse(job.finishedAt) - completed);
    }
    return samples;
  } finally {
    bedrock.destroy();
    await h.cleanup();
  }
}

async function joinCost(segments: number, iterations: number): Promise<{ join: number[]; copy: number[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-bench-join-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < segments; i++) {
      const file = join(dir, `seg-${i}.mp4`);
      await writeFile(
        file,
        await renderVideo({ prompt: `the camera pans left ${i}`, width: 1280, height: 720, seconds: 5, fps: 24 }),
      );
      files.push(file);
    }
    const out = join(dir, 'joined.mp4');
    const joinRuns = await timeRuns(iterations, () => joinSegments(files, out), 1);
    const copyRuns = await timeRuns(iterations, () => copyFile(out, join(dir, 'copy.mp4')), 1);
    return { join: joinRuns, copy: copyRuns };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchVideo(iterations: number): Promise<string[]> {
  const lines: string[] = [];
  for (const images of [1, 3]) {
    const samples = await completedToLibrary(images, iterations);
    lines.push(
      formatSummary(`Completed → library, ${images} image${images === 1 ? '' : 's'} (720p 5s)`, summarize(samples)),
    );
  }
  for (const segments of [2, 6]) {
    const { join: joined, copy } = await joinCost(segments, iterations);
    const seconds = segments * 5;
    const perSecond = joined.map((ms) => ms / seconds);
    lines.push(formatSummary(`join ${segments}×5 s 720p, per second of video`, summarize(perSecond)));
    lines.push(formatRatio(`join ${segments} segments vs one copy of the result`, summarize(joined), summarize(copy)));
  }
  return lines;
}
