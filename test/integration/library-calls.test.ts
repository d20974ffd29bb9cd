// The library's calls through the facade's handlers and the shell's host, against the real studio
// (SQLite, files) and the Bedrock emulator: summaries carry prompt/seed/model, lineage and
// profile/region in images.get, "select all" ids in pages,
// and Check connection reporting what discovery said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostFromStudio } from '../../src-main/electron/studio-host.ts';
import { createHarness, type Harness } from './studio-harness.ts';

/** SD3.5 Large: text-to-image and image-to-image, in us-west-2 (Bedrock of 2026). */
const SD35 = 'stability.sd3-5-large-v1:0';

describe('library calls', () => {
  let harness: Harness;
  let ids: string[];

  beforeAll(async () => {
    harness = await createHarness();
    for (const colour of ['red', 'green', 'blue'])
      await harness.studio.generate({ modelId: SD35, prompt: `a ${colour} castle`, seed: 11 });
    await harness.studio.whenIdle();
    ids = harness.studio.listImages({}).images.map((i) => i.id);
  });
  afterAll(async () => harness?.cleanup());

  it('images.search summaries carry prompt, seed and model', async () => {
    const { images } = await harness.studio.handlers['images.search']({ sort: 'newest', limit: 10 });
    expect(images).toHaveLength(3);
    expect(images.map((i) => i.prompt).sort()).toEqual(['a blue castle', 'a green castle', 'a red castle']);
    for (const image of images) expect(image).toMatchObject({ seed: 11, modelId: SD35 });
  });

  it('images.get shows lineage (source and edits) and profile/region', async () => {
    const source = ids[0] ?? '';
    await harness.studio.generate({
      modelId: SD35,
      task: 'image-to-image',
      prompt: 'in blue',
      initImageId: source,
      strength: 0.5,
    });
    await harness.studio.whenIdle();
    const edit = harness.studio.listImages({}).images[0];
    expect(edit?.id).not.toBe(source);
    const child = (await harness.studio.handlers['images.get']({ imageId: edit?.id ?? '' })).image;
    expect(child.parentImageId).toBe(source);
    // The region called: SD3.5 Large runs in us-west-2, called there for this us-east-1 profile.
    expect(child.region).toBe('us-west-2');
    const parent = (await harness.studio.handlers['images.get']({ imageId: source })).image;
    expect(parent.editIds).toEqual([edit?.id]);
    expect(parent.parentImageId).toBeNull();
    expect(parent.importedMetadata).toBeNull();
  });

  it('images.ids returns every match minus the exceptions', async () => {
    const all = await harness.studio.handlers['images.ids']({ sort: 'newest', text: 'castle' });
    expect(all.imageIds.sort()).toEqual([...ids].sort());
    expect(all.nextCursor).toBeNull();
    const some = await harness.studio.handlers['images.ids']({
      sort: 'newest',
      text: 'castle',
      exceptIds: [ids[1] ?? ''],
    });
    expect(some.imageIds).toHaveLength(2);
    expect(some.imageIds).not.toContain(ids[1]);
  });

  it('shell.reveal and app.startDemo: the bare facade refuses (the shell does them; see test/e2e/library.test.ts)', async () => {
    await expect(harness.studio.handlers['shell.reveal']({ imageId: ids[0] ?? '' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(harness.studio.handlers['app.startDemo']({})).rejects.toMatchObject({ code: 'validation' });
  });

  it('shell.pickFolder: the bare facade has no picker; the shell with one answers with the chosen folder', async () => {
    await expect(harness.studio.handlers['shell.capabilities']({})).resolves.toEqual({ pickFolder: false });
    await expect(harness.studio.handlers['shell.pickFolder']({ title: 'Export to folder' })).rejects.toMatchObject({
      code: 'validation',
    });
    const asked: string[] = [];
    const host = hostFromStudio(harness.studio, {
      pickFolder: async (title) => {
        asked.push(title);
        return asked.length === 1 ? '/home/me/sprites' : null;
      },
    });
    await expect(host.handlers['shell.capabilities']({})).resolves.toEqual({ pickFolder: true });
    await expect(host.handlers['shell.pickFolder']({ title: 'Export to folder' })).resolves.toEqual({
      folder: '/home/me/sprites',
    });
    await expect(host.handlers['shell.pickFolder']({ title: 'Again' })).resolves.toEqual({ folder: null });
    expect(asked).toEqual(['Export to folder', 'Again']);
  });

  it('models.list says discovery worked, and why it did not', async () => {
    const ok = await harness.studio.handlers['models.list']({});
    expect(ok.discovery).toEqual({ ok: true, error: null });
    await harness.emulator.stop();
    const down = await harness.studio.handlers['models.list']({});
    expect(down.discovery?.ok).toBe(false);
    expect(down.discovery?.error?.code).toMatch(/network|timeout|service-unavailable/);
    expect(down.models.length).toBeGreaterThan(0);
  });
});
