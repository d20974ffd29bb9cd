// Live job tracking: `job.updated` events update the queue; a job this session started lands on
// the canvas when it succeeds (next to its source for edits). Spend in the top bar refreshes when
// a job ends.
import type { EventPayload } from '../../../src-shared/contract/index.ts';
import { TERMINAL_JOB_STATUSES } from '../../../src-shared/domain.ts';
import { call, on } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { placeImages } from '../canvas/index.ts';
import type { Rect } from '../canvas/index.ts';
import { refreshSpend } from '../session/index.ts';

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

export function trackJobs(jobIds: readonly string[], options: { near?: Rect } = {}): Promise<void[]> {
  for (const id of jobIds) started.set(id, options);
  return Promise.all(jobIds.map((id) => refreshJob(id)));
}

async function maybePlace(jobId: string, status: string, imageId: string | null): Promise<void> {
  const origin = started.get(jobId);
  if (status !== 'succeeded' || imageId === null || !origin || placed.has(jobId)) return;
  placed.add(jobId);
  await placeImages([imageId], origin.near ? { near: origin.near } : {});
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
