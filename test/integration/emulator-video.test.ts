// The emulator's Luma Ray2 and S3 through the real SDK clients: StartAsyncInvoke / GetAsyncInvoke /
// ListAsyncInvokes (validation in Bedrock's wording, InProgress → Completed, Failed on a filtered
// prompt or a denied bucket, idempotent client tokens), the output a real H.264 MP4 of the asked
// size and length read back through S3 (and parsed by mediabunny), S3's own errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetAsyncInvokeCommand,
  ListAsyncInvokesCommand,
  StartAsyncInvokeCommand,
  ValidationException,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import sharp from 'sharp';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import { runtimeClient, solidPng } from '../support/emulator-calls.ts';

const RAY2 = 'luma.ray-v2:0';
let emulator: RunningEmulator;
let bedrock: BedrockRuntimeClient;
const s3Clients = new Map<string, S3Client>();

function s3(region = 'us-west-2'): S3Client {
  let client = s3Clients.get(region);
  if (!client)
    s3Clients.set(
      region,
      (client = new S3Client({
        endpoint: emulator.url,
        region,
        forcePathStyle: true,
        credentials: EMULATOR_DEFAULT_CREDENTIALS,
        maxAttempts: 1,
      })),
    );
  return client;
}

async function s3Failure(run: () => Promise<unknown>): Promise<S3ServiceException> {
  try {
    await run();
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the S3 call to fail');
}

async function waitFor(arn: string, timeoutMs = 60_000): Promise<Awaited<ReturnType<typeof get>>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await get(arn);
    if (state.status !== 'InProgress' || Date.now() > until) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function get(arn: string) {
  return bedrock.send(new GetAsyncInvokeCommand({ invocationArn: arn }));
}

const keyframe = async (colour: string) => ({
  type: 'image',
  source: { type: 'base64', media_type: 'image/png', data: await solidPng(320, 240, colour) },
});

beforeAll(async () => {
  emulator = await startEmulator({ videoSeconds: 0.05, videoFps: 8, filterWords: ['forbidden'] });
  bedrock = runtimeClient(emulator, 'us-west-2');
  await s3().send(
    new CreateBucketCommand({ Bucket: 'easel-out', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }),
  );
});

afterAll(async () => {
  bedrock.destroy();
  for (const client of s3Clients.values()) client.destroy();
  await emulator.stop();
});

describe('Luma Ray2 through StartAsyncInvoke', () => {
  it('moves InProgress → Completed and writes a real H.264 MP4 of the asked size and length into S3', async () => {
    const started = await bedrock.send(
      new StartAsyncInvokeCommand({
        modelId: RAY2,
        modelInput: {
          prompt: 'a lighthouse at dusk. the camera pushes in slowly.',
          aspect_ratio: '4:3',
          duration: '5s',
          resolution: '540p',
          loop: false,
          keyframes: { frame0: await keyframe('#204080'), frame1: await keyframe('#e0a020') },
        },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://easel-out/easel/job-1' } },
      }),
    );
    expect(started.invocationArn).toMatch(/^arn:aws:bedrock:us-west-2:000000000000:async-invoke\/[a-z0-9]+$/);
    const first = await get(started.invocationArn ?? '');
    expect(first.status).toBe('InProgress');
    const done = await waitFor(started.invocationArn ?? '');
    expect(done.status).toBe('Completed');
    const prefix = done.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? '';
    expect(prefix).toMatch(/^s3:\/\/easel-out\/easel\/job-1\/[a-z0-9]+$/);
    const key = `${prefix.replace('s3://easel-out/', '')}/output.mp4`;
    const object = await s3().send(new GetObjectCommand({ Bucket: 'easel-out', Key: key }));
    expect(object.ContentType).toBe('video/mp4');
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(bytes) });
    const track = await input.getPrimaryVideoTrack();
    expect(await input.computeDuration()).toBeCloseTo(5, 1);
    expect([track?.displayWidth, track?.displayHeight]).toEqual([720, 540]);
    expect(await track?.getCodecParameterString()).toMatch(/^avc1\./);
    // Billing: 5 s at 540p, once, under the invocation's ARN.
    const billed = emulator.billing().filter((b) => b.invocationArn === started.invocationArn);
    expect(billed.map((b) => [b.priceMicroUsd, b.seconds])).toEqual([[3_750_000, 5]]);
  });

  it('frames move across frame0 and blend toward frame1 (first frame blue, last frame orange)', async () => {
    const started = await bedrock.send(
      new StartAsyncInvokeCommand({
        modelId: RAY2,
        modelInput: {
          prompt: 'static shot',
          resolution: '540p',
          duration: '5s',
          keyframes: { frame0: await keyframe('#2040c0'), frame1: await keyframe('#e08020') },
        },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://easel-out/blend' } },
      }),
    );
    const done = await waitFor(started.invocationArn ?? '');
    const key = `${(done.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? '').replace('s3://easel-out/', '')}/output.mp4`;
    const object = await s3().send(new GetObjectCommand({ Bucket: 'easel-out', Key: key }));
    const { frameAt } = await import('../support/video-frames.ts');
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const first = await sharp(await frameAt(bytes, 0)).stats();
    const last = await sharp(await frameAt(bytes, 4.6)).stats();
    const [r0, , b0] = first.channels.map((c) => c.mean);
    const [r1, , b1] = last.channels.map((c) => c.mean);
    expect(b0).toBeGreaterThan(r0 ?? 0);
    expect(r1).toBeGreaterThan(b1 ?? 0);
  });

  it('moves across frame0 along the camera move the prompt names (pan right: the dark left half leaves)', async () => {
    const split = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#000000' } })
      .composite([
        { input: { create: { width: 320, height: 360, channels: 3, background: '#ffffff' } }, left: 320, top: 0 },
      ])
      .png()
      .toBuffer();
    const started = await bedrock.send(
      new StartAsyncInvokeCommand({
        modelId: RAY2,
        modelInput: {
          prompt: 'a wall. the camera pans right.',
          resolution: '540p',
          keyframes: {
            frame0: {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: split.toString('base64') },
            },
          },
        },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://easel-out/pan' } },
      }),
    );
    const done = await waitFor(started.invocationArn ?? '');
    const key = `${(done.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? '').replace('s3://easel-out/', '')}/output.mp4`;
    const object = await s3().send(new GetObjectCommand({ Bucket: 'easel-out', Key: key }));
    const { frameAt } = await import('../support/video-frames.ts');
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const brightness = async (t: number): Promise<number> =>
      (
        await sharp(await frameAt(bytes, t))
          .greyscale()
          .stats()
      ).channels[0]?.mean ?? 0;
    const [start, end] = [await brightness(0), await brightness(4.6)];
    expect(end - start).toBeGreaterThan(20);
  });

  it('answers the same invocation for a repeated clientRequestToken (never started twice)', async () => {
    const request = {
      clientRequestToken: 'segment-token-0001',
      modelId: RAY2,
      modelInput: { prompt: 'waves', resolution: '540p' },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://easel-out/idem' } },
    };
    const a = await bedrock.send(new StartAsyncInvokeCommand(request));
    const b = await bedrock.send(new StartAsyncInvokeCommand(request));
    expect(b.invocationArn).toBe(a.invocationArn);
  });

  it('fails a filtered prompt with a failureMessage and bills nothing', async () => {
    const started = await bedrock.send(
      new StartAsyncInvokeCommand({
        modelId: RAY2,
        modelInput: { prompt: 'something forbidden', resolution: '540p' },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://easel-out/filtered' } },
      }),
    );
    const done = await waitFor(started.invocationArn ?? '');
    expect(done.status).toBe('Failed');
    expect(done.failureMessage).toMatch(/content filters/);
    expect(emulator.billing().some((b) => b.invocationArn === started.invocationArn)).toBe(false);
  });

  it('refuses bad input in Bedrock wording, and a bucket that is missing or in another region', async () => {
    const refuse = async (modelInput: unknown, s3Uri = 's3://easel-out/x'): Promise<string> => {
      try {
        await bedrock.send(
          new StartAsyncInvokeCommand({
            modelId: RAY2,
            modelInput: modelInput as never,
            outputDataConfig: { s3OutputDataConfig: { s3Uri } },
          }),
        );
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationException);
        return (error as Error).message;
      }
      throw new Error('expected a ValidationException');
    };
    expect(await refuse({ prompt: 'x'.repeat(5001) })).toContain('#/prompt: expected maxLength: 5000, actual: 5001');
    expect(await refuse({ prompt: '' })).toContain('#/prompt: expected minLength: 1, actual: 0');
    expect(await refuse({ prompt: 'a', duration: '7s' })).toContain('#/duration: 7s is not a valid enum value');
    expect(await refuse({ prompt: 'a', resolution: '1080p' })).toContain('#/resolution');
    expect(await refuse({ prompt: 'a', aspect_ratio: '2:1' })).toContain('#/aspect_ratio');
    expect(await refuse({ prompt: 'a', keyframes: { frame2: {} } })).toContain('frame2');
    expect(await refuse({ prompt: 'a' }, 's3://no-such-bucket/x')).toContain('does not exist');
    emulator.createBucket('east-bucket', 'us-east-1');
    expect(await refuse({ prompt: 'a' }, 's3://east-bucket/x')).toContain('same region as the model (us-west-2)');
  });

  it('lists invocations newest first, filtered by status', async () => {
    const all = await bedrock.send(new ListAsyncInvokesCommand({}));
    expect(all.asyncInvokeSummaries?.length).toBeGreaterThanOrEqual(4);
    const failed = await bedrock.send(new ListAsyncInvokesCommand({ statusEquals: 'Failed' }));
    expect(failed.asyncInvokeSummaries?.every((s) => s.status === 'Failed')).toBe(true);
    expect(failed.asyncInvokeSummaries?.length).toBeGreaterThanOrEqual(1);
  });

  it('fails the invocation when Bedrock may not write to the bucket (s3AccessDenied)', async () => {
    emulator.createBucket('locked-bucket');
    emulator.configure({ s3AccessDenied: ['locked-bucket'] });
    const started = await bedrock.send(
      new StartAsyncInvokeCommand({
        modelId: RAY2,
        modelInput: { prompt: 'a', resolution: '540p' },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://locked-bucket/x' } },
      }),
    );
    const done = await waitFor(started.invocationArn ?? '');
    expect([done.status, done.failureMessage]).toEqual(['Failed', expect.stringMatching(/^Access denied/)]);
    const denied = await s3Failure(() => s3().send(new ListObjectsV2Command({ Bucket: 'locked-bucket' })));
    expect(denied.name).toBe('AccessDenied');
    emulator.configure({ s3AccessDenied: [] });
  });
});

