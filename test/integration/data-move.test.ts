// Moving the data folder (core/data-folder/move.ts through the facade): real files, real SQLite
// (online backup), real images from the emulator. The copy must be complete and verified, the
// pointer file must send the app and the CLI there, the old folder must stay, and every refusal or
// failure must leave the old folder in use with no partial copy.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDataLocation, resolveDataLocation } from '../../src-main/core/data-folder/index.ts';
import { createStudio, type Studio } from '../../src-main/core/studio/index.ts';
import { createSafeStorageSecrets } from '../../src-main/electron/secret-store.ts';
import { safeStorage } from '../support/fake-electron/index.js';
import { canMountTmpfs, fillDisk, mountTmpfs, unmount } from '../support/tmpfs.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';

let h: Harness;
let locationFile: string;

beforeEach(async () => {
  h = await createHarness();
  // The default folder (where the pointer lives) is its own folder in the temp dir, as on a real machine.
  locationFile = join(h.dir, 'default', 'location.json');
  await h.studio.close();
  h.studio = h.open({ locationFile });
});
afterEach(async () => {
  await h.cleanup();
});

async function generate(studio: Studio, prompt: string, count: number): Promise<void> {
  await studio.generate({ modelId: CORE, prompt, count, task: 'text-to-image' });
  await studio.whenIdle();
}

