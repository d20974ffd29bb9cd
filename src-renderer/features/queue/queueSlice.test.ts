import { beforeEach, describe, expect, it } from 'vitest';
import { appStore, resetStores } from '../../store/index.ts';
import type { JobSummary } from './queueSlice.ts';

const job = (status: JobSummary['status'], over: Partial<JobSummary> = {}): JobSummary => ({
  id: '7',
  status,
  modelId: 'm',
  prompt: 'p',
  profile: null,
  region: null,
  invokeId: null,
  attempts: 1,
  seed: null,
  estimateMicroUsd: 40_000,
  priceMicroUsd: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  imageId: null,
  error: null,
  waitingForNetwork: false,
  ...over,
});
const event = (j: JobSummary) => ({
  jobId: j.id,
  status: j.status,
  attempt: j.attempts,
  error: j.error,
  imageId: j.imageId,
  job: j,
});

describe('queue slice: snapshots in any order', () => {
  beforeEach(resetStores);

  it("keeps 'cancelled' when the cancel call's answer (job still running) arrives after the event", () => {
    const s = appStore.getState();
    s.upsertJobs([job('waiting')]);
    s.applyJobEvent(event(job('cancelled', { finishedAt: '2026-01-01T00:00:11.000Z' })));
    s.upsertJobs([job('waiting')]); // jobs.cancel's response, sent before the run ended
    expect(appStore.getState().jobs['7']?.status).toBe('cancelled');
  });

  it('takes a terminal snapshot over a running one, and running snapshots in arrival order', () => {
    const s = appStore.getState();
    s.upsertJobs([job('sending')]);
    s.upsertJobs([job('waiting', { attempts: 2 })]);
    expect(appStore.getState().jobs['7']).toMatchObject({ status: 'waiting', attempts: 2 });
    s.upsertJobs([job('succeeded', { imageId: '9' })]);
    s.upsertJobs([job('saving')]);
    expect(appStore.getState().jobs['7']).toMatchObject({ status: 'succeeded', imageId: '9' });
  });
});
