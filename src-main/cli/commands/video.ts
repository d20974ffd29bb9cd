// easel video --images 12,13,14 --camera push-in,orbit-left --prompt "…": a camera path through
// library images rendered by Luma Ray2 on Bedrock (one segment per consecutive pair, joined into
// one MP4 in the library). `--status` lists the invocations still running; `--wait` finishes the
// paths an earlier run left behind (after a crash: polled again, downloaded once, charged once).
import { VideoRequestSchema, type VideoJob } from '../../../src-shared/contract/video.ts';
import { CAMERA_MOVES } from '../../../src-shared/models/luma.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { flag, noPositionals, str, UsageError, type OptionTable } from '../args.ts';
import type { Studio } from '../../core/studio/index.ts';
import { EXIT, type Command, type CommandContext } from '../context.ts';
import { usd } from '../io.ts';

const options: OptionTable = {
  images: { type: 'string', value: 'IDS', help: 'library image ids in path order, e.g. 12,13,14 (1–32)' },
  camera: {
    type: 'string',
    value: 'MOVES',
    help: `one move per segment (images − 1; one for a single image): ${CAMERA_MOVES.join(', ')} or free text`,
  },
  prompt: { type: 'string', value: 'TEXT', help: 'what the video shows (1–5000 characters)' },
  duration: { type: 'string', value: 'D', help: 'per segment: 5s (default) or 9s' },
  resolution: { type: 'string', value: 'R', help: '540p or 720p (default)' },
  aspect: { type: 'string', value: 'R', help: 'aspect ratio: 16:9 (default), 1:1, 9:16, 4:3, 3:4, 21:9, 9:21' },
  loop: { type: 'boolean', help: 'ask for a video whose end joins its start' },
  bucket: { type: 'string', value: 'S3URI', help: 'where Bedrock writes (default: the setting): s3://bucket/prefix' },
  'create-bucket': {
    type: 'boolean',
    help: "create --bucket in the model's region (us-west-2) and keep it as the setting",
  },
  status: { type: 'boolean', help: 'list the video invocations still running, then exit' },
  wait: { type: 'boolean', help: 'finish every path an earlier run left running (polls, downloads, joins)' },
};

