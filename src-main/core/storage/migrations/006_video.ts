// 006: videos (issue 12). A camera path is a `video_jobs` row with one `video_segments` row per
// Bedrock async invocation (frame0 → frame1). Each segment holds its own budget reservation
// (`reserved_micro_usd`, mirrored like generations', so budgets count it) and its ledger rows point
// at it (`spend.video_segment_id`). Crash safety: the idempotency token is written before a segment
// is sent, the invocation ARN as soon as Bedrock answers, so a restart polls again instead of
// paying twice. A finished video is an `images` row (its poster frame, `media = 'video'`, so the
// library lists, searches, tags and collects it like any item) plus a `videos` row for the MP4 and
// `video_sources` for its lineage. ADD COLUMN keeps every existing row and trigger as it is.
// Append-only: never edit, add 007_… instead.
import type { Migration } from './index.ts';

export const migration006: Migration = {
  id: 6,
  name: 'video',
  sql: `
ALTER TABLE images ADD COLUMN media TEXT NOT NULL DEFAULT 'image' CHECK (media IN ('image','video'));
CREATE INDEX images_video ON images(id) WHERE media = 'video';

CREATE TABLE video_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running','joining','succeeded','failed','cancelled')),
  model_id TEXT NOT NULL,
  profile TEXT,
  region TEXT NOT NULL,
  request TEXT NOT NULL,
  output_uri TEXT NOT NULL,
  delete_after INTEGER NOT NULL DEFAULT 0 CHECK (delete_after IN (0,1)),
  estimate_micro_usd INTEGER,
  error_code TEXT,
  error_message TEXT,
  notice TEXT,
  image_id INTEGER REFERENCES images(id) ON DELETE SET NULL
);
CREATE INDEX video_jobs_active ON video_jobs(status) WHERE status IN ('running','joining');

CREATE TABLE video_segments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  video_job_id INTEGER NOT NULL REFERENCES video_jobs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','starting','running','completed','failed','filtered','cancelled')),
  camera TEXT NOT NULL,
  frame0_image_id INTEGER NOT NULL,
  frame1_image_id INTEGER,
  client_token TEXT NOT NULL UNIQUE,
  invocation_arn TEXT UNIQUE,
  seconds INTEGER NOT NULL,
  estimate_micro_usd INTEGER,
  reserved_micro_usd INTEGER NOT NULL DEFAULT 0,
  price_micro_usd INTEGER,
  output_key TEXT,
  local_path TEXT,
  error_code TEXT,
  error_message TEXT,
  started_at TEXT,
  finished_at TEXT,
  UNIQUE (video_job_id, position)
);
CREATE INDEX video_segments_open_holds ON video_segments(reserved_micro_usd) WHERE reserved_micro_usd <> 0;
CREATE INDEX video_segments_active ON video_segments(status) WHERE status IN ('queued','starting','running');

CREATE TABLE videos (
  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  segments INTEGER NOT NULL,
  video_job_id INTEGER REFERENCES video_jobs(id) ON DELETE SET NULL
);
CREATE TABLE video_sources (
  video_image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
  PRIMARY KEY (video_image_id, position)
) WITHOUT ROWID;
CREATE INDEX video_sources_source ON video_sources(source_image_id) WHERE source_image_id IS NOT NULL;

ALTER TABLE spend ADD COLUMN video_segment_id INTEGER REFERENCES video_segments(id);
CREATE INDEX spend_video_segment ON spend(video_segment_id) WHERE video_segment_id IS NOT NULL;
`,
};