async function filesUnder(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe('moving the data folder', () => {
  it('copies database, images and thumbnails, verifies them, writes the pointer, and leaves the old folder', async () => {
    const studio = h.studio;
    await generate(studio, 'a red fox', 3);
    studio.addTags(
      studio.listImages().images.map((i) => i.id),
      ['moved'],
    );
    const before = studio.listImages().images;
    expect(before).toHaveLength(3);
    const oldFiles = (await filesUnder(h.dataDir)).filter((f) => f.startsWith('library/') || f.startsWith('thumbs/'));
    expect(oldFiles.length).toBeGreaterThanOrEqual(3);

    const target = join(h.dir, 'elsewhere', 'Easel Data');
    const phases: string[] = [];
    const result = await studio.moveDataFolder(target, { onProgress: (p) => phases.push(p.phase) });
    expect(result).toMatchObject({ from: h.dataDir, to: target, files: oldFiles.length });
    expect(result.bytes).toBeGreaterThan(0);
    expect(phases).toContain('database');
    expect(phases).toContain('files');

    // The pointer sends the app and the CLI there (resolveDataLocation reads it from the default folder).
    expect(readDataLocation(locationFile)).toBe(target);
    expect(JSON.parse(readFileSync(locationFile, 'utf8'))).toEqual({ dataDir: target });

    // Every image and thumbnail is there, byte for byte; library files match their SHA-256 names.
    const newFiles = (await filesUnder(target)).filter((f) => f.startsWith('library/') || f.startsWith('thumbs/'));
    expect(newFiles).toEqual(oldFiles);
    for (const file of newFiles) {
      const bytes = await readFile(join(target, file));
      expect(bytes.equals(await readFile(join(h.dataDir, file)))).toBe(true);
      if (file.startsWith('library/')) expect(file).toContain(createHash('sha256').update(bytes).digest('hex'));
    }
    // The old folder is untouched (the user deletes it once happy).
    expect(existsSync(join(h.dataDir, 'easel.db'))).toBe(true);
    expect(await filesUnder(h.dataDir)).toEqual(expect.arrayContaining(oldFiles));

    // This studio takes no more file-writing work: the app restarts onto the new folder.
    await expect(studio.generate({ modelId: CORE, prompt: 'late', count: 1, task: 'text-to-image' })).rejects.toThrow(
      /has moved to .*Restart Easel/,
    );
    await studio.close();

    // A studio on the new folder sees the same library, tags and files, and where it came from.
    const moved = createStudio({ dataDir: target, env: h.env, locationFile });
    try {
      const after = moved.listImages().images;
      expect(after.map((i) => [i.id, i.sha256, i.prompt])).toEqual(before.map((i) => [i.id, i.sha256, i.prompt]));
      expect([...moved.tagsOf(after.map((i) => i.id)).values()].flat()).toEqual(['moved', 'moved', 'moved']);
      expect(moved.previousDataDir()).toBe(h.dataDir);
      const file = await moved.resolveImageFile(after[0]?.id ?? '', 'full');
      expect(file?.filePath.startsWith(target)).toBe(true);
      const check = await moved.checkLibrary();
      expect(check.missingFiles).toEqual([]);
      // It can move again, back to the default folder (which holds only the pointer): the pointer goes.
      await moved.moveDataFolder(join(h.dir, 'default'));
      expect(existsSync(locationFile)).toBe(false);
      expect(existsSync(join(h.dir, 'default', 'easel.db'))).toBe(true);
    } finally {
      await moved.close();
    }
  });

  it('takes the Bedrock API key kept in Settings along (secrets/, owner-only), so the moved app still uses it', async () => {
    const secretsAt = (dataDir: string) => createSafeStorageSecrets(safeStorage, join(dataDir, 'secrets'), 'linux');
    await h.studio.close();
    const studio = h.open({ locationFile, secrets: secretsAt(h.dataDir) });
    const kept = await studio.handlers['apiKey.set']({ key: API_KEY });
    expect(kept).toMatchObject({ configured: true, source: 'settings' });
    const secretFiles = await readdir(join(h.dataDir, 'secrets'));
    expect(secretFiles.length).toBeGreaterThan(0);

    const target = join(h.dir, 'with-secrets');
    await studio.moveDataFolder(target);
    expect((await stat(join(target, 'secrets'))).mode & 0o777).toBe(0o700);
    for (const name of secretFiles) {
      const copy = join(target, 'secrets', name);
      expect((await stat(copy)).mode & 0o777, name).toBe(0o600);
      expect((await readFile(copy)).equals(await readFile(join(h.dataDir, 'secrets', name)))).toBe(true);
    }
    // The app restarted onto the new folder reads the key back from there.
    const moved = createStudio({ dataDir: target, env: h.env, locationFile, secrets: secretsAt(target) });
    try {
      expect(await moved.handlers['apiKey.status']({})).toEqual(kept);
    } finally {
      await moved.close();
    }
  });

  it('resolveDataLocation follows the pointer a move wrote (what the app and the CLI open next)', async () => {
    await generate(h.studio, 'a hill', 1);
    // Same layout as the OS default folder on Linux: XDG_CONFIG_HOME/Easel/location.json.
    const xdg = join(h.dir, 'xdg');
    const file = join(xdg, 'Easel', 'location.json');
    await h.studio.close();
    const studio = h.open({ locationFile: file });
    const target = join(h.dir, 'moved');
    await studio.moveDataFolder(target);
    expect(resolveDataLocation({ XDG_CONFIG_HOME: xdg }, 'linux', h.dir)).toEqual({
      dataDir: target,
      source: 'pointer',
      locationFile: file,
    });
    expect(resolveDataLocation({ XDG_CONFIG_HOME: xdg, EASEL_HOME: h.dataDir }, 'linux', h.dir).dataDir).toBe(
      h.dataDir,
    );
  });

  it('refuses a target that is not empty, inside the current folder, relative, or a file, without writing anything', async () => {
    const studio = h.studio;
    const busy = join(h.dir, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    await expect(studio.moveDataFolder(busy)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('is not empty'),
    });
    await expect(studio.moveDataFolder(join(h.dataDir, 'sub'))).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('inside the current one'),
    });
    await expect(studio.moveDataFolder('relative/place')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('full path'),
    });
    await expect(studio.moveDataFolder(h.dataDir)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('already'),
    });
    await expect(studio.moveDataFolder(join(busy, 'notes.txt'))).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('is a file'),
    });
    expect(await readdir(busy)).toEqual(['notes.txt']);
    expect(existsSync(locationFile)).toBe(false);
    // Still usable after refusals.
    await generate(studio, 'still here', 1);
  });

  it('refuses while another process uses the folder, while jobs run, with EASEL_HOME, and in demo mode', async () => {
    const target = join(h.dir, 'target');
    // A second studio (another process's view: not the lock holder) may not move it, nor may the holder while it is there.
    const second = h.open({ locationFile });
    await expect(second.moveDataFolder(target)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('already running with this data folder'),
    });
    await expect(h.studio.moveDataFolder(target)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('Another Easel process'),
    });
    await second.close();

    h.emulator.configure({ latencyMs: 400 });
    await h.studio.generate({ modelId: CORE, prompt: 'slow', count: 2, task: 'text-to-image' });
    await expect(h.studio.moveDataFolder(target)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/2 images are still being generated/),
    });
    await h.studio.whenIdle();
    h.emulator.configure({ latencyMs: 0 });

    const pinned = createStudio({ dataDir: join(h.dir, 'pinned'), env: h.env });
    const demo = createStudio({ dataDir: join(h.dir, 'demo'), env: h.env, demoMode: true, locationFile });
    try {
      await expect(pinned.moveDataFolder(target)).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('EASEL_HOME'),
      });
      expect(pinned.dataMoveRefusal()).toContain('EASEL_HOME');
      await expect(demo.moveDataFolder(target)).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('Demo mode'),
      });
    } finally {
      await pinned.close();
      await demo.close();
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(locationFile)).toBe(false);
  });

  it('a failure midway (an unreadable file) removes the partial copy and leaves the old folder in use', async () => {
    const studio = h.studio;
    await generate(studio, 'a pond', 2);
    // A broken entry in the library: the copy fails after the database and some files are written.
    await mkdir(join(h.dataDir, 'library', 'zz'), { recursive: true });
    await symlink(join(h.dir, 'gone.png'), join(h.dataDir, 'library', 'zz', 'broken.png'));
    const target = join(h.dir, 'target');
    await expect(studio.moveDataFolder(target)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(
        /Moving the data folder to .*target failed: .*Nothing was lost: Easel still uses .*, and the partial copy was removed\./,
      ),
    });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(locationFile)).toBe(false);
    // The studio goes on with the old folder.
    await generate(studio, 'after the failure', 1);
    expect(studio.listImages().images).toHaveLength(3);

    // An empty folder that existed before stays (empty): only what the move wrote is removed.
    await mkdir(target);
    await expect(studio.moveDataFolder(target)).rejects.toMatchObject({ code: 'io' });
    expect(await readdir(target)).toEqual([]);
  });
});

