// Video jobs (camera paths) and their segments (one Bedrock async invocation each), with the money
// rules of image jobs: the whole path reserved against the budgets in the IMMEDIATE transaction that
// queues it; each segment's reservation released and its charge written in the transaction that
// records it Completed (guarded on its status, so a segment is charged once however often a
// restart sees it Completed); a cancelled segment Bedrock may still bill turns its hold into
// uncertain spend. The finished video (poster image row + MP4 row + lineage) is video-assets.ts.
import type { VideoJob, VideoRequest } from '../../../src-shared/contract/video.ts';
import type { ErrorData } from '../../../src-shared/errors.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { BudgetsRepo, type BudgetWarning } from './budgets-repo.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Db } from './db.ts';
import { appendLedger } from './ledger.ts';
import { parseId } from './rows.ts';
import { settleOpen } from './uncertain-spend.ts';
import {
  segmentWorkFromRow,
  videoJobFromRows,
  type DbVideoJob,
  type DbVideoSegment,
  type DbVideoSegmentSpend,
  type SegmentWork,
} from './video-rows.ts';

export type { SegmentWork } from './video-rows.ts';

export interface QueueVideoInput {
  request: VideoRequest;
  modelId: string;
  profile: string | null;
  region: string;
  /** s3://bucket[/prefix] chosen by the user; the job's own folder `easel/<job id>/` is added here. */
  outputBase: string;
  deleteAfter: boolean;
  segments: readonly {
    camera: string;
    frame0ImageId: string;
    frame1ImageId: string | null;
    seconds: number;
    clientToken: string;
    /** Null: unknown price (reserves nothing; the charge is an unpriced one). */
    estimateMicroUsd: number | null;
  }[];
}

export class VideosRepo {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #budgets: BudgetsRepo;

  constructor(db: Db, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
    this.#budgets = new BudgetsRepo(db, clock);
  }

