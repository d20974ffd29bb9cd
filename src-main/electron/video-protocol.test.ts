// The image protocol's `video` variant: an MP4 (by its bytes) under library/, with range requests
// so a <video> can seek; an image is never served as a video, nor an MP4 as an image.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from './file-response.ts';
import { sniffVideoType } from './image-files.ts';
import { createImageProtocolHandler } from './image-protocol.ts';
import type { ImageResolver } from './image-protocol.ts';

let root: string;
let mp4: Buffer;
let handler: (request: Request) => Promise<Response>;

/** An ISO-BMFF file start: a 24-byte ftyp box (brand isom), then 1,000 bytes of "media". */
function fakeMp4(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.write('isomavc1', 16, 'latin1');
  const media = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  return Buffer.concat([ftyp, media]);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'easel-video-protocol-'));
  await mkdir(path.join(root, 'library', 'cd'), { recursive: true });
  mp4 = fakeMp4();
  await writeFile(path.join(root, 'library', 'cd', 'cde.mp4'), mp4);
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0f0' } })
    .png()
    .toBuffer();
  await writeFile(path.join(root, 'library', 'cd', 'cde.png'), png);
  await writeFile(path.join(root, 'easel.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
  await symlink(path.join(root, 'easel.db'), path.join(root, 'library', 'cd', 'db.mp4'));
  await writeFile(path.join(root, 'outside.mp4'), mp4);
  const files: Record<string, { filePath: string; mimeType: string }> = {
    '1/video': { filePath: path.join(root, 'library', 'cd', 'cde.mp4'), mimeType: 'video/mp4' },
    '1/full': { filePath: path.join(root, 'library', 'cd', 'cde.png'), mimeType: 'image/png' },
    // A resolver that hands the wrong file for each variant, the database, a file outside.
    '2/video': { filePath: path.join(root, 'library', 'cd', 'cde.png'), mimeType: 'video/mp4' },
    '2/full': { filePath: path.join(root, 'library', 'cd', 'cde.mp4'), mimeType: 'image/png' },
    '3/video': { filePath: path.join(root, 'library', 'cd', 'db.mp4'), mimeType: 'video/mp4' },
    '4/video': { filePath: path.join(root, 'outside.mp4'), mimeType: 'video/mp4' },
  };
  const resolve: ImageResolver = async (id, variant) => files[`${id}/${variant}`] ?? null;
  handler = createImageProtocolHandler(resolve, root, () => {});
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('the video variant of easel-image', () => {
  it('serves the MP4 whole, saying it takes ranges', async () => {
    const response = await get('easel-image://image/1/video');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(mp4.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(mp4)).toBe(true);
  });

  it('answers a range with 206 and exactly those bytes (what a seeking <video> asks)', async () => {
    const part = await get('easel-image://image/1/video', { headers: { Range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${mp4.length}`);
    expect(part.headers.get('content-length')).toBe('8');
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftypisom');
    const open = await get('easel-image://image/1/video', { headers: { Range: 'bytes=1000-' } });
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer()).equals(mp4.subarray(1000))).toBe(true);
    const suffix = await get('easel-image://image/1/video', { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(mp4.subarray(mp4.length - 10))).toBe(true);
  });

  it('416s a range outside the file, naming its size', async () => {
    const response = await get('easel-image://image/1/video', { headers: { Range: `bytes=${mp4.length}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${mp4.length}`);
  });

  it('serves a video only when the bytes are an MP4, and an image only when they are an image', async () => {
    expect((await get('easel-image://image/2/video')).status).toBe(404);
    expect((await get('easel-image://image/2/full')).status).toBe(404);
    expect((await get('easel-image://image/1/full')).headers.get('content-type')).toBe('image/png');
  });

  it('never serves the database or a file outside library/ as a video', async () => {
    for (const id of ['3', '4', '9']) {
      const response = await get(`easel-image://image/${id}/video`);
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain('SQLite');
    }
  });
});

describe('parseRange', () => {
  it('reads one bytes range, clamped to the file', () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-20', 100)).toEqual({ start: 10, end: 20 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-30', 100)).toEqual({ start: 70, end: 99 });
    expect(parseRange('bytes=-300', 100)).toEqual({ start: 0, end: 99 });
  });

  it('refuses what it does not serve', () => {
    for (const header of [
      'bytes=100-',
      'bytes=20-10',
      'bytes=-0',
      'bytes=-',
      'bytes=0-1,5-6',
      'items=0-1',
      'bytes=a-b',
    ])
      expect(parseRange(header, 100), header).toBe('unsatisfiable');
  });
});

describe('sniffVideoType', () => {
  it('knows an MP4 by its ftyp box, and not an image, a database or a QuickTime-less box', () => {
    expect(sniffVideoType(fakeMp4())).toBe('video/mp4');
    expect(sniffVideoType(Buffer.from('\0\0\0\x18ftypmp42', 'latin1'))).toBe('video/mp4');
    expect(sniffVideoType(Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\0', 'latin1'))).toBeNull();
    expect(sniffVideoType(Buffer.from('SQLite format 3\0'))).toBeNull();
    expect(sniffVideoType(Buffer.from('\0\0\0\x18ftypheic', 'latin1'))).toBeNull();
    expect(sniffVideoType(new Uint8Array(4))).toBeNull();
  });
});
