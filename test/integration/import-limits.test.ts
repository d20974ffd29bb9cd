// One odd imported file must never fail the library listing. An A1111 file stating `Seed: -1`, a
// prompt over the contract's 10,000 characters and a model name over its 200 is imported with only
// in-range values in the typed fields (the file's text stays in the imported-metadata record), and
// rows written before that rule are made safe when read. Every answer goes through the contract's
// response schemas, as the IPC gate and the test bridge check them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePngTextChunks } from '../../src-main/core/metadata/index.ts';
import { createStudio, type Studio } from '../../src-main/core/studio/index.ts';
import { contract } from '../../src-shared/contract/index.ts';

let dir: string;
let studio: Studio;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'easel-import-limits-'));
  studio = createStudio({ dataDir: join(dir, 'data'), env: {} });
});
afterEach(async () => {
  await studio.close();
  await rm(dir, { recursive: true, force: true });
});

const LONG_PROMPT = `a castle ${'on a hill, '.repeat(1_200)}🏰`; // > 10,000 characters
const LONG_MODEL = `model-${'x'.repeat(300)}`;

async function a1111Png(parameters: string, seed = 1): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: seed, g: 40, b: 90 } } })
    .png()
    .toBuffer();
  return writePngTextChunks(png, [{ keyword: 'parameters', text: parameters }]);
}

async function listThroughContract(): Promise<{ id: string; prompt: string | null; seed: number | null }[]> {
  const list = contract['images.list'].response.parse(
    await studio.handlers['images.list'](contract['images.list'].request.parse({})),
  );
  const search = contract['images.search'].response.parse(
    await studio.handlers['images.search'](contract['images.search'].request.parse({ text: 'castle' })),
  );
  expect(search.images.map((i) => i.id)).toEqual(
    list.images.filter((i) => i.prompt?.includes('castle')).map((i) => i.id),
  );
  for (const image of list.images)
    contract['images.get'].response.parse(await studio.handlers['images.get']({ imageId: image.id }));
  return list.images;
}

describe('imported metadata within the contract', () => {
  it('keeps out-of-range values as text in the record, never in typed fields', async () => {
    const file = join(dir, 'odd.png');
    await writeFile(
      file,
      await a1111Png(
        `${LONG_PROMPT}\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: -1, Size: 64x48, Model: ${LONG_MODEL}`,
      ),
    );
    const [result] = await studio.importFiles([file]);
    expect(result?.status).toBe('imported');
    expect(result?.metadata).toMatchObject({ sourceTool: 'automatic1111', seed: '-1', model: LONG_MODEL });

    const [listed] = await listThroughContract();
    expect(listed?.seed).toBeNull();
    expect(listed?.prompt).toHaveLength(10_000);
    expect(LONG_PROMPT.startsWith(listed?.prompt ?? '-')).toBe(true);
    const { image } = contract['images.get'].response.parse(
      await studio.handlers['images.get']({ imageId: result?.imageId ?? '' }),
    );
    expect(image).toMatchObject({ seed: null, modelId: null, negativePrompt: 'blurry' });
    // The file's own values, as text, in the imported-metadata record.
    expect(image.importedMetadata).toMatchObject({ seedText: '-1', model: LONG_MODEL, prompt: LONG_PROMPT });
    expect(image.importedMetadata).not.toHaveProperty('seed');
  });

  it('a prompt cut at the limit never splits a character in two', async () => {
    const prompt = `${'a'.repeat(9_999)}🏰 castle`; // the emoji's two UTF-16 units straddle 10,000
    const file = join(dir, 'emoji.png');
    await writeFile(file, await a1111Png(`${prompt}\nSteps: 20, Sampler: Euler a, Seed: 5`));
    await studio.importFiles([file]);
    const [listed] = await listThroughContract();
    expect(listed?.prompt).toBe('a'.repeat(9_999));
    expect(listed?.seed).toBe(5);
  });

  it('rows stored before the rule (bad seed, prompt, model) list safely', async () => {
    const files = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const file = join(dir, `ok${n}.png`);
        await writeFile(file, await a1111Png(`a castle ${n}\nSteps: 20, Sampler: Euler a, Seed: ${n}`, n));
        return file;
      }),
    );
    const results = await studio.importFiles(files);
    const ids = results.map((r) => Number(r.imageId));
    // As an earlier Easel stored them.
    const db = studio.library.db;
    db.prepare('UPDATE images SET seed = -1 WHERE id = ?').run(ids[0]);
    db.prepare('UPDATE images SET prompt = ?, negative_prompt = ? WHERE id = ?').run(LONG_PROMPT, LONG_PROMPT, ids[1]);
    db.prepare('UPDATE images SET model_id = ?, seed = ? WHERE id = ?').run(LONG_MODEL, 2 ** 60, ids[2]);
    const listed = await listThroughContract();
    expect(listed).toHaveLength(3);
    expect(listed.map((i) => i.seed)).toEqual([null, 2, null]);
  });
});
