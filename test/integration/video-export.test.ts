// Export of a video from the library: the item (its poster's row) is written as its MP4, byte for
// byte, under the template's name with .mp4, beside images exported in the same run as images.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoHarness, type VideoHarness } from '../support/video-harness.ts';

let h: VideoHarness;
let out: string;

beforeAll(async () => {
  h = await createVideoHarness();
  out = await mkdtemp(join(tmpdir(), 'easel-video-export-'));
});

afterAll(async () => {
  await h?.cleanup();
  await rm(out, { recursive: true, force: true });
});

describe('exporting a video', () => {
  it('writes the MP4 itself (not its poster), and the images of the run as images', async () => {
    const [source = ''] = await h.addImages(['#335577']);
    const started = await h.studio.startVideo({
      imageIds: [source],
      cameras: ['push-in'],
      prompt: 'a lantern in the fog',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '1:1',
      loop: false,
    });
    const job = await h.studio.waitForVideo(started.id);
    const videoId = job.videoImageId ?? '';
    expect(job.status).toBe('succeeded');

    const result = await h.studio.exportImages({
      imageIds: [videoId, source],
      folder: out,
      template: '{id}',
      withMetadata: false,
      sidecar: true,
    });
    expect(result.files.map((f) => [f.status, f.file?.slice(out.length + 1)])).toEqual([
      ['exported', `${videoId}.mp4`],
      ['exported', `${source}.png`],
    ]);
    const exported = await readFile(join(out, `${videoId}.mp4`));
    expect(exported.equals(await readFile(h.studio.videoFile(videoId)))).toBe(true);
    expect(exported.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(result.files[0]?.sidecar).toBe(join(out, `${videoId}.json`));
  });
});
