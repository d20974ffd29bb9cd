// `easel chat` as a child process against the emulator: a thread started from an imported image,
// continued with --thread, branched from an earlier reply image, the --json shape, a filtered turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createCliHarness, type CliHarness } from './cli-harness.ts';

let h: CliHarness;
let imageId: string;

beforeAll(async () => {
  h = await createCliHarness({ emulator: { bedrock2025: false, previewAccess: true } });
  const file = join(h.dir, 'source.png');
  await writeFile(
    file,
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#336699' } })
      .png()
      .toBuffer(),
  );
  const imported = await h.run(['import', file, '--json']);
  expect(imported.code).toBe(0);
  imageId = (JSON.parse(imported.stdout) as Array<{ imageId: string }>)[0]?.imageId ?? '';
});
afterAll(() => h.cleanup());

interface ChatJson {
  threadId: string;
  turn: number;
  turnId: string;
  status: string;
  imageIds: string[];
  text: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number } | null;
  priceMicroUsd: number | null;
}

async function chat(args: string[]): Promise<ChatJson> {
  const result = await h.run(['chat', ...args, '--json']);
  expect(result.stderr).not.toMatch(/Error|error:/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ChatJson;
}

describe('easel chat', () => {
  it('starts, continues and branches a thread; --json reports the turn, images, text, usage and price', async () => {
    const first = await chat([imageId, 'make the sky stormy']);
    const [billed] = h.emulator.billing();
    expect(first).toMatchObject({ turn: 1, status: 'succeeded', text: 'Edited the image: make the sky stormy' });
    expect(first.imageIds).toHaveLength(1);
    expect(first.usage).toEqual({
      inputTokens: billed?.inputTokens,
      outputTokens: billed?.outputTokens,
      totalTokens: (billed?.inputTokens ?? 0) + (billed?.outputTokens ?? 0),
    });
    expect(first.priceMicroUsd).toBe(billed?.priceMicroUsd);

    const second = await chat(['now make it green', '--thread', first.threadId]);
    expect(second).toMatchObject({ threadId: first.threadId, turn: 2, status: 'succeeded' });
    expect(second.imageIds[0]).not.toBe(first.imageIds[0]);

    const branch = await chat([first.imageIds[0] ?? '', 'a sunset instead', '--thread', first.threadId]);
    expect(branch).toMatchObject({ threadId: first.threadId, turn: 2 });

    const shown = await h.run(['library', 'show', second.imageIds[0] ?? '', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ image: { parentImageId: first.imageIds[0] } });
    const spend = await h.run(['spend', '--json']);
    const total = h.emulator.billing().reduce((s, b) => s + b.priceMicroUsd, 0);
    expect(JSON.parse(spend.stdout)).toMatchObject({ totalMicroUsd: total, heldMicroUsd: 0 });
  });

  it('a filtered turn exits 1 and says so; a missing instruction is a usage error', async () => {
    h.emulator.configure({ filterWords: ['forbidden'] });
    const filtered = await h.run(['chat', imageId, 'something forbidden', '--json']);
    expect(filtered.code).toBe(1);
    expect(JSON.parse(filtered.stdout)).toMatchObject({
      status: 'filtered',
      imageIds: [],
      error: { code: 'content-filtered' },
    });
    const usage = await h.run(['chat']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('an instruction is required');
  });
});
