// Generation and the queue: generate (one job per image), cancel, retry, the job list, how many
// jobs run at once, and the job.updated event the UI receives for every status change.
import type { GenerationParamsInput, Job, JobStatus } from '../../../src-shared/domain.ts';
import { CheckedRequest } from '../../../src-shared/generation-check.ts';
import { invocationTarget, type JobListener, type JobUpdate } from '../jobs/index.ts';
import type { BudgetWarning, Storage } from '../storage/index.ts';
import type { EventEnvelope, StudioContext, StudioHandlers } from './context.ts';
import { jobSummary, type JobSummary } from './summaries.ts';

/** The number of jobs to run at once that the user chose last (the settings table's default: 2). */
export function storedConcurrency(storage: Storage): number {
  return storage.settings.read('jobs.concurrency');
}

export interface GenerateOptions {
  profile?: string;
  region?: string;
  batchKey?: string;
}

export interface ListJobsOptions {
  statuses?: readonly JobStatus[];
  limit?: number;
  /** The id of the last job of the previous page. */
  before?: string;
  batchKey?: string;
  /** Jobs whose batch key starts with this ("<batch>/": every job of a batch). */
  batchKeyPrefix?: string;
}

export class JobCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  /**
   * Queues one job per image. The profile's region is resolved now (explicit, env, then the
   * profile's), then where the model runs within the regions the user allows (`invocationTarget`),
   * so a missing region or a model that cannot run fails here, before anything is reserved. This is
   * where a request from the IPC gate or `easel generate` is checked, once; a CheckedRequest was
   * checked where it entered (a manifest).
   * @throws EaselError 'validation', 'no-region', 'unknown-profile', 'model-end-of-life',
   *   'model-not-available', 'budget-exceeded', 'not-found'.
   */
  async generate(
    params: GenerationParamsInput | CheckedRequest,
    options: GenerateOptions = {},
  ): Promise<{ jobs: Job[]; warnings: BudgetWarning[]; held: Job[] }> {
    this.#ctx.assertOpen();
    // The key's pseudo-profile without a key, or no region, fails here.
    const scope = await this.#ctx.regions.scope(options.profile, options.region);
    const request =
      params instanceof CheckedRequest
        ? params
        : CheckedRequest.require(params, { sourceSize: (imageId) => this.#ctx.storage.images.get(imageId) });
    // What the last model list learned corrects the built-in table; nothing is asked here.
    const target = invocationTarget(request.params.modelId, scope.region, scope.allowed, {
      asGiven: this.#ctx.env.EASEL_BEDROCK_2025 === '1',
      discoveries: this.#ctx.regions.known(scope),
      keyRegion: scope.keyRegion,
    });
    return this.#ctx.queue.submit(request, {
      profile: options.profile ?? null,
      region: target.region,
      invokeId: target.invokeId,
      batchKey: options.batchKey ?? null,
    });
  }

  /** "Regions Easel may call" (Settings), else the default: the profile's region plus us-west-2. */
  allowedRegions(profileRegion: string): string[] {
    return this.#ctx.regions.allowedRegions(profileRegion);
  }

  cancel(jobId: string): Job {
    return this.#ctx.queue.cancel(jobId);
  }

  cancelAll(): number {
    return this.#ctx.queue.cancelAll();
  }

  retry(jobId: string): { jobs: Job[]; warnings: BudgetWarning[]; held: Job[] } {
    this.#ctx.assertOpen();
    return this.#ctx.queue.retry(jobId);
  }

  getJob(jobId: string): Job {
    return this.#ctx.storage.generations.get(jobId);
  }

  listJobs(options: ListJobsOptions = {}): Job[] {
    return this.#ctx.storage.generations.list({
      ...(options.statuses ? { statuses: options.statuses } : {}),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.before === undefined ? {} : { beforeId: options.before }),
      ...(options.batchKey === undefined ? {} : { batchKey: options.batchKey }),
      ...(options.batchKeyPrefix === undefined ? {} : { batchKeyPrefix: options.batchKeyPrefix }),
    });
  }

  /** Job progress as core records: called for every status change with the job as it now stands. */
  onJobUpdate(listener: JobListener): () => void {
    return this.#ctx.queue.onJobUpdate(listener);
  }

  get concurrency(): number {
    return this.#ctx.queue.concurrency;
  }

  /** Changes the number of jobs running at once, now and for later sessions. */
  setConcurrency(n: number): number {
    this.#ctx.queue.setConcurrency(n);
    this.#ctx.storage.settings.set('jobs.concurrency', n);
    return n;
  }

  /** True while jobs wait for the network. */
  get waitingForNetwork(): boolean {
    return this.#ctx.queue.offline;
  }

  /** Resolves when no job is queued or running. */
  whenIdle(): Promise<void> {
    return this.#ctx.queue.whenIdle();
  }
}

/** A queue update as the contract's job.updated event (the whole job summary included). */
export function jobUpdatedEvent(update: JobUpdate): EventEnvelope {
  const job = jobSummary(update.job, update.waitingForNetwork);
  return {
    name: 'job.updated',
    payload: {
      jobId: job.id,
      status: job.status,
      attempt: job.attempts,
      error: update.error ?? job.error,
      imageId: job.imageId,
      job,
    },
  };
}

/** `summarise`: a job as the contract shows it, with the queue's network state. */
export function jobHandlers(jobs: JobCalls, summarise: (job: Job) => JobSummary) {
  return {
    generate: async (req) => {
      const { jobs: queued, warnings } = await jobs.generate(req.params, {
        ...(req.profile ? { profile: req.profile } : {}),
        ...(req.region ? { region: req.region } : {}),
      });
      return {
        jobIds: queued.map((j) => j.id),
        // The jobs as they stand, so the caller needs no jobs.get per image.
        jobs: queued.map(summarise),
        ...(warnings.length ? { warnings: warnings.map((w) => w.message) } : {}),
      };
    },
    'jobs.list': async (req) => ({
      jobs: jobs
        .listJobs({
          limit: req.limit,
          ...(req.statuses ? { statuses: req.statuses } : {}),
          ...(req.before ? { before: req.before } : {}),
        })
        .map(summarise),
    }),
    'jobs.get': async (req) => {
      const job = jobs.getJob(req.jobId);
      return { job: summarise(job), params: job.params };
    },
    'jobs.cancel': async (req) => ({ job: summarise(jobs.cancel(req.jobId)) }),
    'jobs.cancelAll': async () => ({ cancelled: jobs.cancelAll() }),
    'jobs.retry': async (req) => {
      const { jobs: queued, held } = jobs.retry(req.jobId);
      return { jobIds: [...queued, ...held].map((j) => j.id) };
    },
    'jobs.concurrency': async (req) => {
      if (req.concurrency !== undefined) jobs.setConcurrency(req.concurrency);
      return { concurrency: jobs.concurrency, waitingForNetwork: jobs.waitingForNetwork };
    },
  } satisfies Pick<
    StudioHandlers,
    'generate' | 'jobs.list' | 'jobs.get' | 'jobs.cancel' | 'jobs.cancelAll' | 'jobs.retry' | 'jobs.concurrency'
  >;
}
