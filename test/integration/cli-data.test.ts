// `easel data where` and `easel data move DIR` as users run them: a real child process, the OS default
// folder (XDG_CONFIG_HOME/Easel, no EASEL_HOME), the pointer file both the CLI and the app follow.
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/core/studio/index.ts';
import { CORE, createCliHarness, json, type CliHarness } from './cli-harness.ts';

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

interface Where {
  dataDir: string;
  source: string;
  locationFile: string | null;
}

describe('easel data', () => {
  it('where → move (refused while the app holds the folder) → where follows the pointer; the library comes along', async () => {
    h = await createCliHarness();
    // Like a real install: no EASEL_HOME, the OS default folder.
    delete h.env.EASEL_HOME;
    h.env.XDG_CONFIG_HOME = join(h.dir, 'xdg');
    const home = join(h.dir, 'xdg', 'Easel');
    const gen = await h.run(['generate', 'a moving van', '--model', CORE, '--count', '2', '--json']);
    expect(gen.code, gen.stderr).toBe(0);

    const where = await h.run(['data', 'where', '--json']);
    expect(where.code, where.stderr).toBe(0);
    expect(json<Where>(where)).toEqual({ dataDir: home, source: 'default', locationFile: join(home, 'location.json') });
    const plain = await h.run(['data', 'where']);
    expect(plain.stdout.trim()).toBe(home);
    expect(plain.stderr).toContain('default');

    const target = join(h.dir, 'external', 'Easel');
    // The app has the folder open (it holds the lock): the CLI refuses, changes nothing.
    const app = createStudio({ dataDir: home, env: h.env });
    try {
      const refused = await h.run(['data', 'move', target]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/already running with this data folder .*Close it first to move the data folder/);
      expect(existsSync(target)).toBe(false);
    } finally {
      await app.close();
    }

    const moved = await h.run(['data', 'move', target, '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(json<{ from: string; to: string; files: number; bytes: number }>(moved)).toMatchObject({
      from: home,
      to: target,
      files: 4,
    });
    const human = await h.run(['data', 'where', '--json']);
    expect(json<Where>(human)).toEqual({
      dataDir: target,
      source: 'pointer',
      locationFile: join(home, 'location.json'),
    });

    const list = await h.run(['library', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const images = json<{ images: { path: string }[] }>(list).images;
    expect(images).toHaveLength(2);
    for (const image of images) expect(image.path.startsWith(target)).toBe(true);
    // The old folder is still there.
    expect(existsSync(join(home, 'easel.db'))).toBe(true);

    // The moved folder gone (a disconnected disk): a clear error, no empty library made in its place.
    await rename(join(h.dir, 'external'), join(h.dir, 'unplugged'));
    const missing = await h.run(['library', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${target} (chosen when it was moved) is not there`);
    expect(existsSync(target)).toBe(false);
    const whereMissing = await h.run(['data', 'where']);
    expect(whereMissing.code).toBe(1);
  });

  it('usage: a folder is required; EASEL_HOME-chosen folders are not moved; human output names the old folder', async () => {
    h = await createCliHarness();
    const none = await h.run(['data', 'move']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('easel data move DIR');
    const pinned = await h.run(['data', 'move', join(h.dir, 'elsewhere')]);
    expect(pinned.code).toBe(2);
    expect(pinned.stderr).toContain('EASEL_HOME');
    const help = await h.run(['data', 'move', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('The old folder is left');

    delete h.env.EASEL_HOME;
    h.env.XDG_CONFIG_HOME = join(h.dir, 'xdg');
    const target = join(h.dir, 'new place');
    const moved = await h.run(['data', 'move', target]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`Moved to ${target}`);
    expect(moved.stdout).toContain(`The old folder ${join(h.dir, 'xdg', 'Easel')} is left as it was`);
  });
});