describe('the emulator S3', () => {
  it('puts, heads, gets, lists and deletes objects; lists buckets with their location', async () => {
    const client = s3();
    await client.send(
      new PutObjectCommand({
        Bucket: 'easel-out',
        Key: 'notes/a b.txt',
        Body: Buffer.from('hello'),
        ContentType: 'text/plain',
      }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: 'easel-out', Key: 'notes/a b.txt' }));
    expect([head.ContentLength, head.ContentType]).toEqual([5, 'text/plain']);
    const got = await client.send(new GetObjectCommand({ Bucket: 'easel-out', Key: 'notes/a b.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'easel-out', Prefix: 'notes/' }));
    expect(listed.Contents?.map((c) => [c.Key, c.Size])).toEqual([['notes/a b.txt', 5]]);
    await client.send(new DeleteObjectCommand({ Bucket: 'easel-out', Key: 'notes/a b.txt' }));
    const missing = await s3Failure(() =>
      client.send(new GetObjectCommand({ Bucket: 'easel-out', Key: 'notes/a b.txt' })),
    );
    expect(missing.name).toBe('NoSuchKey');
    const buckets = await client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toContain('easel-out');
    const location = await client.send(new GetBucketLocationCommand({ Bucket: 'easel-out' }));
    expect(location.LocationConstraint).toBe('us-west-2');
    await client.send(new HeadBucketCommand({ Bucket: 'easel-out' }));
  });

  it('answers a bucket in another region with AuthorizationHeaderMalformed naming the right one', async () => {
    const wrong = await s3Failure(() => s3('us-east-1').send(new ListObjectsV2Command({ Bucket: 'easel-out' })));
    expect(wrong.name).toBe('AuthorizationHeaderMalformed');
    expect(wrong.message).toContain("expecting 'us-west-2'");
    const head = await s3Failure(() => s3('us-east-1').send(new HeadBucketCommand({ Bucket: 'easel-out' })));
    expect(head.$metadata.httpStatusCode).toBe(400);
    const none = await s3Failure(() => s3().send(new HeadBucketCommand({ Bucket: 'never-made' })));
    expect(none.$metadata.httpStatusCode).toBe(404);
  });
});
