// `easel import [--in-place] [--recursive] PATH... --json` through the real CLI (a child process):
// a folder is refused without --recursive (the message names it) and taken with it; --in-place
// indexes the files where they are (nothing copied into library/) and records the folder; each
// result keeps the `file`, `status`, `metadata` shape.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src-main/core/storage/index.ts';
import { writeImageFolder } from '../support/image-folder.ts';
import { createCliHarness, json, type CliHarness } from './cli-harness.ts';

interface Row {
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: string;
  errorCode?: string;
  metadata?: Record<string, unknown>;
}

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const libraryPngs = (dataDir: string): string[] =>
  existsSync(join(dataDir, 'library'))
    ? readdirSync(join(dataDir, 'library'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.png'))
    : [];

describe('easel import with folders', () => {
  it('refuses a folder without --recursive, naming the flag; copies everything below it with --recursive', async () => {
    h = await createCliHarness();
    const folder = join(h.dir, 'outputs');
    const files = await writeImageFolder(folder, 5, { perFolder: 2 });
    const refused = await h.run(['import', 'outputs', '--json']);
    expect(refused.code).toBe(1);
    const [row] = json<Row[]>(refused);
    expect(row).toMatchObject({ file: 'outputs', status: 'failed', errorCode: 'validation' });
    expect(row?.error).toContain('--recursive');
    const copied = await h.run(['import', '--recursive', 'outputs', '--json']);
    expect(copied.code).toBe(0);
    const rows = json<Row[]>(copied);
    expect(rows.map((r) => [r.file, r.status])).toEqual(files.map((f) => [f, 'imported']));
    expect(rows[1]?.metadata).toEqual({
      sourceTool: 'automatic1111',
      prompt: 'a lighthouse on a cliff, storm, number 1',
      negativePrompt: 'blurry',
      seed: 1001,
      steps: 20,
      cfgScale: 7,
      sampler: 'Euler a',
      scheduler: null,
      model: 'sdxl_base',
      width: 64,
      height: 64,
    });
    expect(libraryPngs(h.dataDir)).toHaveLength(5);
  }, 120_000);

  it('--in-place indexes the files where they are; without --recursive only the folder itself', async () => {
    h = await createCliHarness();
    const folder = join(h.dir, 'outputs');
    const top = await writeImageFolder(folder, 2);
    const below = await writeImageFolder(join(folder, 'sub'), 3, { first: 10 });
    const flat = await h.run(['import', '--in-place', 'outputs', '--json']);
    expect(flat.code).toBe(0);
    expect(json<Row[]>(flat).map((r) => r.file)).toEqual(top);
    const deep = await h.run(['import', '--in-place', '--recursive', 'outputs', '--json']);
    expect(deep.code).toBe(0);
    const rows = json<Row[]>(deep);
    expect(rows.map((r) => [r.file, r.status])).toEqual([...top, ...below].map((f) => [f, 'imported']));
    expect(rows.find((r) => r.file === below[0])?.metadata).toMatchObject({ seed: 1010, sourceTool: 'automatic1111' });
    expect(libraryPngs(h.dataDir)).toEqual([]);
    const storage = openStorage({ dataDir: h.dataDir });
    try {
      expect(storage.inPlace.folders()).toEqual([expect.objectContaining({ path: folder, recursive: true })]);
      expect(
        storage.inPlace
          .filesUnder(folder)
          .map((f) => f.path)
          .sort(),
      ).toEqual([...below, ...top].sort());
    } finally {
      storage.close();
    }
  }, 120_000);
});
