import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataPaths, imageRelPath, thumbRelPath } from '../storage/index.ts';
import {
  defaultDataDir,
  readDataLocation,
  resolveDataDir,
  resolveDataLocation,
  writeDataLocation,
} from './location.ts';

describe('resolveDataDir', () => {
  it('prefers EASEL_HOME', () => {
    expect(resolveDataDir({ EASEL_HOME: '/data/easel' }, 'linux', '/home/u')).toBe('/data/easel');
  });
  it('follows Electron userData per platform', () => {
    expect(resolveDataDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.config', 'Easel'));
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe(join('/xdg', 'Easel'));
    expect(resolveDataDir({}, 'darwin', '/Users/u')).toBe(join('/Users/u', 'Library', 'Application Support', 'Easel'));
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      join('C:\\Users\\u\\AppData\\Roaming', 'Easel'),
    );
  });
  it('lays out the folder', () => {
    const sha = 'ab' + 'c'.repeat(62);
    expect(dataPaths('/d').database).toBe(join('/d', 'easel.db'));
    expect(imageRelPath(sha, 'png')).toBe(`library/ab/${sha}.png`);
    expect(imageRelPath(sha, 'jpeg')).toBe(`library/ab/${sha}.jpg`);
    expect(thumbRelPath(sha)).toBe(`thumbs/ab/${sha}.webp`);
  });
});

describe('the moved data folder pointer (<default>/location.json)', () => {
  const withHome = (fn: (home: string, env: Record<string, string>) => void) => {
    const home = mkdtempSync(join(tmpdir(), 'easel-paths-'));
    try {
      fn(home, { XDG_CONFIG_HOME: join(home, 'config') });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };

  it('is followed when present; EASEL_HOME still wins; removing it goes back to the default', () => {
    withHome((home, env) => {
      const fallback = defaultDataDir(env, 'linux', home);
      expect(resolveDataLocation(env, 'linux', home)).toEqual({
        dataDir: fallback,
        source: 'default',
        locationFile: join(fallback, 'location.json'),
      });
      const moved = join(home, 'elsewhere', 'Easel');
      mkdirSync(moved, { recursive: true });
      writeDataLocation(join(fallback, 'location.json'), moved);
      expect(JSON.parse(readFileSync(join(fallback, 'location.json'), 'utf8'))).toEqual({ dataDir: moved });
      expect(readdirSync(fallback)).toEqual(['location.json']); // no temp file left behind
      expect(resolveDataLocation(env, 'linux', home)).toEqual({
        dataDir: moved,
        source: 'pointer',
        locationFile: join(fallback, 'location.json'),
      });
      expect(resolveDataDir(env, 'linux', home)).toBe(moved);
      expect(resolveDataLocation({ ...env, EASEL_HOME: '/x/y' }, 'linux', home)).toEqual({
        dataDir: '/x/y',
        source: 'env',
        locationFile: null,
      });
      // Moving back to the default folder removes the pointer.
      writeDataLocation(join(fallback, 'location.json'), fallback);
      expect(readDataLocation(join(fallback, 'location.json'))).toBeNull();
      expect(resolveDataDir(env, 'linux', home)).toBe(fallback);
    });
  });

  it('refuses a pointer to a folder that is not there (disconnected disk) and a damaged pointer, naming the file', () => {
    withHome((home, env) => {
      const file = join(defaultDataDir(env, 'linux', home), 'location.json');
      writeDataLocation(file, join(home, 'unplugged'));
      expect(() => resolveDataDir(env, 'linux', home)).toThrow(/unplugged.*is not there.*connect it/s);
      writeFileSync(file, '{"dataDir": "relative/path"}');
      expect(() => resolveDataDir(env, 'linux', home)).toThrow(/location\.json.*is damaged/);
      writeFileSync(file, 'not json');
      expect(() => resolveDataDir(env, 'linux', home)).toThrow(/is damaged/);
    });
  });
});
