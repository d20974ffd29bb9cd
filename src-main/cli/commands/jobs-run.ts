// Shared by generate and batch: follow jobs to the end with a progress bar, stop cleanly on Ctrl-C
// (first: queued jobs are cancelled, running ones finish; second: running ones are aborted), and
// describe each finished job.
import { copyFile, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ImageRecord, Job } from '../../../src-shared/domain.ts';
import type { Studio } from '../../core/studio/index.ts';
import { imagePath, TERMINAL, waitForJobs, type CommandContext } from '../context.ts';

export interface JobResult {
  jobId: string;
  imageId: string | null;
  path: string | null;
  seed: number | null;
  modelId: string;
  /** The region called and the model id or inference profile invoked there. */
  region: string | null;
  invokeId: string | null;
  status: Job['status'];
  costMicroUsd: number;
  error?: { code: string; message: string };
}

export function describeJob(studio: Studio, job: Job): JobResult {
  const image = job.imageId ? findImage(studio, job.imageId) : null;
  return {
    jobId: job.id,
    imageId: job.imageId,
    path: image ? imagePath(studio, image) : null,
    seed: job.seed,
    modelId: job.modelId,
    region: job.region,
    invokeId: job.invokeId,
    status: job.status,
    costMicroUsd: job.priceMicroUsd ?? 0,
    ...(job.errorCode ? { error: { code: job.errorCode, message: job.errorMessage ?? job.errorCode } } : {}),
  };
}

export function findImage(studio: Studio, imageId: string): ImageRecord | null {
  try {
    return studio.getImage(imageId);
  } catch {
    return null;
  }
}

export interface FollowState {
  /** Number of Ctrl-C presses seen. */
  interrupted: number;
}

/**
 * Waits for `ids`, drawing progress; installs the Ctrl-C behaviour. `onFinished` sees each job as
 * it reaches its end.
 */
export async function followJobs(
  ctx: CommandContext,
  studio: Studio,
  ids: readonly string[],
  label: string,
  onFinished?: (job: Job) => void,
): Promise<{ jobs: Map<string, Job>; state: FollowState }> {
  const state: FollowState = { interrupted: 0 };
  const live = new Map<string, Job['status']>();
  ctx.onInterrupt((count) => {
    state.interrupted = count;
    if (count === 1) {
      let cancelled = 0;
      for (const id of ids) {
        if (studio.getJob(id).status !== 'queued') continue;
        try {
          studio.cancel(id);
          cancelled += 1;
        } catch {
          // it started meanwhile: it finishes
        }
      }
      const running = ids.filter((id) => ['sending', 'waiting', 'saving'].includes(studio.getJob(id).status)).length;
      ctx.out.log(
        `Stopping: ${cancelled} queued job(s) cancelled (no charge)${running ? `; waiting for ${running} running job(s) to finish (already sent). Press Ctrl-C again to abort them (their spend stays "uncertain").` : '.'}`,
      );
    } else {
      ctx.out.log('Aborting the running jobs.');
      for (const id of ids) {
        try {
          if (!TERMINAL.includes(studio.getJob(id).status)) studio.cancel(id);
        } catch {
          // already finished
        }
      }
    }
  });
  const progress = ctx.out.progress(label, ids.length);
  let done = 0;
  const jobs = await waitForJobs(studio, ids, (job) => {
    live.set(job.id, job.status);
    if (TERMINAL.includes(job.status)) {
      done += 1;
      onFinished?.(job);
    }
    const running = [...live.values()].filter((s) => s === 'sending' || s === 'waiting' || s === 'saving').length;
    progress.update(
      done,
      running
        ? `(${running} running${studio.waitingForNetwork ? ', waiting for the network' : ''})`
        : studio.waitingForNetwork
          ? '(waiting for the network)'
          : '',
    );
  });
  progress.finish();
  return { jobs, state };
}

/** Copies a finished image into `dir` under `name` (its extension added); returns the path. */
export async function copyOut(source: string, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${name}${extname(source)}`);
  await copyFile(source, target);
  return target;
}
