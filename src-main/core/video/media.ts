// What Easel does with MP4s on this machine: read their facts (mediabunny, pure TypeScript),
// join segments into one file (ffmpeg's concat demuxer, stream copy: no re-encoding), and take
// the poster frame (ffmpeg, the first frame as PNG).
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ALL_FORMATS, FilePathSource, Input } from 'mediabunny';
import { EaselError } from '../../../src-shared/errors.ts';
import { runFfmpeg } from './ffmpeg.ts';

export interface Mp4Facts {
  durationMs: number;
  width: number;
  height: number;
  codec: string;
}

/** Duration, size and codec of an MP4 with H.264 video; refuses anything else. */
export async function readMp4Facts(file: string): Promise<Mp4Facts> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(file) });
  try {
    const mime = await input.getMimeType();
    const track = await input.getPrimaryVideoTrack();
    if (!mime.startsWith('video/mp4') || !track) throw new Error(`not an MP4 video (${mime})`);
    const codec = (await track.getCodecParameterString()) ?? '';
    if (!codec.startsWith('avc1')) throw new Error(`video codec ${codec || 'unknown'}, not H.264`);
    return {
      durationMs: Math.round((await input.computeDuration()) * 1000),
      width: track.displayWidth,
      height: track.displayHeight,
      codec,
    };
  } catch (error) {
    throw new EaselError(
      'bad-image',
      `${file} is not a usable video: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    input.dispose();
  }
}

/**
 * One MP4 from the segments in order, without re-encoding: every segment of a path has the same
 * size, frame rate and codec, so ffmpeg's concat demuxer copies their streams end to end.
 */
export async function joinSegments(files: readonly string[], out: string): Promise<void> {
  if (files.length === 0) throw new Error('nothing to join');
  const list = join(dirname(out), `${Date.now()}-${process.pid}-concat.txt`);
  // The concat list quotes each path; a quote inside a path is written as '\''.
  await writeFile(list, files.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n'));
  try {
    await runFfmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-y', out]);
  } finally {
    await rm(list, { force: true });
  }
}

/** The first frame as PNG bytes (the library's poster and thumbnail). */
export async function posterFrame(file: string): Promise<Buffer> {
  const { stdout } = await runFfmpeg(['-i', file, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-']);
  if (stdout.length === 0) throw new EaselError('bad-image', `${file} has no frame to show.`);
  return stdout;
}
