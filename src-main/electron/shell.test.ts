// Window state, menu, drag and log redaction: the shell's plain pieces.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDragItem, resolveDragItem } from './drag.ts';
import type { ImageResolver } from './image-protocol.ts';
import { redactSecrets } from '../../src-shared/redact.ts';
import { createLogger } from './log.ts';
import { buildMenuTemplate } from './menu.ts';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from './window-state.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'easel-shell-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips bounds through the JSON file', async () => {
    const file = path.join(dir, 'window-state.json');
    await saveWindowState(file, { x: 100, y: 80, width: 1300.4, height: 850 }, true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      x: 100,
      y: 80,
      width: 1300,
      height: 850,
      maximized: true,
    });
    expect(await loadWindowState(file, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      x: 100,
      y: 80,
      width: 1300,
      height: 850,
      maximized: true,
    });
  });

  it('falls back to defaults for missing or corrupt files, and drops off-screen positions', async () => {
    expect(await loadWindowState(path.join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW_STATE);
    const corrupt = path.join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"width": "wide"');
    expect(await loadWindowState(corrupt)).toEqual(DEFAULT_WINDOW_STATE);
    const tiny = path.join(dir, 'tiny.json');
    await writeFile(tiny, JSON.stringify({ width: 10, height: 10 }));
    expect(await loadWindowState(tiny)).toEqual(DEFAULT_WINDOW_STATE);
    const away = path.join(dir, 'away.json');
    await saveWindowState(away, { x: 5000, y: 3000, width: 1200, height: 800 }, false);
    expect(await loadWindowState(away, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
  });
});

describe('menu', () => {
  const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
  const noop = { about: () => {}, importImages: () => {}, openDataFolder: () => {} };

  it('has the standard roles and shortcuts, About, and the app menu on macOS', () => {
    const mac = flat(buildMenuTemplate({ appName: 'Easel', isMac: true, isDev: false, actions: noop }));
    const roles = mac.map((i) => i.role).filter(Boolean);
    for (const role of [
      'quit',
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'reload',
      'togglefullscreen',
      'windowMenu',
      'hide',
      'zoomIn',
    ])
      expect(roles).toContain(role);
    expect(roles).not.toContain('toggleDevTools');
    expect(mac.some((i) => i.label === 'About Easel')).toBe(true);
    expect(mac.find((i) => i.label === 'Import Images…')?.accelerator).toBe('CmdOrCtrl+I');
  });

  it('puts About under Help elsewhere, and devtools only in development', () => {
    let clicked = '';
    const linux = flat(
      buildMenuTemplate({
        appName: 'Easel',
        isMac: false,
        isDev: true,
        actions: { ...noop, about: () => (clicked = 'about') },
      }),
    );
    expect(linux.map((i) => i.role)).toContain('toggleDevTools');
    expect(linux.map((i) => i.role)).not.toContain('hide');
    const about = linux.find((i) => i.label === 'About Easel');
    (about?.click as () => void)();
    expect(clicked).toBe('about');
  });
});

describe('drag out', () => {
  it('builds the startDrag item for one or several files', () => {
    expect(buildDragItem(['/lib/a.png'], '/lib/a.thumb.webp')).toEqual({
      file: '/lib/a.png',
      icon: '/lib/a.thumb.webp',
    });
    expect(buildDragItem(['/lib/a.png', '/lib/b.png'], '/i.png')).toEqual({
      file: '/lib/a.png',
      files: ['/lib/a.png', '/lib/b.png'],
      icon: '/i.png',
    });
    expect(() => buildDragItem([], '/i.png')).toThrow();
    expect(() => buildDragItem(['/a.png'], '')).toThrow();
  });

  it('resolves ids to real library files, skipping unknown ones and anything outside the library', async () => {
    const library = path.join(dir, 'library');
    await mkdir(library, { recursive: true });
    // Only the signature matters to the drag resolver: files must start like an image.
    const pngBytes = (text: string) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(text)]);
    await writeFile(path.join(library, 'a.png'), pngBytes('a'));
    await writeFile(path.join(library, 'a.thumb.png'), pngBytes('t'));
    await writeFile(path.join(library, 'b.png'), pngBytes('b'));
    await writeFile(path.join(dir, 'outside.png'), pngBytes('o'));
    await symlink(path.join(dir, 'outside.png'), path.join(library, 'link.png'));
    const files: Record<string, string> = {
      '1/full': 'a.png',
      '1/thumb': 'a.thumb.png',
      '2/full': 'b.png',
      '3/full': 'link.png',
      '4/full': '../outside.png',
    };
    const resolve: ImageResolver = async (id, variant) => {
      const name = files[`${id}/${variant}`];
      return name === undefined ? null : { filePath: path.join(library, name), mimeType: 'image/png' };
    };
    const item = await resolveDragItem(['1', '2', '3', '4', '99', '1'], resolve, dir);
    expect(item?.files?.map((f) => path.basename(f))).toEqual(['a.png', 'b.png']);
    expect(path.basename(item?.icon ?? '')).toBe('a.thumb.png');
    expect(await resolveDragItem(['3', '4'], resolve, dir)).toBeNull();
    for (const junk of [[], '1', [1], ['../a.png'], null, Array.from({ length: 500 }, () => '1')])
      expect(await resolveDragItem(junk, resolve, dir)).toBeNull();
  });
});

describe('log redaction', () => {
  it('removes access key ids, secret keys and session tokens', () => {
    const token = 'IQoJb3JpZ2luX2VjE' + 'A'.repeat(120) + '==';
    const text = `key AKIAIOSFODNN7EXAMPLE and AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, aws_session_token = ${token}, "secretAccessKey":"abc"`;
    const out = redactSecrets(text);
    for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'AKIDEXAMPLE', 'wJalrXUtnFEMI', token, '"abc"'])
      expect(out).not.toContain(secret);
    expect(redactSecrets('plain message about model amazon.nova-canvas-v1:0')).toBe(
      'plain message about model amazon.nova-canvas-v1:0',
    );
  });

  it('redacts error stacks passed to a logger', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l))('failed', new Error('bad key AKIAIOSFODNN7EXAMPLE'));
    expect(lines[0]).toContain('failed');
    expect(lines[0]).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});
