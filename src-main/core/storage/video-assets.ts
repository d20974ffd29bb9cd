// A finished video in the library: its poster frame is an `images` row (media = 'video', so the
// library lists, searches, tags and collects it like any item), the MP4 a `videos` row beside it,
// the path's images its lineage (`video_sources`). The MP4 is content-addressed under library/ like
// the images (library/ab/<sha>.mp4), written to a temp name, fsynced and renamed in.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { VideoAsset, VideoJob } from '../../../src-shared/contract/video.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { StoredImage } from './image-store.ts';
import { ImagesRepo } from './images-repo.ts';
import { parseId, toId } from './rows.ts';
import type { DbVideoJob } from './video-rows.ts';
import { VideosRepo } from './videos-repo.ts';

export interface StoredVideo {
  sha256: string;
  /** Relative to the data folder: library/ab/<sha>.mp4 */
  path: string;
  bytes: number;
}

export interface VideoFacts {
  durationMs: number;
  width: number;
  height: number;
}

export function videoRelPath(sha256: string): string {
  return `library/${sha256.slice(0, 2)}/${sha256}.mp4`;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies `file` into the library by its content (idempotent: the same bytes land in the same file). */
export async function storeVideoFile(root: string, file: string): Promise<StoredVideo> {
  const sha256 = await sha256OfFile(file);
  const path = videoRelPath(sha256);
  const target = join(root, path);
  const bytes = (await stat(file)).size;
  const existing = await stat(target).catch(() => null);
  if (existing?.size === bytes) return { sha256, path, bytes };
  await mkdir(dirname(target), { recursive: true });
  const temp = join(root, 'tmp', `${sha256}.${process.pid}.mp4.part`);
  await mkdir(dirname(temp), { recursive: true });
  try {
    await copyFile(file, temp);
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(temp, target);
    const folder = await open(dirname(target), 'r');
    await folder
      .sync()
      .catch(() => {})
      .finally(() => folder.close());
  } finally {
    await rm(temp, { force: true });
  }
  return { sha256, path, bytes };
}

interface DbVideo {
  image_id: number;
  sha256: string;
  path: string;
  bytes: number;
  duration_ms: number;
  width: number;
  height: number;
  segments: number;
  video_job_id: number | null;
}

export class VideoAssetsRepo {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #images: ImagesRepo;
  readonly #jobs: VideosRepo;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
    this.#images = new ImagesRepo(db, clock);
    this.#jobs = new VideosRepo(db, clock);
  }

  /**
   * The job's video joins the library in ONE transaction: poster image row (media 'video'), the MP4
   * row, its lineage, the job succeeded. Idempotent for a job already succeeded (returns it).
   */
  finish(jobId: string, poster: StoredImage, video: StoredVideo, facts: VideoFacts): VideoJob {
    const n = parseId(jobId, 'video job');
    const run = this.#db.transaction(() => {
      const job = this.#db.prepare<[number], DbVideoJob>('SELECT * FROM video_jobs WHERE id = ?').get(n);
      if (!job) throw new EaselError('not-found', `There is no video job with id ${jobId}.`);
      if (job.status === 'succeeded') return;
      const request = JSON.parse(job.request) as { prompt: string; imageIds: string[] };
      const segments = this.#jobs.work(jobId).length;
      const { image } = this.#images.insertOrGet({
        ...poster,
        source: 'generated',
        prompt: request.prompt,
        modelId: job.model_id,
        metadata: { kind: 'video', videoJobId: jobId, durationMs: facts.durationMs, segments },
      });
      const imageId = parseId(image.id, 'image');
      this.#db.prepare("UPDATE images SET media = 'video' WHERE id = ?").run(imageId);
      this.#db
        .prepare(
          `INSERT OR REPLACE INTO videos (image_id, sha256, path, bytes, duration_ms, width, height, segments, video_job_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(imageId, video.sha256, video.path, video.bytes, facts.durationMs, facts.width, facts.height, segments, n);
      request.imageIds.forEach((sourceId, position) => {
        const source = this.#images.find(sourceId);
        this.#db
          .prepare('INSERT OR REPLACE INTO video_sources (video_image_id, position, source_image_id) VALUES (?, ?, ?)')
          .run(imageId, position, source ? parseId(source.id, 'image') : null);
      });
      this.#db
        .prepare("UPDATE video_jobs SET status = 'succeeded', image_id = ?, finished_at = ? WHERE id = ?")
        .run(imageId, this.#clock().toISOString(), n);
    });
    run.immediate();
    return this.#jobs.get(jobId);
  }

  /** The MP4 behind a library item. @throws EaselError 'not-found' when the item is not a video. */
  get(imageId: string): VideoAsset {
    const n = parseId(imageId, 'image');
    const row = this.#db.prepare<[number], DbVideo>('SELECT * FROM videos WHERE image_id = ?').get(n);
    if (!row) throw new EaselError('not-found', `Library item ${imageId} is not a video.`);
    const sources = this.#db
      .prepare<[number], { source_image_id: number | null }>(
        'SELECT source_image_id FROM video_sources WHERE video_image_id = ? ORDER BY position',
      )
      .all(n)
      .flatMap((s) => (s.source_image_id === null ? [] : [toId(s.source_image_id)]));
    return {
      imageId: toId(row.image_id),
      sha256: row.sha256,
      path: row.path,
      bytes: row.bytes,
      durationMs: row.duration_ms,
      width: row.width,
      height: row.height,
      segments: row.segments,
      sourceImageIds: sources,
      videoJobId: row.video_job_id === null ? null : toId(row.video_job_id),
    };
  }

  /** Every MP4 the library keeps (for the library check). */
  paths(): string[] {
    return this.#db
      .prepare<[], { path: string }>('SELECT path FROM videos')
      .all()
      .map((r) => r.path);
  }
}
