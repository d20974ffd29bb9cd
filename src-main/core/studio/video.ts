// Video from images (core/video): price a camera path, start it (bucket checked, whole path
// reserved), follow it (`video.updated`), cancel it, the MP4 behind a library item, the output
// bucket. Jobs left running by an earlier session are resumed when this process runs the folder.
import { randomUUID } from 'node:crypto';
import type { VideoAsset, VideoJob, VideoPrice, VideoRequest } from '../../../src-shared/contract/video.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import {
  durationSeconds,
  LUMA_RAY2,
  LUMA_RAY2_REGION,
  pathPriceMicroUsd,
  segmentCount,
  videoPricePerSecond,
} from '../../../src-shared/models/index.ts';
import {
  checkBucket,
  createBucket,
  createVideoClients,
  parseS3Uri,
  VideoRunner,
  type VideoClients,
} from '../video/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import { priceOverridesFor } from './prices.ts';

/** Where a path's video runs: Luma Ray2, on demand in us-west-2 only (2026-12-01). */
const VIDEO_MODEL = { modelId: LUMA_RAY2, name: 'Luma Ray2', region: LUMA_RAY2_REGION };

export class VideoCalls {
  readonly #ctx: StudioContext;
  readonly #clients: VideoClients & { destroy(): void };
  readonly #runner: VideoRunner;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
    this.#clients = createVideoClients({ env: ctx.env, apiKey: () => ctx.apiKey() });
    const pollMs = Number(ctx.env.EASEL_VIDEO_POLL_MS ?? '') || undefined;
    this.#runner = new VideoRunner({
      storage: ctx.storage,
      clients: this.#clients,
      ...(pollMs === undefined ? {} : { pollMs }),
      concurrency: () => ctx.storage.settings.read('jobs.concurrency'),
      priceSource: (job) => videoPricePerSecond(job.modelId, job.resolution, priceOverridesFor(ctx.storage)).source,
      onUpdate: (job) => ctx.emit({ name: 'video.updated', payload: job }),
    });
  }

  /** The price of a path before anything is sent (null total: unknown, never $0). */
  priceVideo(request: VideoRequest): VideoPrice {
    const segments = segmentCount(request.imageIds.length);
    const { microUsdPerSecond, source } = videoPricePerSecond(
      VIDEO_MODEL.modelId,
      request.resolution,
      priceOverridesFor(this.#ctx.storage),
    );
    const { total } = pathPriceMicroUsd(microUsdPerSecond, segments, request.duration);
    return {
      segments,
      seconds: segments * durationSeconds(request.duration),
      perSecondMicroUsd: microUsdPerSecond,
      totalMicroUsd: total,
      source,
    };
  }

  /**
   * Checks the images and the bucket, reserves the whole path and starts it; progress comes as
   * `video.updated` (and `waitForVideo`).
   * @throws EaselError 'validation' (no bucket chosen), 'not-found' (an image), 's3-no-bucket',
   *   's3-access-denied', 's3-wrong-region', 'budget-exceeded'.
   */
  async startVideo(request: VideoRequest): Promise<VideoJob> {
    this.#ctx.assertOpen();
    for (const id of request.imageIds) this.#ctx.storage.images.get(id);
    const bucketUri = request.bucket ?? this.#ctx.storage.settings.read('video.outputBucket');
    if (!bucketUri)
      throw new EaselError(
        'validation',
        'Choose an S3 bucket for the videos (Settings, Video output, or --bucket s3://bucket/prefix).',
        {
          field: 'bucket',
        },
      );
    const { bucket } = parseS3Uri(bucketUri);
    const profile = request.profile ?? null;
    await checkBucket(await this.#clients.s3(profile, VIDEO_MODEL.region), bucket, VIDEO_MODEL.region);
    const price = this.priceVideo(request);
    const perSegment =
      price.perSecondMicroUsd === null ? null : price.perSecondMicroUsd * durationSeconds(request.duration);
    const ids = request.imageIds;
    const { job } = this.#ctx.storage.videos.queue({
      request,
      modelId: VIDEO_MODEL.modelId,
      profile,
      region: VIDEO_MODEL.region,
      outputBase: bucketUri,
      deleteAfter: this.#ctx.storage.settings.read('video.deleteAfterDownload'),
      segments: request.cameras.map((camera, i) => ({
        camera,
        frame0ImageId: ids[i] as string,
        frame1ImageId: ids[i + 1] ?? null,
        seconds: durationSeconds(request.duration),
        clientToken: randomUUID(),
        estimateMicroUsd: perSegment,
      })),
    });
    this.#ctx.emit({ name: 'video.updated', payload: job });
    void this.#runner.drive(job.id).catch(() => undefined);
    return job;
  }

  /** Resolves when the job has ended (succeeded, failed or cancelled). */
  waitForVideo(id: string): Promise<VideoJob> {
    const job = this.getVideo(id);
    if (job.status !== 'running' && job.status !== 'joining') return Promise.resolve(job);
    return this.#runner.drive(id);
  }

  getVideo(id: string): VideoJob {
    return this.#ctx.storage.videos.get(id);
  }

  listVideos(options: { active?: boolean; limit?: number } = {}): VideoJob[] {
    return this.#ctx.storage.videos.list(options);
  }

  cancelVideo(id: string): Promise<VideoJob> {
    return this.#runner.cancel(id);
  }

  /** Settles a cancelled job's uncertain spend (see VideosRepo.resolveUncertain). */
  resolveVideoSpend(id: string, billed: boolean): VideoJob {
    this.#ctx.storage.videos.resolveUncertain(id, billed);
    const job = this.getVideo(id);
    this.#ctx.emit({ name: 'video.updated', payload: job });
    return job;
  }

  videoAsset(imageId: string): VideoAsset {
    return this.#ctx.storage.videoAssets.get(imageId);
  }

  /** Absolute path of a video's MP4 (for the CLI's answer and the shell's protocol). */
  videoFile(imageId: string): string {
    return this.#ctx.storage.store.absolute(this.videoAsset(imageId).path);
  }

  /** Creates (or finds) the bucket in the model's region and keeps it as the output bucket. */
  async createVideoBucket(
    bucketUri: string,
    profile?: string,
  ): Promise<{ bucket: string; region: string; created: boolean }> {
    const { bucket } = parseS3Uri(bucketUri);
    const created = await createBucket(
      await this.#clients.s3(profile ?? null, VIDEO_MODEL.region),
      bucket,
      VIDEO_MODEL.region,
    );
    this.#ctx.storage.settings.set('video.outputBucket', bucketUri);
    return { bucket, region: VIDEO_MODEL.region, created };
  }

  videoModels(): { modelId: string; name: string; region: string }[] {
    return [VIDEO_MODEL];
  }

  /** Drives every job an earlier session left running (the folder's lock holder, at open). */
  resumeVideos(): void {
    if (this.#ctx.lock.owner) this.#runner.resume();
  }

  async closeVideos(): Promise<void> {
    await this.#runner.close();
    this.#clients.destroy();
  }
}

export function videoHandlers(video: VideoCalls): Pick<StudioHandlers, `video.${string}` & keyof StudioHandlers> {
  return {
    'video.price': async (req) => video.priceVideo(req),
    'video.start': (req) => video.startVideo(req),
    'video.get': async (req) => video.getVideo(req.id),
    'video.list': async (req) => video.listVideos(req),
    'video.cancel': (req) => video.cancelVideo(req.id),
    'video.resolveSpend': async (req) => video.resolveVideoSpend(req.id, req.billed),
    'video.asset': async (req) => video.videoAsset(req.imageId),
    'video.createBucket': (req) => video.createVideoBucket(req.bucket, req.profile),
    'video.models': async () => video.videoModels(),
  };
}
