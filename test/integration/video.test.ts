// Video jobs through the facade, the real SDK clients (Bedrock runtime and S3) and the emulator:
// a 3-image camera path rendered in two segments and joined into one MP4 whose duration is the sum
// of its segments (parsed with mediabunny); the price before sending and the hard budget; filtered
// and failed segments; S3 refusals before anything is reserved; cancel; a restart mid-invocation
// (downloaded once, charged once); the ledger equal to the emulator's billing.
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_FORMATS, FilePathSource, Input } from 'mediabunny';
import { expectEaselError } from '../support/easel-error.ts';
import { BUCKET, createVideoHarness, type VideoHarness } from '../support/video-harness.ts';

let h: VideoHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const PER_SECOND_540P = 750_000;

async function durationOf(file: string): Promise<number> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(file) });
  try {
    return await input.computeDuration();
  } finally {
    input.dispose();
  }
}

function billedFor(harness: VideoHarness, arns: readonly (string | null)[]): number {
  return harness.emulator
    .billing()
    .filter((b) => b.invocationArn !== undefined && arns.includes(b.invocationArn))
    .reduce((sum, b) => sum + b.priceMicroUsd, 0);
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a camera path', () => {
  it('renders one segment per pair, joins them into one MP4 (duration = sum of segments) in the library', async () => {
    h = await createVideoHarness();
    const ids = await h.addImages(['#203080', '#c04020', '#20a040']);
    const request = {
      imageIds: ids,
      cameras: ['push-in', 'orbit-left'],
      prompt: 'a quiet harbour at dawn',
      duration: '5s' as const,
      resolution: '540p' as const,
      aspectRatio: '16:9' as const,
      loop: false,
    };
    const price = h.studio.priceVideo(request);
    expect(price).toMatchObject({
      segments: 2,
      seconds: 10,
      perSecondMicroUsd: PER_SECOND_540P,
      totalMicroUsd: 7_500_000,
    });
    const started = await h.studio.startVideo(request);
    expect(started.outputUri).toBe(`s3://${BUCKET}/renders/easel/${started.id}/`);
    const job = await h.studio.waitForVideo(started.id);
    expect(job.status).toBe('succeeded');
    expect(job.segments.map((s) => [s.status, s.frame0ImageId, s.frame1ImageId])).toEqual([
      ['completed', ids[0], ids[1]],
      ['completed', ids[1], ids[2]],
    ]);
    const asset = h.studio.videoAsset(job.videoImageId ?? '');
    expect(asset).toMatchObject({ segments: 2, width: 960, height: 540, sourceImageIds: ids });
    // Parsed from the file: two 5 s segments joined end to end.
    expect(await durationOf(h.studio.videoFile(asset.imageId))).toBeCloseTo(10, 1);
    expect(asset.durationMs).toBeGreaterThanOrEqual(9900);
    // The library lists it as a video, with its prompt, beside the images it was made from.
    const listed = h.studio.library.images.list({ text: 'harbour' }).images;
    expect(listed.map((i) => [i.id, i.media])).toEqual([[asset.imageId, 'video']]);
    expect(h.studio.library.images.list({ media: 'video' }).images.map((i) => i.id)).toEqual([asset.imageId]);
    expect(
      h.studio.library.images
        .list({ media: 'image' })
        .images.map((i) => i.id)
        .sort(),
    ).toEqual([...ids].sort());
    const page = await h.studio.handlers['images.search']({ sort: 'newest', limit: 10, media: 'video' });
    expect(page.images.map((i) => [i.id, i.media, i.prompt])).toEqual([
      [asset.imageId, 'video', 'a quiet harbour at dawn'],
    ]);
    // Money: reserved before sending, one charge per segment, the ledger equals the billing.
    const ledger = h.videoLedger();
    expect(ledger.filter((e) => e.kind === 'reservation').map((e) => e.amount)).toEqual([3_750_000, 3_750_000]);
    expect(ledger.filter((e) => e.kind === 'charge').map((e) => e.amount)).toEqual([3_750_000, 3_750_000]);
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(
      billedFor(
        h,
        job.segments.map((s) => s.invocationArn),
      ),
    );
    expect(job.chargedMicroUsd).toBe(7_500_000);
    expect(ledger.filter((e) => e.bucket === 'hold').reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it('makes the output bucket in the model region, and deletes the S3 copies once the video is stored when asked', async () => {
    h = await createVideoHarness();
    const made = await h.studio.createVideoBucket('s3://fresh-videos/out');
    expect(made).toEqual({ bucket: 'fresh-videos', region: 'us-west-2', created: true });
    expect(await h.studio.createVideoBucket('s3://fresh-videos/out')).toMatchObject({ created: false });
    expect(h.studio.library.settings.read('video.outputBucket')).toBe('s3://fresh-videos/out');
    h.studio.library.settings.set('video.deleteAfterDownload', true);
    const ids = await h.addImages(['#335577', '#775533']);
    const started = await h.studio.startVideo({
      imageIds: ids,
      cameras: ['crane-down'],
      prompt: 'a tower',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '9:16',
      loop: false,
    });
    const job = await h.studio.waitForVideo(started.id);
    expect(job.status).toBe('succeeded');
    expect(h.studio.videoAsset(job.videoImageId ?? '')).toMatchObject({ width: 540, height: 960, segments: 1 });
    expect(h.emulator.s3Keys('fresh-videos')).toEqual([]);
  });

  it('refuses a path over a hard budget before anything is sent', async () => {
    h = await createVideoHarness();
    const ids = await h.addImages(['#101010', '#f0f0f0']);
    h.studio.library.budgets.set({ period: 'day', limitMicroUsd: 5_000_000, hard: true });
    await expectEaselError(
      h.studio.startVideo({
        imageIds: ids,
        cameras: ['pan-left'],
        prompt: 'a',
        duration: '9s',
        resolution: '720p',
        aspectRatio: '1:1',
        loop: false,
      }),
      'budget-exceeded',
      /estimated at \$13\.50/,
    );
    expect(h.studio.listVideos()).toEqual([]);
    expect(h.emulator.billing()).toEqual([]);
  });

  it('fails a filtered segment with content-filtered, stops the rest and charges nothing', async () => {
    h = await createVideoHarness({ emulator: { filterWords: ['forbidden'] } });
    const ids = await h.addImages(['#102030', '#302010']);
    const started = await h.studio.startVideo({
      imageIds: ids,
      cameras: ['static'],
      prompt: 'something forbidden',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '16:9',
      loop: false,
    });
    const job = await h.studio.waitForVideo(started.id);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('content-filtered');
    expect(job.segments[0]?.status).toBe('filtered');
    const ledger = h.videoLedger();
    expect(ledger.some((e) => e.kind === 'charge')).toBe(false);
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it('names S3 refusals before reserving anything: access denied, wrong region, no bucket', async () => {
    h = await createVideoHarness();
    const ids = await h.addImages(['#405060']);
    const request = {
      imageIds: ids,
      cameras: ['push-in'],
      prompt: 'a',
      duration: '5s' as const,
      resolution: '540p' as const,
      aspectRatio: '16:9' as const,
      loop: false,
    };
    h.emulator.configure({ s3AccessDenied: [BUCKET] });
    await expectEaselError(
      h.studio.startVideo(request),
      's3-access-denied',
      /Access to the bucket easel-videos was denied/,
    );
    h.emulator.configure({ s3AccessDenied: [] });
    h.emulator.createBucket('east-videos', 'us-east-1');
    await expectEaselError(
      h.studio.startVideo({ ...request, bucket: 's3://east-videos' }),
      's3-wrong-region',
      /is in us-east-1.*us-west-2/,
    );
    await expectEaselError(
      h.studio.startVideo({ ...request, bucket: 's3://no-such-videos' }),
      's3-no-bucket',
      /does not exist/,
    );
    expect(h.studio.listVideos()).toEqual([]);
    expect(h.videoLedger()).toEqual([]);
  });

  it('fails with s3-access-denied when Bedrock may not write the output, charging nothing', async () => {
    h = await createVideoHarness({ emulator: { videoSeconds: 0.2 } });
    const ids = await h.addImages(['#405060']);
    const started = await h.studio.startVideo({
      imageIds: ids,
      cameras: ['push-in'],
      prompt: 'a',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '16:9',
      loop: false,
    });
    h.emulator.configure({ s3AccessDenied: [BUCKET] });
    const job = await h.studio.waitForVideo(started.id);
    expect([job.status, job.error?.code]).toEqual(['failed', 's3-access-denied']);
    expect(h.videoLedger().reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it('cancel stops polling and keeps a started segment as uncertain spend, saying Bedrock may still bill', async () => {
    h = await createVideoHarness({ emulator: { videoSeconds: 5 } });
    const ids = await h.addImages(['#aa0000', '#00aa00', '#0000aa', '#aaaa00']);
    h.studio.library.settings.set('jobs.concurrency', 1);
    const started = await h.studio.startVideo({
      imageIds: ids,
      cameras: ['push-in', 'pan-left', 'crane-up'],
      prompt: 'a',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '16:9',
      loop: false,
    });
    await until(() => h?.studio.getVideo(started.id).segments[0]?.status === 'running');
    const job = await h.studio.cancelVideo(started.id);
    expect(job.status).toBe('cancelled');
    expect(job.notice).toMatch(/Bedrock may still finish and bill/);
    expect(job.segments.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const ledger = h.videoLedger();
    expect(ledger.filter((e) => e.kind === 'uncertain').map((e) => e.amount)).toEqual([3_750_000]);
    expect(ledger.filter((e) => e.bucket === 'hold').reduce((sum, e) => sum + e.amount, 0)).toBe(0);
    // The AWS bill says it was billed: the user settles it, once.
    const settled = h.studio.resolveVideoSpend(started.id, true);
    expect(settled.chargedMicroUsd).toBe(3_750_000);
    expect(
      h
        .videoLedger()
        .filter((e) => e.bucket === 'uncertain')
        .reduce((sum, e) => sum + e.amount, 0),
    ).toBe(0);
    expect(() => h?.studio.resolveVideoSpend(started.id, true)).toThrow(/no unresolved spend/);
  });
});

describe('a restart in the middle of an invocation', () => {
  it('polls again, downloads once and charges once: the ledger equals the billing', async () => {
    h = await createVideoHarness({ emulator: { videoSeconds: 0.3 } });
    const ids = await h.addImages(['#123456', '#654321']);
    const first = h.studio;
    const started = await first.startVideo({
      imageIds: ids,
      cameras: ['orbit-right'],
      prompt: 'a lantern',
      duration: '5s',
      resolution: '540p',
      aspectRatio: '4:3',
      loop: false,
    });
    await until(() => first.getVideo(started.id).segments[0]?.invocationArn !== null);
    await first.close();
    expect(h.emulator.billing()).toEqual([]);
    const second = h.open();
    const job = await second.waitForVideo(started.id);
    expect(job.status).toBe('succeeded');
    const arn = job.segments[0]?.invocationArn ?? null;
    expect(h.emulator.billing().map((b) => b.invocationArn)).toEqual([arn]);
    const ledger = h.videoLedger();
    expect(ledger.filter((e) => e.kind === 'charge')).toHaveLength(1);
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(billedFor(h, [arn]));
    expect(h.emulator.s3Keys(BUCKET).filter((k) => k.endsWith('output.mp4'))).toHaveLength(1);
  });
});
