// Jobs as the queue tab shows them, newest first, updated live from `job.updated`.
import type { CallResponse, EventPayload } from '../../../src-shared/contract/index.ts';
import { TERMINAL_JOB_STATUSES } from '../../../src-shared/domain.ts';
import type { SliceCreator } from '../../store/types.ts';

export type JobSummary = CallResponse<'jobs.list'>['jobs'][number];

export interface QueueSlice {
  jobs: Record<string, JobSummary>;
  /** Job ids, newest first. */
  jobOrder: string[];
  /** The network is down: queued jobs wait for it. */
  offline: boolean;
  upsertJobs(jobs: readonly JobSummary[]): void;
  /** Applies an event (it carries the whole job); returns false when the job was not known before. */
  applyJobEvent(event: EventPayload<'job.updated'>): boolean;
  setOffline(offline: boolean): void;
}

/** A job's status in words (the queue tab, the canvas's placeholders). */
export const STATUS_WORDS: Record<JobSummary['status'], string> = {
  queued: 'Queued',
  sending: 'Sending',
  waiting: 'Waiting for the model',
  saving: 'Saving',
  succeeded: 'Done',
  failed: 'Failed',
  filtered: 'Filtered',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function isActive(job: Pick<JobSummary, 'status'>): boolean {
  return !TERMINAL_JOB_STATUSES.includes(job.status);
}

function compareNewest(a: JobSummary, b: JobSummary): number {
  return b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id) || (b.id < a.id ? -1 : 1);
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends QueueSlice {}
}

export const createQueueSlice: SliceCreator<QueueSlice> = (set, get) => ({
  jobs: {},
  jobOrder: [],
  offline: false,
  upsertJobs: (incoming) =>
    set((s) => {
      if (incoming.length === 0) return s;
      const jobs = { ...s.jobs };
      for (const job of incoming) {
        // Snapshots arrive over two channels (call responses, job.updated events) in no set order:
        // jobs.cancel answers with the job still running while its 'cancelled' event may already
        // be here. A job's end is final, so an older running snapshot never replaces it.
        const known = jobs[job.id];
        if (known !== undefined && !isActive(known) && isActive(job)) continue;
        jobs[job.id] = job;
      }
      const jobOrder = Object.values(jobs)
        .sort(compareNewest)
        .map((j) => j.id);
      return { jobs, jobOrder, offline: Object.values(jobs).some((j) => isActive(j) && j.waitingForNetwork) };
    }),
  applyJobEvent: (event) => {
    const known = get().jobs[event.jobId] !== undefined;
    get().upsertJobs([event.job]);
    return known;
  },
  setOffline: (offline) => set({ offline }),
});
