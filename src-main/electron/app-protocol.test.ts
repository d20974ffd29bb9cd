import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/contract/index.ts';
import { createAppProtocolHandler, staticRelativePath } from './app-protocol.ts';

let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'easel-app-'));
  const renderer = path.join(root, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'nope');
  await symlink(path.join(root, 'secret.txt'), path.join(renderer, 'assets', 'link.js'));
  handler = createAppProtocolHandler(renderer);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app protocol (renderer files)', () => {
  it('serves index.html with the CSP and assets with their types', async () => {
    const index = await handler(new Request('easel-app://renderer/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const js = await handler(new Request('easel-app://renderer/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses traversal, symlinks out and missing files', async () => {
    for (const url of [
      'easel-app://renderer/../secret.txt',
      'easel-app://renderer/%2e%2e/secret.txt',
      'easel-app://renderer/assets/..%2F..%2Fsecret.txt',
      'easel-app://renderer/assets/link.js',
      'easel-app://renderer/nope.js',
      'easel-app://renderer/a%5C..%5Csecret.txt',
    ]) {
      const response = await handler(new Request(url));
      expect([400, 404], url).toContain(response.status);
      expect(await response.text()).not.toContain('nope');
    }
  });

  it('maps URL paths to relative file paths or refuses them', () => {
    expect(staticRelativePath('/')).toBe('index.html');
    expect(staticRelativePath('/assets/a.js')).toBe('assets/a.js');
    expect(staticRelativePath('/a/%2e%2e/b')).toBeNull();
    expect(staticRelativePath('/a%00')).toBeNull();
    expect(staticRelativePath('/%E0%A4%A')).toBeNull();
  });
});
