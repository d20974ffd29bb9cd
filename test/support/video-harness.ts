// A studio over a temp data folder talking to the emulator's Bedrock of today (Luma Ray2 in
// us-west-2) and its S3, with an output bucket made and library images to make paths from.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { createStudio, type Studio, type StudioOptions } from '../../src-main/core/studio/index.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src-main/emulator/index.ts';
import { writeEmulatorAwsProfile } from './emulator-aws.ts';

export const BUCKET = 'easel-videos';

export interface VideoHarness {
  dir: string;
  dataDir: string;
  env: Record<string, string>;
  emulator: RunningEmulator;
  studio: Studio;
  open(options?: Partial<StudioOptions>): Studio;
  /** Library images (solid colours with a marker, distinct bytes), their ids in order. */
  addImages(colours: readonly string[], studio?: Studio): Promise<string[]>;
  /** Rows of the ledger that belong to video segments. */
  videoLedger(): { kind: string; amount: number; segment: number; bucket: string }[];
  cleanup(): Promise<void>;
}

export async function createVideoHarness(
  options: { emulator?: EmulatorOptions; env?: Record<string, string> } = {},
): Promise<VideoHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-video-'));
  const emulator = await startEmulator({ port: 0, videoSeconds: 0.02, videoFps: 6, ...options.emulator });
  emulator.createBucket(BUCKET, 'us-west-2');
  const env: Record<string, string> = {
    ...(await writeEmulatorAwsProfile(dir, emulator)),
    AWS_ENDPOINT_URL_S3: emulator.url,
    EASEL_VIDEO_POLL_MS: '30',
    ...options.env,
  };
  const dataDir = join(dir, 'data');
  const studios: Studio[] = [];
  const open = (extra: Partial<StudioOptions> = {}): Studio => {
    const studio = createStudio({ dataDir, env, ...extra });
    studios.push(studio);
    return studio;
  };
  const studio = open();
  studio.library.settings.set('video.outputBucket', `s3://${BUCKET}/renders`);
  return {
    dir,
    dataDir,
    env,
    emulator,
    studio,
    open,
    async addImages(colours, which = studio) {
      const ids: string[] = [];
      for (const [i, colour] of colours.entries()) {
        const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
          .composite([
            { input: { create: { width: 20 + i, height: 20, channels: 3, background: '#ffffff' } }, left: 10, top: 10 },
          ])
          .png()
          .toBuffer();
        const stored = await which.library.store.put(png);
        ids.push(which.library.images.insertOrGet({ ...stored, source: 'imported' }).image.id);
      }
      return ids;
    },
    videoLedger() {
      const db = new Database(join(dataDir, 'easel.db'), { readonly: true });
      try {
        return db
          .prepare<[], { kind: string; amount: number; segment: number; bucket: string }>(
            'SELECT kind, amount_micro_usd AS amount, video_segment_id AS segment, bucket FROM spend WHERE video_segment_id IS NOT NULL ORDER BY id',
          )
          .all();
      } finally {
        db.close();
      }
    },
    async cleanup() {
      for (const s of studios) await s.close().catch(() => undefined);
      await emulator.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