  /**
   * The job, its segments and their reservations in ONE IMMEDIATE transaction.
   * @throws EaselError 'budget-exceeded' (nothing is queued) when a hard budget would be passed.
   */
  queue(input: QueueVideoInput): { job: VideoJob; warnings: BudgetWarning[] } {
    const run = this.#db.transaction(() => {
      const now = this.#clock();
      const at = now.toISOString();
      const known = input.segments.map((s) => s.estimateMicroUsd);
      const total = known.includes(null) ? null : known.reduce<number>((a, b) => a + (b ?? 0), 0);
      const warnings = this.#budgets.check(total ?? 0, 'this video is', now);
      const job = this.#db
        .prepare<(string | number | null)[], { id: number }>(
          `INSERT INTO video_jobs (created_at, status, model_id, profile, region, request, output_uri, delete_after, estimate_micro_usd)
           VALUES (?, 'running', ?, ?, ?, ?, '', ?, ?) RETURNING id`,
        )
        .get(
          at,
          input.modelId,
          input.profile,
          input.region,
          JSON.stringify(input.request),
          input.deleteAfter ? 1 : 0,
          total,
        );
      if (!job) throw new Error('video job insert returned nothing');
      const outputUri = `${input.outputBase.replace(/\/+$/, '')}/easel/${job.id}/`;
      this.#db.prepare('UPDATE video_jobs SET output_uri = ? WHERE id = ?').run(outputUri, job.id);
      input.segments.forEach((segment, position) => {
        const reserve = segment.estimateMicroUsd ?? 0;
        const row = this.#db
          .prepare<(string | number | null)[], { id: number }>(
            `INSERT INTO video_segments (video_job_id, position, status, camera, frame0_image_id, frame1_image_id, client_token,
               seconds, estimate_micro_usd, reserved_micro_usd)
             VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .get(
            job.id,
            position,
            segment.camera,
            parseId(segment.frame0ImageId, 'image'),
            segment.frame1ImageId === null ? null : parseId(segment.frame1ImageId, 'image'),
            segment.clientToken,
            segment.seconds,
            segment.estimateMicroUsd,
            reserve,
          );
        if (!row) throw new Error('segment insert returned nothing');
        if (reserve > 0) this.#ledger(row.id, input, 'reservation', reserve, 'estimate', 'hold', at);
      });
      return { job: this.get(String(job.id)), warnings };
    });
    return run.immediate();
  }

  get(id: string): VideoJob {
    const n = parseId(id, 'video job');
    const job = this.#db.prepare<[number], DbVideoJob>('SELECT * FROM video_jobs WHERE id = ?').get(n);
    if (!job) throw new EaselError('not-found', `There is no video job with id ${id}.`);
    return videoJobFromRows(job, this.#segments(n));
  }

  /** Newest first; `active`: running or joining. */
  list(options: { active?: boolean; limit?: number } = {}): VideoJob[] {
    const where = options.active ? "WHERE status IN ('running','joining')" : '';
    return this.#db
      .prepare<[number], DbVideoJob>(`SELECT * FROM video_jobs ${where} ORDER BY id DESC LIMIT ?`)
      .all(Math.max(1, Math.min(options.limit ?? 100, 500)))
      .map((job) => videoJobFromRows(job, this.#segments(job.id)));
  }

  /** What driving a job needs beyond its segments: who calls where, and where the output goes. */
  context(jobId: string): {
    profile: string | null;
    region: string;
    modelId: string;
    outputUri: string;
    deleteAfter: boolean;
    request: VideoRequest;
  } {
    const job = this.#job(parseId(jobId, 'video job'));
    return {
      profile: job.profile,
      region: job.region,
      modelId: job.model_id,
      outputUri: job.output_uri,
      deleteAfter: job.delete_after === 1,
      request: JSON.parse(job.request) as VideoRequest,
    };
  }

  /** The segments of a job, in path order. */
  work(jobId: string): SegmentWork[] {
    return this.#segments(parseId(jobId, 'video job')).map(segmentWorkFromRow);
  }

  /** Jobs to drive now (after a restart too): running or joining, oldest first. */
  activeJobIds(): string[] {
    return this.#db
      .prepare<[], { id: number }>("SELECT id FROM video_jobs WHERE status IN ('running','joining') ORDER BY id")
      .all()
      .map((r) => String(r.id));
  }

  /** queued → starting (the idempotency token is already stored). False when someone else took it. */
  markStarting(segmentId: number): boolean {
    return this.#move(segmentId, "'queued'", "status = 'starting', started_at = ?", [this.#clock().toISOString()]);
  }

  /** starting → running with its ARN: written as soon as Bedrock answers, before anything else. */
  recordArn(segmentId: number, invocationArn: string): boolean {
    return this.#move(segmentId, "'starting'", "status = 'running', invocation_arn = ?", [invocationArn]);
  }

  /** The MP4 is on this machine: running → completed, reservation released and the charge written, once. */
  completeSegment(segmentId: number, done: { localPath: string; outputKey: string; priceSource: string }): boolean {
    const run = this.#db.transaction(() => {
      const segment = this.#segment(segmentId);
      if (segment.status !== 'running') return false;
      const at = this.#clock().toISOString();
      const job = this.#job(segment.video_job_id);
      this.#releaseHold(segment, job, at);
      const price = segment.estimate_micro_usd;
      this.#ledger(segment.id, job, 'charge', price ?? 0, done.priceSource, 'spend', at, price === null);
      this.#db
        .prepare(
          `UPDATE video_segments SET status = 'completed', price_micro_usd = ?, local_path = ?, output_key = ?, finished_at = ?
           WHERE id = ?`,
        )
        .run(price, done.localPath, done.outputKey, at, segmentId);
      return true;
    });
    return run.immediate();
  }

  /** Failed or filtered at Bedrock (not billed): the hold is released. */
  endSegment(segmentId: number, status: 'failed' | 'filtered', error: ErrorData): void {
    const run = this.#db.transaction(() => {
      const segment = this.#segment(segmentId);
      if (!['queued', 'starting', 'running'].includes(segment.status)) return;
      const at = this.#clock().toISOString();
      this.#releaseHold(segment, this.#job(segment.video_job_id), at);
      this.#db
        .prepare(
          'UPDATE video_segments SET status = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ?',
        )
        .run(status, error.code, error.message, at, segmentId);
    });
    run.immediate();
  }

  /** The job failed: open segments stop as `cancelled` (see `cancel` for what that costs). */
  fail(jobId: string, error: ErrorData): VideoJob {
    return this.#stop(jobId, 'failed', error, null);
  }

  /** Stops a job: queued segments dropped (released), started ones may still be billed (uncertain). */
  cancel(jobId: string): VideoJob {
    const job = this.get(jobId);
    if (job.status !== 'running' && job.status !== 'joining')
      throw new EaselError('validation', `Video job ${jobId} already finished (${job.status}).`);
    const started = job.segments.filter((s) => s.status === 'starting' || s.status === 'running').length;
    const notice =
      started === 0
        ? null
        : `Easel stopped waiting for ${started === 1 ? 'a started segment' : `${started} started segments`}. ` +
          'Bedrock may still finish and bill them: their estimate is kept as uncertain spend until you settle it in Spend.';
    return this.#stop(jobId, 'cancelled', null, notice);
  }

  /**
   * The user settles a cancelled job's uncertain spend (Bedrock's bill says whether the started
   * segments were billed): each open uncertain entry is released and, when billed, charged — in
   * one transaction. Returns the amount charged.
   */
  resolveUncertain(jobId: string, billed: boolean): number {
    const n = parseId(jobId, 'video job');
    const run = this.#db.transaction(() => {
      this.#job(n);
      const at = this.#clock().toISOString();
      let released = 0;
      let charged = 0;
      for (const segment of this.#segments(n).filter((s) => s.uncertain_micro_usd !== 0)) {
        const settled = settleOpen(this.#db, { videoSegmentId: segment.id }, { billed }, at);
        released += settled.released;
        charged += settled.charged;
      }
      if (released === 0) throw new EaselError('validation', `Video job ${jobId} has no unresolved spend.`);
      return charged;
    });
    return run.immediate();
  }

  setJoining(jobId: string): void {
    this.#db
      .prepare("UPDATE video_jobs SET status = 'joining' WHERE id = ? AND status = 'running'")
      .run(parseId(jobId, 'video job'));
  }

  #stop(jobId: string, status: 'failed' | 'cancelled', error: ErrorData | null, notice: string | null): VideoJob {
    const n = parseId(jobId, 'video job');
    const run = this.#db.transaction(() => {
      const job = this.#job(n);
      const at = this.#clock().toISOString();
      for (const segment of this.#segments(n).filter((s) => ['queued', 'starting', 'running'].includes(s.status))) {
        const held = this.#releaseHold(segment, job, at);
        // A started invocation may be billed by Bedrock whatever Easel does now.
        const amount = segment.status === 'queued' ? 0 : held || (segment.estimate_micro_usd ?? 0);
        if (amount > 0) this.#ledger(segment.id, job, 'uncertain', amount, 'estimate', 'uncertain', at);
        this.#db
          .prepare("UPDATE video_segments SET status = 'cancelled', finished_at = ? WHERE id = ?")
          .run(at, segment.id);
      }
      this.#db
        .prepare(
          `UPDATE video_jobs SET status = ?, finished_at = ?, error_code = ?, error_message = ?, notice = coalesce(?, notice)
           WHERE id = ? AND status IN ('running','joining')`,
        )
        .run(status, at, error?.code ?? null, error?.message ?? null, notice, n);
    });
    run.immediate();
    return this.get(jobId);
  }

  /** Releases a segment's open hold; returns what it held. */
  #releaseHold(segment: DbVideoSegment, job: Pick<DbVideoJob, 'model_id' | 'profile'>, at: string): number {
    if (segment.reserved_micro_usd === 0) return 0;
    const reservation = this.#db
      .prepare<[number], { id: number }>(
        "SELECT id FROM spend WHERE video_segment_id = ? AND kind = 'reservation' ORDER BY id DESC LIMIT 1",
      )
      .get(segment.id);
    appendLedger(this.#db, {
      generationId: null,
      videoSegmentId: segment.id,
      modelId: job.model_id,
      profile: job.profile,
      kind: 'release',
      amountMicroUsd: -segment.reserved_micro_usd,
      priceSource: null,
      at,
      refId: reservation?.id ?? null,
      bucket: 'hold',
    });
    this.#db.prepare('UPDATE video_segments SET reserved_micro_usd = 0 WHERE id = ?').run(segment.id);
    return segment.reserved_micro_usd;
  }

  #ledger(
    segmentId: number,
    job: { modelId?: string; model_id?: string; profile: string | null },
    kind: 'reservation' | 'charge' | 'uncertain',
    amount: number,
    priceSource: string,
    bucket: 'hold' | 'spend' | 'uncertain',
    at: string,
    unpriced = false,
  ): void {
    appendLedger(this.#db, {
      generationId: null,
      videoSegmentId: segmentId,
      modelId: job.modelId ?? job.model_id ?? null,
      profile: job.profile,
      kind,
      amountMicroUsd: amount,
      priceSource,
      at,
      bucket,
      unpriced,
    });
  }

  #move(segmentId: number, from: string, set: string, values: (string | number)[]): boolean {
    return (
      this.#db.prepare(`UPDATE video_segments SET ${set} WHERE id = ? AND status = ${from}`).run(...values, segmentId)
        .changes === 1
    );
  }

  #segments(jobId: number): DbVideoSegmentSpend[] {
    return this.#db
      .prepare<[number], DbVideoSegmentSpend>(
        `SELECT v.*, (SELECT coalesce(SUM(s.amount_micro_usd), 0) FROM spend s
           WHERE s.video_segment_id = v.id AND s.bucket = 'uncertain') AS uncertain_micro_usd
         FROM video_segments v WHERE v.video_job_id = ? ORDER BY v.position`,
      )
      .all(jobId);
  }

  #segment(id: number): DbVideoSegment {
    const row = this.#db.prepare<[number], DbVideoSegment>('SELECT * FROM video_segments WHERE id = ?').get(id);
    if (!row) throw new EaselError('not-found', `There is no video segment ${id}.`);
    return row;
  }

  #job(id: number): DbVideoJob {
    const row = this.#db.prepare<[number], DbVideoJob>('SELECT * FROM video_jobs WHERE id = ?').get(id);
    if (!row) throw new EaselError('not-found', `There is no video job with id ${id}.`);
    return row;
  }
}
