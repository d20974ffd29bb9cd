// Camera paths in the Queue tab: each path's progress (segments done, at Bedrock, joining), its
// price (estimate, then charged), each failure with what to do, and Cancel with the plain warning
// that Bedrock may still bill an invocation it has started.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { formatPrice, formatUsd } from '../../../src-shared/money.ts';
import { appStore, useApp } from '../../store/index.ts';
import {
  CANCEL_WARNING,
  hasStartedSegments,
  isVideoActive,
  progressWords,
  SEGMENT_STATUS_WORDS,
  videoAdvice,
} from './progress.ts';
import { cancelVideo, resolveVideoSpend } from './video-jobs.ts';

function SegmentDots({ job }: { job: VideoJob }) {
  return (
    <ol className="video-segments" aria-label="Segments">
      {job.segments.map((s) => (
        <li
          key={s.position}
          className={`video-segment seg-${s.status}`}
          title={`Segment ${s.position + 1}: ${SEGMENT_STATUS_WORDS[s.status]}`}
        >
          <span className="visually-hidden">
            Segment {s.position + 1}: {SEGMENT_STATUS_WORDS[s.status]}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Failure({ job }: { job: VideoJob }) {
  const error = job.error ?? job.segments.find((s) => s.error !== null)?.error ?? null;
  if (error === null || job.status === 'cancelled') return null;
  const advice = videoAdvice(error);
  return (
    <div className="job-error" role="alert">
      <p>{error.message}</p>
      {advice && <p className="video-advice">{advice}</p>}
    </div>
  );
}

/**
 * A cancelled path whose started segments may have been billed: once the AWS bill says, the user
 * settles the kept estimate (video.resolveSpend: billed charges it, not billed releases it). Spend
 * lists the same segments one by one; once none is open (job.uncertainMicroUsd 0) it says so.
 */
function SettleSpend({ job }: { job: VideoJob }) {
  const [state, setState] = useState<'open' | 'busy' | string>('open');
  const settle = (billed: boolean) => {
    setState('busy');
    resolveVideoSpend(job.id, billed)
      .then(() => setState(billed ? 'Settled: charged.' : 'Settled: released.'))
      .catch((e: unknown) => setState(e instanceof Error ? e.message : String(e)));
  };
  if (state !== 'open' && state !== 'busy')
    return (
      <p className="video-notice muted" role="status">
        {state}
      </p>
    );
  // Settled elsewhere (segment by segment in Spend, or with easel spend resolve).
  if (job.uncertainMicroUsd === 0)
    return (
      <p className="video-notice muted" role="status">
        Settled.
      </p>
    );
  return (
    <div className="job-actions" role="group" aria-label={`Settle the uncertain spend of video ${job.id}`}>
      <span className="muted">On your AWS bill?</span>
      <button type="button" disabled={state === 'busy'} onClick={() => settle(true)}>
        Billed
      </button>
      <button type="button" disabled={state === 'busy'} onClick={() => settle(false)}>
        Not billed
      </button>
    </div>
  );
}

function VideoRow({ job }: { job: VideoJob }) {
  const active = isVideoActive(job);
  const started = active && hasStartedSegments(job);
  const warningId = `video-${job.id}-cancel-warning`;
  const price =
    job.chargedMicroUsd > 0 || !active
      ? `${formatUsd(job.chargedMicroUsd)} charged`
      : `~${formatPrice(job.estimateMicroUsd)}`;
  return (
    <li className={`job video-job job-${job.status}`} data-video-job-id={job.id} data-status={job.status}>
      <div className="job-head">
        <span className={`status-dot status-${active ? 'waiting' : job.status}`} aria-hidden="true" />
        <span className="job-status">{progressWords(job)}</span>
        <span className="job-price muted">{price}</span>
      </div>
      <p className="job-prompt" title={job.prompt}>
        Video: {job.prompt}
      </p>
      <p className="job-meta muted">
        Luma Ray2 · {job.segments.length} × {job.duration} · {job.resolution} · {job.aspectRatio}
        {job.loop ? ' · loop' : ''}
      </p>
      <SegmentDots job={job} />
      <Failure job={job} />
      {job.notice && (
        <p className="video-notice" role="status">
          {job.notice}
        </p>
      )}
      {job.status === 'cancelled' && job.notice && <SettleSpend job={job} />}
      {started && (
        <p id={warningId} className="video-notice muted">
          {CANCEL_WARNING}
        </p>
      )}
      <div className="job-actions">
        {active && (
          <button
            type="button"
            aria-label={`Cancel video ${job.id}`}
            {...(started ? { 'aria-describedby': warningId } : {})}
            onClick={() => void cancelVideo(job.id).catch(() => {})}
          >
            Cancel
          </button>
        )}
        {job.status === 'succeeded' && job.videoImageId !== null && (
          <button type="button" onClick={() => appStore.getState().setView('library')}>
            Show in library
          </button>
        )}
      </div>
    </li>
  );
}

export function VideoQueue() {
  const jobs = useApp(useShallow((s) => s.videoJobOrder.slice(0, 50).flatMap((id) => s.videoJobs[id] ?? [])));
  if (jobs.length === 0) return null;
  return (
    <section className="video-queue" aria-label="Videos">
      <h3 className="video-queue-title">Videos</h3>
      <ul className="job-list" aria-label="Video jobs">
        {jobs.map((job) => (
          <VideoRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}

/** Paths still rendering or joining (the Queue tab's count). */
export function useActiveVideoCount(): number {
  return useApp((s) =>
    s.videoJobOrder.reduce((n, id) => n + (s.videoJobs[id] && isVideoActive(s.videoJobs[id]) ? 1 : 0), 0),
  );
}
