// The Queue tab: every job's state live, the reason in words when it failed or was filtered,
// cancel one or all, retry, and the offline state.
import { useShallow } from 'zustand/react/shallow';
import { formatUsd } from '../../../src-shared/money.ts';
import { useApp } from '../../store/index.ts';
import { cancelAllJobs, cancelJob, retryJob } from './jobs.ts';
import { isActive, STATUS_WORDS } from './queueSlice.ts';
import type { JobSummary } from './queueSlice.ts';
import './queue.css';

function JobRow({ job }: { job: JobSummary }) {
  const active = isActive(job);
  const canRetry = ['failed', 'filtered', 'cancelled', 'interrupted'].includes(job.status);
  const status = job.waitingForNetwork && active ? 'Waiting for the network' : STATUS_WORDS[job.status];
  return (
    <li className={`job job-${job.status}`} data-job-id={job.id} data-status={job.status}>
      <div className="job-head">
        <span className={`status-dot status-${job.status}`} aria-hidden="true" />
        <span className="job-status">{status}</span>
        {job.attempts > 1 && <span className="muted"> · attempt {job.attempts}</span>}
        <span className="job-price muted">
          {job.priceMicroUsd !== null ? formatUsd(job.priceMicroUsd) : `~${formatUsd(job.estimateMicroUsd)}`}
        </span>
      </div>
      <p className="job-prompt" title={job.prompt}>
        {job.prompt || <em className="muted">no prompt</em>}
      </p>
      <p className="job-meta muted">
        {job.modelId}
        {job.seed !== null ? ` · seed ${job.seed}` : ''}
      </p>
      {job.error && job.status !== 'cancelled' && (
        <p className="job-error" role={job.status === 'filtered' ? 'status' : 'alert'}>
          {job.error.message}
        </p>
      )}
      <div className="job-actions">
        {active && (
          <button type="button" onClick={() => void cancelJob(job.id)} aria-label={`Cancel job ${job.id}`}>
            Cancel
          </button>
        )}
        {canRetry && (
          <button type="button" onClick={() => void retryJob(job.id)} aria-label={`Retry job ${job.id}`}>
            Retry
          </button>
        )}
      </div>
    </li>
  );
}

export function QueuePanel() {
  const jobs = useApp(useShallow((s) => s.jobOrder.slice(0, 200).flatMap((id) => s.jobs[id] ?? [])));
  const offline = useApp((s) => s.offline);
  const activeCount = jobs.filter(isActive).length;
  return (
    <div className="queue-panel">
      {offline && (
        <p className="offline" role="status">
          Offline: queued jobs wait and are sent when the connection returns.
        </p>
      )}
      <div className="panel-actions">
        <span className="muted">{activeCount === 0 ? 'Nothing running' : `${activeCount} running or queued`}</span>
        <button type="button" onClick={() => void cancelAllJobs()} disabled={activeCount === 0}>
          Cancel all
        </button>
      </div>
      {jobs.length === 0 ? (
        <p className="empty muted">No jobs yet.</p>
      ) : (
        <ul className="job-list" aria-label="Jobs">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </div>
  );
}