interface VideoResult {
  videoId: string;
  path: string;
  seconds: number;
  segments: number;
  width: number;
  height: number;
  priceMicroUsd: number | null;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function describeFailure(job: VideoJob): string {
  return job.error?.message ?? `The video ended ${job.status}.`;
}

async function statusReport(ctx: CommandContext): Promise<number> {
  const studio = await ctx.openStudio();
  const running = studio.listVideos({ active: true }).flatMap((job) =>
    job.segments
      .filter((s) => s.status === 'starting' || s.status === 'running')
      .map((s) => ({
        videoJobId: job.id,
        segment: s.position,
        status: s.status,
        invocationArn: s.invocationArn,
        prompt: job.prompt,
      })),
  );
  if (ctx.out.json) ctx.out.result(running);
  else if (running.length === 0) ctx.out.print('No video invocations are running.');
  else
    for (const r of running)
      ctx.out.print(
        `job ${r.videoJobId} segment ${r.segment + 1}: ${r.status} ${r.invocationArn ?? '(starting)'}  ${r.prompt}`,
      );
  return EXIT.ok;
}

function result(studio: Studio, job: VideoJob): VideoResult {
  if (job.status !== 'succeeded' || job.videoImageId === null)
    throw new EaselError(job.error?.code ?? 'video-failed', describeFailure(job));
  const asset = studio.videoAsset(job.videoImageId);
  return {
    videoId: asset.imageId,
    path: studio.videoFile(asset.imageId),
    seconds: asset.durationMs / 1000,
    segments: asset.segments,
    width: asset.width,
    height: asset.height,
    priceMicroUsd: job.estimateMicroUsd === null ? null : job.chargedMicroUsd,
  };
}

function report(ctx: CommandContext, results: VideoResult[]): void {
  if (ctx.out.json) {
    ctx.out.result(results.length === 1 ? results[0] : results);
    return;
  }
  for (const r of results) {
    ctx.out.print(r.path);
    ctx.out.log(
      `Video ${r.videoId}: ${r.seconds} s, ${r.segments} segment${r.segments === 1 ? '' : 's'}, ${r.width}×${r.height}, ${r.priceMicroUsd === null ? 'price unknown' : usd(r.priceMicroUsd)}.`,
    );
  }
}

async function finishLeftovers(ctx: CommandContext): Promise<number> {
  const studio = await ctx.openStudio({ resumeQueued: true });
  const ended = await Promise.all(studio.listVideos({ active: true }).map((job) => studio.waitForVideo(job.id)));
  const done = ended.filter((job) => job.status === 'succeeded');
  report(
    ctx,
    done.map((job) => result(studio, job)),
  );
  for (const job of ended.filter((j) => j.status !== 'succeeded'))
    ctx.out.warn(`video job ${job.id}: ${describeFailure(job)}`);
  return done.length === ended.length ? EXIT.ok : EXIT.failure;
}

export const videoCommand: Command = {
  name: 'video',
  summary: 'Make a video along a camera path through library images (Luma Ray2)',
  usage:
    'easel video --images 12,13,14 --camera push-in,orbit-left --prompt "..." [--duration 5s] [--resolution 720p] [--aspect 16:9] [--loop] [--bucket s3://bucket/prefix] [--json] | easel video --status | easel video --wait',
  options,
  details: `One segment per consecutive pair of images (frame0 → frame1), one for a single image; the segments run
in parallel (the jobs concurrency setting) and are joined into one MP4 in the library. The price of the
whole path is reserved against your budgets before anything is sent. Bedrock writes to your S3 bucket in
us-west-2 (--bucket, or the setting video.outputBucket; --create-bucket makes it).
Ctrl-C cancels the path: segments not started are dropped; started ones may still be billed by Bedrock.
--json prints {"videoId", "path", "seconds", "segments", "width", "height", "priceMicroUsd"}.
--status --json prints [{"videoJobId", "segment", "status", "invocationArn", "prompt"}].`,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'video');
    if (flag(values, 'status')) return statusReport(ctx);
    if (flag(values, 'wait')) return finishLeftovers(ctx);
    const bucket = str(values, 'bucket');
    const parsed = VideoRequestSchema.safeParse({
      imageIds: list(str(values, 'images')),
      cameras: list(str(values, 'camera') ?? 'static'),
      prompt: str(values, 'prompt') ?? '',
      ...(str(values, 'duration') === undefined ? {} : { duration: str(values, 'duration') }),
      ...(str(values, 'resolution') === undefined ? {} : { resolution: str(values, 'resolution') }),
      ...(str(values, 'aspect') === undefined ? {} : { aspectRatio: str(values, 'aspect') }),
      loop: flag(values, 'loop'),
      ...(ctx.profile === undefined ? {} : { profile: ctx.profile }),
      ...(bucket === undefined ? {} : { bucket }),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field =
        { imageIds: '--images', cameras: '--camera', prompt: '--prompt', aspectRatio: '--aspect' }[
          String(issue?.path[0])
        ] ?? `--${String(issue?.path[0] ?? 'images')}`;
      throw new UsageError(`${field}: ${issue?.message ?? 'invalid'}.`, 'video');
    }
    const studio = await ctx.openStudio({ resumeQueued: true });
    if (flag(values, 'create-bucket')) {
      if (bucket === undefined) throw new UsageError('--create-bucket needs --bucket s3://bucket.', 'video');
      const made = await studio.createVideoBucket(bucket, ctx.profile);
      ctx.out.log(`${made.created ? 'Created' : 'Using'} s3://${made.bucket} in ${made.region}.`);
    }
    const price = studio.priceVideo(parsed.data);
    ctx.out.log(
      `${price.segments} segment${price.segments === 1 ? '' : 's'}, ${price.seconds} s of video: ${price.totalMicroUsd === null ? 'price unknown (set one in Spend)' : usd(price.totalMicroUsd)}.`,
    );
    const job = await studio.startVideo(parsed.data);
    ctx.onInterrupt(() => {
      void studio.cancelVideo(job.id).then((cancelled) => {
        if (cancelled.notice) ctx.out.warn(cancelled.notice);
      });
    });
    const ended = await studio.waitForVideo(job.id);
    if (ended.status !== 'succeeded') {
      if (ended.status === 'cancelled') {
        if (ended.notice) ctx.out.warn(ended.notice);
        return EXIT.interrupted;
      }
      throw new EaselError(ended.error?.code ?? 'video-failed', describeFailure(ended));
    }
    report(ctx, [result(studio, ended)]);
    return EXIT.ok;
  },
};
