// Each model is invoked where it runs, against the emulator of today's Bedrock (2026, no
// BEDROCK_2025): a us-east-1 profile generates with Stable Image Core in us-west-2 and inpaints
// through the `us.` inference profile from us-east-1, each job recording the region and id it
// called; a retired model, or one that runs only outside the allowed regions, is refused before
// anything is reserved or sent. Real SQLite, files, sharp and AWS SDK.
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createCliHarness, json, type CliHarness } from './cli-harness.ts';
import { billedTotal, createHarness, ledgerTotals, type Harness } from './studio-harness.ts';

const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';
const SDXL = 'stability.stable-diffusion-xl-v1';

let harness: Harness | undefined;
let cli: CliHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  await cli?.cleanup();
  harness = undefined;
  cli = undefined;
});

/** The Bedrock of today, and a [default] profile in us-east-1 (the harness's AWS config). */
function today(): Promise<Harness> {
  return createHarness({ emulator: { bedrock2025: false } });
}

async function centreMask(width: number, height: number): Promise<string> {
  const square = await sharp({ create: { width: width / 2, height: height / 2, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  return (
    await sharp({ create: { width, height, channels: 3, background: '#000' } })
      .composite([{ input: square, left: width / 4, top: height / 4 }])
      .png()
      .toBuffer()
  ).toString('base64');
}

describe('each model is invoked where it runs (Bedrock of 2026)', () => {
  it('a us-east-1 profile generates with Core in us-west-2 and inpaints through us. from us-east-1', async () => {
    harness = await today();
    const { studio, emulator } = harness;
    const made = await studio.handlers.generate({
      params: { modelId: CORE, task: 'text-to-image', prompt: 'a green field', seed: 11, count: 1 },
    });
    expect(made.jobs[0]).toMatchObject({ region: 'us-west-2', invokeId: CORE });
    await studio.whenIdle();
    const core = studio.getJob(made.jobIds[0]!);
    expect(core.errorMessage).toBeNull();
    expect(core).toMatchObject({ status: 'succeeded', region: 'us-west-2', invokeId: CORE, modelId: CORE });

    const source = core.imageId!;
    const { width, height } = studio.getImage(source);
    const { imageId: maskId } = await studio.handlers['masks.create']({
      sourceImageId: source,
      pngBase64: await centreMask(width, height),
      width,
      height,
    });
    const edit = await studio.handlers.generate({
      params: {
        modelId: INPAINT,
        task: 'inpaint',
        prompt: 'a red barn',
        initImageId: source,
        maskImageId: maskId,
        count: 1,
      },
    });
    await studio.whenIdle();
    const inpaint = studio.getJob(edit.jobIds[0]!);
    expect(inpaint.errorMessage).toBeNull();
    expect(inpaint).toMatchObject({
      status: 'succeeded',
      region: 'us-east-1',
      invokeId: `us.${INPAINT}`,
      modelId: INPAINT,
    });
    const listed = await studio.handlers['jobs.get']({ jobId: inpaint.id });
    expect(listed.job).toMatchObject({ region: 'us-east-1', invokeId: `us.${INPAINT}` });

    // The emulator billed each call in the region the job recorded; the ledger equals the bill.
    expect(emulator.billing().map((b) => b.region)).toEqual(['us-west-2', 'us-east-1']);
    expect(emulator.billing()[1]?.modelId).toContain('stable-image-inpaint');
    expect(ledgerTotals(studio).charge).toBe(billedTotal(emulator));
    expect(billedTotal(emulator)).toBe(40_000 + 70_000);
  });

  it('a retired model is refused before anything is queued, reserved or sent, naming its successor', async () => {
    harness = await today();
    const { studio, emulator } = harness;
    await expect(studio.generate({ modelId: SDXL, prompt: 'retro', width: 1024, height: 1024 })).rejects.toMatchObject({
      code: 'model-end-of-life',
      field: 'modelId',
      message: expect.stringMatching(/end of life.*Stable Image Core/),
    });
    expect(studio.listJobs()).toHaveLength(0);
    expect(studio.library.spend.entries()).toHaveLength(0);
    expect(emulator.requests()).toBe(0);
  });

  it('honours "Regions Easel may call": Core is refused, saying where it runs, when us-west-2 is not allowed', async () => {
    harness = await today();
    const { studio, emulator } = harness;
    await studio.handlers['settings.set']({ key: 'bedrock.allowedRegions', value: ['us-east-2'] });
    await expect(studio.generate({ modelId: CORE, prompt: 'a fox' })).rejects.toMatchObject({
      code: 'model-not-available',
      message: expect.stringMatching(/runs only in us-west-2.*us-east-1, us-east-2/),
    });
    expect(studio.listJobs()).toHaveLength(0);
    expect(emulator.requests()).toBe(0);
  });
});

describe('errors of today (Bedrock of 2026)', () => {
  it('a Legacy model withdrawn from an idle account fails with its own message, and no charge', async () => {
    harness = await createHarness({ emulator: { bedrock2025: false, legacyInactiveModels: [CORE] } });
    const { studio, emulator } = harness;
    const { jobs } = await studio.generate({ modelId: CORE, prompt: 'a fox' });
    await studio.whenIdle();
    const job = studio.getJob(jobs[0]!.id);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'access-denied', region: 'us-west-2' });
    expect(job.errorMessage).toMatch(/is a Legacy model on Bedrock.*lost access/);
    expect(emulator.billing()).toHaveLength(0);
    expect(ledgerTotals(studio).charge ?? 0).toBe(0);
  });
});

describe('easel generate (Bedrock of 2026)', () => {
  it('calls Core in us-west-2 from a us-east-1 profile and says so in --json; a retired model fails before sending', async () => {
    cli = await createCliHarness({ emulator: { bedrock2025: false } });
    const gen = await cli.run(['generate', 'a fox', '--model', CORE, '--seed', '3', '--json']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(json<unknown[]>(gen)[0]).toMatchObject({ status: 'succeeded', region: 'us-west-2', invokeId: CORE });
    expect(cli.emulator.billing().map((b) => b.region)).toEqual(['us-west-2']);
    // Every image here has a known price: none is counted as unpriced.
    expect(json<object>(await cli.run(['spend', '--json']))).toMatchObject({ totalMicroUsd: 40_000, unpricedCount: 0 });

    const retired = await cli.run(['generate', 'a knight', '--model', SDXL, '--json']);
    expect(retired.code).not.toBe(0);
    expect(retired.stderr).toMatch(/end of life.*Stable Image Core/);
    expect(cli.emulator.requests()).toBe(1);
  });
});
