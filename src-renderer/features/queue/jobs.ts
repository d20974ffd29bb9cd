// Live job tracking: `job.updated` events update the queue; the jobs of a run this session started
// get their cells on the canvas at once (one row or grid beside the last placement, or beside the
// source for edits; placeholders say what each job is doing) and each image lands in its cell when
// its job succeeds. Spend in the top bar refreshes when a job ends.
import type { EventPayload } from '../../../src-shared/contract/index.ts';
import { TERMINAL_JOB_STATUSES } from '../../../src-shared/domain.ts';
import { call, on } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { labelPlaceholder, placeImages, placeReserved, releasePlaceholder, reserveRun } from '../canvas/index.ts';
import type { Rect } from '../canvas/index.ts';
import { refreshSpend } from '../session/index.ts';
import { isActive, STATUS_WORDS } from './queueSlice.ts';
import type { JobSummary } from './queueSlice.ts';

/** Jobs started from this window, with where their result should go. */
const started = new Map<string, { near?: Rect }>();
const placed = new Set<string>();

export async function refreshJob(jobId: string): Promise<void> {
  try {
    const { job } = await call('jobs.get', { jobId });
    appStore.getState().upsertJobs([job]);
    await maybePlace(jobId, job.status, job.imageId);
  } catch {
    // The job vanished (purged); nothing to show.
  }
}

export async function loadJobs(): Promise<void> {
  const { jobs } = await call('jobs.list', { limit: 100 });
  appStore.getState().upsertJobs(jobs);
}

/** Tracks a run's jobs; `size` (the expected image size) is the size of their cells on the canvas. */
export function trackJobs(
  jobIds: readonly string[],
  options: { near?: Rect; size?: { width: number; height: number } } = {},
): Promise<void[]> {
  const near = options.near ? { near: options.near } : {};
  for (const id of jobIds) started.set(id, near);
  reserveRun(jobIds, { ...near, ...(options.size ? { size: options.size } : {}) });
  return Promise.all(jobIds.map((id) => refreshJob(id)));
}

async function maybePlace(jobId: string, status: string, imageId: string | null): Promise<void> {
  const origin = started.get(jobId);
  if (!origin || placed.has(jobId)) return;
  if (status !== 'succeeded' || imageId === null) {
    showProgress(jobId);
    return;
  }
  placed.add(jobId);
  if (!(await placeReserved(jobId, imageId))) await placeImages([imageId], origin.near ? { near: origin.near } : {});
}

/** The placeholder says what the job is doing; a job that ended without an image frees its cell. */
function showProgress(jobId: string): void {
  const job: JobSummary | undefined = appStore.getState().jobs[jobId];
  if (!job) return;
  if (!isActive(job)) releasePlaceholder(jobId);
  else labelPlaceholder(jobId, job.waitingForNetwork ? 'Waiting for the network' : STATUS_WORDS[job.status]);
}

function onJobUpdated(event: EventPayload<'job.updated'>): void {
  // The event carries the whole job (seed, price, network state): no extra call per update.
  appStore.getState().applyJobEvent(event);
  void maybePlace(event.jobId, event.status, event.imageId);
  if (TERMINAL_JOB_STATUSES.includes(event.status)) void refreshSpend();
}

export function startJobTracking(): () => void {
  return on('job.updated', onJobUpdated);
}

export async function cancelJob(jobId: string): Promise<void> {
  const { job } = await call('jobs.cancel', { jobId });
  appStore.getState().upsertJobs([job]);
}

export async function cancelAllJobs(): Promise<void> {
  await call('jobs.cancelAll', {});
  await loadJobs();
}

export async function retryJob(jobId: string): Promise<void> {
  const near = started.get(jobId)?.near;
  const { jobIds } = await call('jobs.retry', { jobId });
  await trackJobs(jobIds, near ? { near } : {});
}

/** Polls the queue's network state while jobs are active (offline banner). */
export async function refreshNetworkState(): Promise<void> {
  const { waitingForNetwork } = await call('jobs.concurrency', {});
  appStore.getState().setOffline(waitingForNetwork);
}
