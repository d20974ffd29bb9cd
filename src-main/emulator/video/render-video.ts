// The emulator's Ray2 output: a real H.264 MP4 of the requested size and length whose frames move
// across frame0 along the prompt's camera move and fade toward frame1 (when given). ffmpeg does the
// motion (zoompan), the fade (alpha fade + overlay) and the encoding (libx264) in one run; sharp
// prepares the keyframes at the output size first.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { moveInPrompt, zoompanExpressions } from './moves.ts';

export interface VideoSpec {
  prompt: string;
  width: number;
  height: number;
  seconds: number;
  fps: number;
  frame0?: Buffer;
  frame1?: Buffer;
}

const requireFromHere = createRequire(import.meta.url);

function ffmpegBinary(): string {
  return process.env.EASEL_FFMPEG ?? (requireFromHere('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** A keyframe at exactly width × height (cover, centred); a colour from the prompt when absent. */
async function keyframe(image: Buffer | undefined, spec: VideoSpec, hue: number): Promise<Buffer> {
  if (image)
    return sharp(image).resize(spec.width, spec.height, { fit: 'cover' }).png({ compressionLevel: 1 }).toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 140) % 360},70%,25%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${spec.width / 2}" cy="${spec.height / 2}" r="${spec.height / 5}" fill="hsl(${(hue + 60) % 360},80%,70%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer();
}

function hueOf(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exit ${code}: ${Buffer.concat(err).toString().slice(-500)}`)),
    );
  });
}

export async function renderVideo(spec: VideoSpec): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-emulator-video-'));
  try {
    const frames = Math.round(spec.seconds * spec.fps);
    const f0 = join(dir, 'frame0.png');
    await writeFile(f0, await keyframe(spec.frame0, spec, hueOf(spec.prompt)));
    const { z, x, y } = zoompanExpressions(moveInPrompt(spec.prompt), frames);
    const size = `${spec.width}x${spec.height}`;
    const motion = `[0:v]setsar=1,zoompan=z='${z}':x='${x}':y='${y}':d=1:s=${size}:fps=${spec.fps}`;
    const inputs = ['-loop', '1', '-framerate', String(spec.fps), '-t', String(spec.seconds), '-i', f0];
    let graph = `${motion},format=yuv420p[v]`;
    if (spec.frame1) {
      const f1 = join(dir, 'frame1.png');
      await writeFile(f1, await keyframe(spec.frame1, spec, 0));
      inputs.push('-loop', '1', '-framerate', String(spec.fps), '-t', String(spec.seconds), '-i', f1);
      graph =
        `${motion}[a];[1:v]setsar=1,format=yuva420p,fade=t=in:st=0:d=${spec.seconds}:alpha=1[b];` +
        `[a][b]overlay=format=yuv420,format=yuv420p[v]`;
    }
    const out = join(dir, 'output.mp4');
    await run([
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', ...inputs],
      ...['-filter_complex', graph, '-map', '[v]', '-frames:v', String(frames)],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-r', String(spec.fps)],
      ...['-movflags', '+faststart', '-y', out],
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
