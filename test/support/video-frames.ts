// One frame of an MP4 as PNG, through the bundled ffmpeg (tests look at what a video shows).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';

export async function frameAt(mp4: Buffer, seconds: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-frame-'));
  try {
    const file = join(dir, 'in.mp4');
    await writeFile(file, mp4);
    return await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(ffmpeg.path, [
        ...['-hide_banner', '-loglevel', 'error', '-ss', String(seconds), '-i', file],
        ...['-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'],
      ]);
      const out: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exit ${code}`)),
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
