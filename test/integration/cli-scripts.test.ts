// What scripts rely on (issue 14, item 21), through the real CLI: collections made and filled from
// the command line and exported in order; the app's search language (#tag, a seed); 64-bit seeds as
// exact text; the profile from AWS_PROFILE recorded with the job; Ctrl-C'd batch work counted as
// cancelled, not failed.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedFixtures } from '../fixtures/make-foreign.ts';
import { CORE, createCliHarness, type CliHarness, type CliResult } from './cli-harness.ts';

let h: CliHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface Listed {
  imageId: string;
  seed: number | string | null;
  tags: string[];
}

async function generateThree(harness: CliHarness): Promise<{ imageId: string; seed: number }[]> {
  const made = json<{ imageId: string; seed: number }[]>(
    await harness.run(['generate', 'a castle on a hill', '--model', CORE, '--count', '3', '--json']),
  );
  expect(made).toHaveLength(3);
  expect(new Set(made.map((m) => m.imageId)).size).toBe(3);
  return made;
}

// Each test runs several CLI processes (a second or more each on a busy 2-core machine).
describe('scripts', { timeout: 90_000 }, () => {
  it('library collection create, add, list, remove; export --collection follows its order', async () => {
    h = await createCliHarness();
    const harness = h;
    const [a, b, c] = await generateThree(harness);
    const created = json<{ collection: { id: string; name: string }; imageIds: string[] }>(
      await harness.run(['library', 'collection', 'create', 'Level 1', '--json']),
    );
    expect(created).toMatchObject({ collection: { name: 'Level 1' }, imageIds: [] });
    const added = json<{ imageIds: string[] }>(
      await harness.run(['library', 'collection', 'add', 'Level 1', c!.imageId, a!.imageId, b!.imageId, '--json']),
    );
    expect(added.imageIds).toEqual([c!.imageId, a!.imageId, b!.imageId]);
    const removed = json<{ imageIds: string[] }>(
      await harness.run(['library', 'collection', 'remove', created.collection.id, a!.imageId, '--json']),
    );
    expect(removed.imageIds).toEqual([c!.imageId, b!.imageId]);
    const all = json<{ collections: { name: string; imageCount: number }[] }>(
      await harness.run(['library', 'collection', 'list', '--json']),
    );
    expect(all.collections).toEqual([expect.objectContaining({ name: 'Level 1', imageCount: 2 })]);

    const to = join(harness.dir, 'export');
    const exported = await harness.run([
      'library',
      'export',
      '--collection',
      'Level 1',
      '--to',
      to,
      '--template',
      '{index}_{seed}',
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readdir(to)).sort()).toEqual([`001_${c!.seed}.png`, `002_${b!.seed}.png`]);

    const unknown = await harness.run(['library', 'collection', 'add', 'Level 9', a!.imageId]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no collection named "Level 9" \(there are: "Level 1"\)/);
    expect((await harness.run(['library', 'collection', 'rename'])).code).toBe(2);
  });

  it('library search understands #tag, tag:name and a seed, as the app does', async () => {
    h = await createCliHarness();
    const harness = h;
    const [a, b] = await generateThree(harness);
    expect((await harness.run(['library', 'tag', a!.imageId, '--add', 'hero'])).code).toBe(0);
    const byTag = json<{ images: Listed[] }>(await harness.run(['library', 'search', '#hero', '--json']));
    expect(byTag.images.map((i) => i.imageId)).toEqual([a!.imageId]);
    const byTagAndText = json<{ images: Listed[] }>(
      await harness.run(['library', 'search', 'castle tag:hero', '--json']),
    );
    expect(byTagAndText.images.map((i) => i.imageId)).toEqual([a!.imageId]);
    const bySeed = json<{ images: Listed[] }>(await harness.run(['library', 'search', String(b!.seed), '--json']));
    expect(bySeed.images.map((i) => i.imageId)).toEqual([b!.imageId]);
  });

  it('prints a 64-bit seed as its exact text, never - or null', async () => {
    h = await createCliHarness();
    const harness = h;
    const { foreign } = await generatedFixtures();
    const [imported] = json<{ imageId: string }[]>(
      await harness.run(['import', join(foreign, 'Fooocus', 'fooocus1_cropped.png'), '--json']),
    );
    const listed = json<{ images: Listed[] }>(await harness.run(['library', 'list', '--json']));
    expect(listed.images.find((i) => i.imageId === imported!.imageId)?.seed).toBe('6952411511246973023');
    const shown = json<{ image: { seed: unknown } }>(
      await harness.run(['library', 'show', imported!.imageId, '--json']),
    );
    expect(shown.image.seed).toBe('6952411511246973023');
    const text = await harness.run(['library', 'show', imported!.imageId]);
    expect(text.stdout).toMatch(/seed\s+6952411511246973023/);
    expect((await harness.run(['library', 'list'])).stdout).toContain('6952411511246973023');
  });

  it('records the profile AWS_PROFILE names with the job', async () => {
    h = await createCliHarness();
    const harness = h;
    const [made] = json<{ imageId: string; jobId: string }[]>(
      await harness.run(['generate', 'a quiet harbour', '--model', CORE, '--json'], {
        env: { AWS_PROFILE: 'default' },
      }),
    );
    const shown = json<{ job: { profile: string | null } }>(
      await harness.run(['library', 'show', made!.imageId, '--json']),
    );
    expect(shown.job.profile).toBe('default');
  });

  it("counts a batch's Ctrl-C'd work as cancelled, not failed", async () => {
    // Slow generations, so the interrupt lands while most of the batch is still queued.
    h = await createCliHarness({ emulator: { latencyMs: 2_000 } });
    const harness = h;
    const manifest = join(harness.dir, 'm.yaml');
    await writeFile(
      manifest,
      `name: stop-me\ndefaults: { model: ${CORE}, variants: 5 }\nassets:\n  - key: tree\n    prompt: a tree\n`,
    );
    const { child, done } = harness.start(['batch', manifest, '--concurrency', '1', '--json']);
    // Interrupt once every item is queued and the first is at Bedrock (the rest wait behind it).
    const queued = (): number => {
      try {
        const db = new Database(join(harness.dataDir, 'easel.db'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT count(*) AS n FROM generations').get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0; // not created yet
      }
    };
    const end = Date.now() + 20_000;
    while ((harness.emulator.invocations() === 0 || queued() < 5) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    const summary = JSON.parse(result.stdout) as {
      done: number;
      failed: number;
      cancelled: number;
      notRun: number;
      total: number;
      items: { status: string }[];
    };
    const cancelledItems = summary.items.filter((i) => i.status === 'cancelled').length;
    expect(cancelledItems).toBeGreaterThan(0);
    expect(summary).toMatchObject({ total: 5, failed: 0, cancelled: cancelledItems });
    expect(summary.done + summary.cancelled + summary.notRun).toBe(5);
  });
});
