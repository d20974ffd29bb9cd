import { beforeEach, describe, expect, it } from 'vitest';
import { scene } from '../features/canvas/scene.ts';
import type { JobSummary } from '../features/queue/index.ts';
import { appStore, resetStores } from './index.ts';

const job = (id: string, over: Partial<JobSummary> = {}): JobSummary => ({
  id,
  status: 'queued',
  modelId: 'm',
  prompt: 'p',
  profile: null,
  region: null,
  invokeId: null,
  attempts: 0,
  seed: null,
  estimateMicroUsd: 40_000,
  priceMicroUsd: null,
  createdAt: `2026-01-01T00:00:0${id}.000Z`,
  finishedAt: null,
  imageId: null,
  error: null,
  waitingForNetwork: false,
  ...over,
});

describe('the app store', () => {
  beforeEach(resetStores);

  it('keeps jobs newest first and applies live events to known jobs only', () => {
    const s = appStore.getState();
    s.upsertJobs([job('1'), job('2')]);
    expect(appStore.getState().jobOrder).toEqual(['2', '1']);
    const waiting = job('1', { status: 'waiting', attempts: 2 });
    expect(
      s.applyJobEvent({ jobId: '1', status: 'waiting', attempt: 2, error: null, imageId: null, job: waiting }),
    ).toBe(true);
    expect(appStore.getState().jobs['1']).toMatchObject({ status: 'waiting', attempts: 2 });
    expect(
      s.applyJobEvent({ jobId: '3', status: 'queued', attempt: 0, error: null, imageId: null, job: job('3') }),
    ).toBe(false);
    expect(appStore.getState().jobOrder).toEqual(['3', '2', '1']);
  });

  it('is offline when an active job waits for the network', () => {
    appStore.getState().upsertJobs([job('1', { waitingForNetwork: true })]);
    expect(appStore.getState().offline).toBe(true);
    appStore.getState().upsertJobs([job('1', { status: 'cancelled', waitingForNetwork: true })]);
    expect(appStore.getState().offline).toBe(false);
  });

  it('resetStores empties the store and the scene', () => {
    appStore.getState().setField('prompt', 'x');
    appStore.getState().select(['item-1']);
    scene.add([{ imageId: '1', x: 0, y: 0, width: 1, height: 1 }]);
    resetStores();
    expect(appStore.getState().fields.prompt).toBe('');
    expect(appStore.getState().selection).toEqual([]);
    expect(scene.size).toBe(0);
    expect(scene.canUndo()).toBe(false);
  });

  it('selection toggles with shift semantics', () => {
    const s = appStore.getState();
    s.select(['a']);
    s.toggleSelected('b');
    s.toggleSelected('a');
    expect(appStore.getState().selection).toEqual(['b']);
  });
});