// A real small disk: a tmpfs (needs root and mount; skipped where the machine refuses it).
describe.skipIf(!canMountTmpfs)('moving onto a small disk (tmpfs)', () => {
  let disk: string;
  beforeEach(() => {
    disk = join(h.dir, 'disk');
    mkdirSync(disk);
  });
  afterEach(() => {
    unmount(disk);
  });

  it('refuses up front when the data cannot fit, saying how much is needed and free', async () => {
    mountTmpfs(disk, '4m');
    await generate(h.studio, 'big enough', 1);
    await expect(h.studio.moveDataFolder(join(disk, 'Easel'))).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/Not enough free space at .*needs about .* is free there/),
    });
    expect(await readdir(disk)).toEqual([]);
  });

  it('the disk filling up during the copy: "the disk is full", partial copy removed, old folder still in use', async () => {
    mountTmpfs(disk, '40m');
    await generate(h.studio, 'fills the disk', 3);
    const target = join(disk, 'Easel');
    // Another program fills the disk once the database is copied.
    const fill = () => fillDisk(disk, 4096);
    await expect(
      h.studio.moveDataFolder(target, { onProgress: (p) => p.phase === 'database' && p.done === 1 && fill() }),
    ).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('failed: the disk is full. Nothing was lost'),
    });
    expect(await readdir(disk)).toEqual(['filler.bin']);
    expect(existsSync(locationFile)).toBe(false);
    await generate(h.studio, 'still working', 1);
  });
});
