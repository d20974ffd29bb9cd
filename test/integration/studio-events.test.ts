// What the facade answers and announces in the contract's own shapes: generate returns the queued
// jobs' summaries, and studio.onEvent delivers job.updated / images.added exactly as the UI receives
// them (parsed here with the contract's schemas), so the shell forwards them untouched.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { contract, events, type EventEnvelope } from '../../src-shared/contract/index.ts';
import { createHarness, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('Studio answers and events in contract shapes', () => {
  it('generate answers with the queued jobs, and job.updated follows each to its image', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const received: EventEnvelope[] = [];
    const off = studio.onEvent((event) => received.push(event));
    const answer = contract.generate.response.parse(
      await studio.handlers.generate({
        params: { modelId: CORE, prompt: 'a lighthouse at dusk', count: 2, task: 'text-to-image' },
      }),
    );
    expect(answer.jobs.map((j) => j.id)).toEqual(answer.jobIds);
    for (const job of answer.jobs) {
      expect(job).toMatchObject({ status: 'queued', modelId: CORE, prompt: 'a lighthouse at dusk', imageId: null });
      expect(job.estimateMicroUsd).toBeGreaterThan(0);
    }
    await studio.whenIdle();
    off();

    const updates = received.map((event) => {
      expect(event.name).toBe('job.updated');
      return events['job.updated'].parse(event.payload);
    });
    for (const jobId of answer.jobIds) {
      const mine = updates.filter((u) => u.jobId === jobId);
      expect(mine.map((u) => u.status)).toContain('sending');
      const last = mine.at(-1);
      const { job } = await studio.handlers['jobs.get']({ jobId });
      expect(last).toMatchObject({ status: 'succeeded', imageId: job.imageId, error: null });
      expect(last?.job).toEqual(job);
    }
    // Unsubscribed: a later job is not delivered.
    await studio.handlers.generate({ params: { modelId: CORE, prompt: 'after', count: 1, task: 'text-to-image' } });
    await studio.whenIdle();
    expect(received).toHaveLength(updates.length);
  });

  it('announces images.added for an announced import only, not for the renderer’s own images.import', async () => {
    harness = await createHarness();
    const { studio } = harness;
    const files = await Promise.all(
      [1, 2].map(async (n) => {
        const file = join(harness!.dir, `picture-${n}.png`);
        const png = await sharp({
          create: { width: 32, height: 24, channels: 3, background: { r: n * 90, g: 40, b: 9 } },
        })
          .png()
          .toBuffer();
        await writeFile(file, png);
        return file;
      }),
    );
    const received: EventEnvelope[] = [];
    studio.onEvent((event) => received.push(event));

    const viaCall = await studio.handlers['images.import']({ paths: [files[0]!] });
    expect(viaCall.imageIds).toHaveLength(1);
    expect(received).toEqual([]);

    const announced = await studio.importFiles([files[1]!], { announce: true });
    const imageIds = announced.flatMap((r) => (r.imageId === undefined ? [] : [r.imageId]));
    expect(imageIds).toHaveLength(1);
    expect(received).toEqual([{ name: 'images.added', payload: events['images.added'].parse({ imageIds }) }]);
  });
});
