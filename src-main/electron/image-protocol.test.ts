import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageProtocolHandler, IMAGE_CACHE_CONTROL, parseImageUrl } from './image-protocol.ts';
import type { ImageResolver } from './image-protocol.ts';

let root: string;
let library: string;
let png: Buffer;
const asked: string[] = [];
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'easel-protocol-'));
  library = path.join(root, 'library');
  await mkdir(path.join(library, 'ab'), { recursive: true });
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  await writeFile(path.join(library, 'ab', 'abc.png'), png);
  await writeFile(path.join(library, 'ab', 'abc.thumb.webp'), Buffer.from('RIFFxxxxWEBP'));
  await writeFile(path.join(root, 'secret.txt'), 'outside the library');
  await symlink(path.join(root, 'secret.txt'), path.join(library, 'ab', 'escape.png'));
  await symlink(root, path.join(library, 'ab', 'dir-link'));
  // A SQLite database in the data folder, and a library file replaced by a symlink to it.
  await writeFile(path.join(root, 'easel.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
  await symlink(path.join(root, 'easel.db'), path.join(library, 'ab', 'db.png'));
  // Not an image, though inside library/; and a real thumbnail under thumbs/.
  await writeFile(path.join(library, 'ab', 'notes.png'), 'just text');
  await mkdir(path.join(root, 'thumbs', 'ab'), { recursive: true });
  const webp = await sharp(png).webp().toBuffer();
  await writeFile(path.join(root, 'thumbs', 'ab', 'abc.webp'), webp);
  const files: Record<string, { filePath: string; mimeType: string }> = {
    '1/full': { filePath: path.join(library, 'ab', 'abc.png'), mimeType: 'image/png' },
    '1/thumb': { filePath: path.join(library, 'ab', 'abc.thumb.webp'), mimeType: 'image/webp' },
    '2/full': { filePath: path.join(library, 'ab', 'escape.png'), mimeType: 'image/png' },
    '3/full': { filePath: path.join(root, 'secret.txt'), mimeType: 'image/png' },
    '4/full': { filePath: path.join(library, 'ab', 'dir-link', 'secret.txt'), mimeType: 'image/png' },
    '5/full': { filePath: path.join(library, 'ab', 'missing.png'), mimeType: 'image/png' },
    '6/full': { filePath: path.join(library, 'ab', '..', '..', 'secret.txt'), mimeType: 'image/png' },
    '7/full': { filePath: path.join(library, 'ab', 'abc.png'), mimeType: 'text/html' },
    '8/full': { filePath: library, mimeType: 'image/png' },
    '9/full': { filePath: path.join(library, 'ab', 'db.png'), mimeType: 'image/png' },
    '10/full': { filePath: path.join(root, 'easel.db'), mimeType: 'image/png' },
    '11/full': { filePath: path.join(library, 'ab', 'notes.png'), mimeType: 'image/png' },
    '12/thumb': { filePath: path.join(root, 'thumbs', 'ab', 'abc.webp'), mimeType: 'image/webp' },
    '13/full': { filePath: path.join(library, 'ab', 'abc.png'), mimeType: 'image/jpeg' },
  };
  const resolve: ImageResolver = async (id, variant) => {
    asked.push(`${id}/${variant}`);
    if (id === 'boom') throw new Error('database is locked');
    return files[`${id}/${variant}`] ?? null;
  };
  handler = createImageProtocolHandler(resolve, root, () => {});
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('easel-image protocol', () => {
  it('streams the resolved file with its type and immutable caching', async () => {
    const response = await get('easel-image://image/1/full');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe(IMAGE_CACHE_CONTROL);
    expect(response.headers.get('content-length')).toBe(String(png.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    const thumb = await get('easel-image://image/1/thumb');
    expect(thumb.headers.get('content-type')).toBe('image/webp');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('easel-image://image/1/full', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get('easel-image://image/1/full', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('404s unknown ids and unknown variants', async () => {
    expect((await get('easel-image://image/999/full')).status).toBe(404);
    expect((await get('easel-image://image/1/medium')).status).toBe(404);
  });

  it('refuses files outside the library, through symlinks or not, and missing files', async () => {
    for (const id of ['2', '3', '4', '5', '6', '8']) {
      const response = await get(`easel-image://image/${id}/full`);
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain('outside the library');
    }
  });

  it('serves only image files under library/ and thumbs/: never the database, whatever points at it', async () => {
    for (const id of ['9', '10', '11']) {
      const response = await get(`easel-image://image/${id}/full`);
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain('SQLite');
    }
    const thumb = await get('easel-image://image/12/thumb');
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
  });

  it('labels a file by its bytes: a PNG the resolver calls JPEG is not served as JPEG', async () => {
    const response = await get('easel-image://image/13/full');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('never serves a content type other than an image type', async () => {
    const response = await get('easel-image://image/7/full');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('400s malformed URLs without asking the resolver', async () => {
    asked.length = 0;
    const malformed = [
      'easel-image://image/../full',
      'easel-image://image/..%2F..%2Fsecret.txt/full',
      'easel-image://image/%2e%2e/full',
      'easel-image://image/%2E%2E%2Fsecret/full',
      'easel-image://image/1%2Ffull/full',
      'easel-image://image//etc/passwd',
      'easel-image://image/C:%5Cwindows/full',
      'easel-image://image/a%5C..%5Cb/full',
      'easel-image://image/1/full?x=1',
      'easel-image://image/1/full#frag',
      'easel-image://image/1/full/extra',
      'easel-image://image/1',
      'easel-image://image/',
      'easel-image://other/1/full',
      'easel-image://user:pw@image/1/full',
      'easel-image://image:8080/1/full',
      'easel-image://1/full',
      'easel-image:///etc/passwd',
      'file:///etc/passwd',
      'http://image/1/full',
      `easel-image://image/${'a'.repeat(65)}/full`,
      'easel-image://image/1 2/full',
      'easel-image://image/1%00/full',
      'easel-image://image/1/FULL',
    ];
    for (const url of malformed) {
      let request: Request;
      try {
        request = new Request(url);
      } catch {
        continue; // the URL parser itself refused it
      }
      const response = await handler(request);
      expect([400, 404], url).toContain(response.status);
    }
    expect(asked).toEqual([]);
  });

  it('500s (without details) when the resolver fails', async () => {
    const response = await get('easel-image://image/boom/full');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('locked');
  });

  it('parses exactly one shape', () => {
    expect(parseImageUrl('easel-image://image/42/thumb')).toEqual({ kind: 'ok', imageId: '42', variant: 'thumb' });
    expect(parseImageUrl('easel-image://image/42/huge')).toEqual({ kind: 'unknown-variant' });
    expect(parseImageUrl('easel-image://image/4.2/full')).toEqual({ kind: 'malformed' });
  });
});

describe('sniffImageType', () => {
  it('knows PNG, JPEG and WebP by their first bytes, and nothing else', async () => {
    const { sniffImageType } = await import('./image-files.ts');
    const px = sharp({ create: { width: 2, height: 2, channels: 3, background: '#00f' } });
    expect(sniffImageType(await px.clone().png().toBuffer())).toBe('image/png');
    expect(sniffImageType(await px.clone().jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffImageType(await px.clone().webp().toBuffer())).toBe('image/webp');
    expect(sniffImageType(Buffer.from('SQLite format 3\0'))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
