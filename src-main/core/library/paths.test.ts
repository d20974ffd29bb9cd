import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dataPaths, imageRelPath, resolveDataDir, thumbRelPath } from './paths.ts';

describe('resolveDataDir', () => {
  it('prefers EASEL_HOME', () => {
    expect(resolveDataDir({ EASEL_HOME: '/data/easel' }, 'linux', '/home/u')).toBe('/data/easel');
  });
  it('follows Electron userData per platform', () => {
    expect(resolveDataDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.config', 'Easel'));
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe(join('/xdg', 'Easel'));
    expect(resolveDataDir({}, 'darwin', '/Users/u')).toBe(join('/Users/u', 'Library', 'Application Support', 'Easel'));
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'Easel'));
  });
  it('lays out the folder', () => {
    const sha = 'ab' + 'c'.repeat(62);
    expect(dataPaths('/d').database).toBe(join('/d', 'easel.db'));
    expect(imageRelPath(sha, 'png')).toBe(`library/ab/${sha}.png`);
    expect(imageRelPath(sha, 'jpeg')).toBe(`library/ab/${sha}.jpg`);
    expect(thumbRelPath(sha)).toBe(`thumbs/ab/${sha}.webp`);
  });
});
