// Camera paths from the renderer's side: start one (the dialog's Render), follow it (`video.updated`
// events, and a slow poll of running paths so a missed event never leaves the queue stale), cancel
// it, and put each finished video on the canvas beside the path's first image.
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { call, on } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { placeImages } from '../canvas/index.ts';
import { refreshSpend } from '../session/index.ts';
import { isVideoActive } from './progress.ts';

const POLL_MS = 2000;
/** Paths started from this window: their video goes on the canvas when done. */
const startedHere = new Set<string>();
const placed = new Set<string>();

function receive(jobs: readonly VideoJob[]): void {
  const before = appStore.getState().videoJobs;
  appStore.getState().upsertVideoJobs(jobs);
  for (const job of jobs) {
    const was = before[job.id];
    if (was !== undefined && isVideoActive(was) && !isVideoActive(job)) void refreshSpend().catch(() => {});
    if (job.status === 'succeeded' && job.videoImageId !== null && startedHere.has(job.id) && !placed.has(job.id)) {
      placed.add(job.id);
      void placeImages([job.videoImageId]).catch(() => {});
    }
  }
}

export async function loadVideoJobs(): Promise<void> {
  receive(await call('video.list', { limit: 50 }));
}

async function pollActive(): Promise<void> {
  const state = appStore.getState();
  const active = state.videoJobOrder.filter((id) => {
    const job = state.videoJobs[id];
    return job !== undefined && isVideoActive(job);
  });
  for (const id of active) {
    try {
      receive([await call('video.get', { id })]);
    } catch {
      // Gone or unreachable: the next poll or event says more.
    }
  }
}

/** Follows video jobs until the returned function is called (the app shell starts it at boot). */
export function startVideoTracking(): () => void {
  const stopEvents = on('video.updated', (job) => receive([job]));
  const timer = setInterval(() => void pollActive(), POLL_MS);
  return () => {
    stopEvents();
    clearInterval(timer);
  };
}

/** Sends the path (main reserves its price first); the queue tab shows its progress. */
export async function startVideo(request: Parameters<typeof call<'video.start'>>[1]): Promise<VideoJob> {
  const job = await call('video.start', request);
  startedHere.add(job.id);
  receive([job]);
  appStore.getState().setRightTab('queue');
  return job;
}

export async function cancelVideo(id: string): Promise<VideoJob> {
  const job = await call('video.cancel', { id });
  receive([job]);
  return job;
}

/** Settles a cancelled path's uncertain spend from the AWS bill: billed charges it, else it is released. */
export async function resolveVideoSpend(id: string, billed: boolean): Promise<VideoJob> {
  const job = await call('video.resolveSpend', { id, billed });
  receive([job]);
  void refreshSpend().catch(() => {});
  return job;
}
