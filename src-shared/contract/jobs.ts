// Generating: queueing jobs (one per image), listing, cancelling and retrying them, concurrency.
import { z } from 'zod';
import { GenerationParamsSchema, JOB_STATUSES, OutpaintSchema, WeightedPromptSchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty, ErrorDataSchema, IdSchema, ProfileName, RegionSchema, Timestamp } from './values.ts';

/** GenerationParams with unknown keys rejected at every level (the domain schema strips them). */
export const StrictGenerationParamsSchema = GenerationParamsSchema.extend({
  weightedPrompts: z.array(WeightedPromptSchema.strict()).max(20).optional(),
  outpaint: OutpaintSchema.strict().optional(),
}).strict();

export const JobSummarySchema = z.strictObject({
  id: IdSchema,
  status: z.enum(JOB_STATUSES),
  modelId: z.string().max(200),
  prompt: z.string().max(10_000),
  profile: z.string().max(200).nullable(),
  /** The region the job calls (where the model runs; not necessarily the profile's). */
  region: RegionSchema.nullable(),
  /** The model id or inference profile id it invokes there (null: queued before Easel recorded it). */
  invokeId: z.string().max(300).nullable(),
  attempts: z.number().int().min(0),
  seed: z.number().int().min(0).nullable(),
  estimateMicroUsd: z.number().int().min(0),
  /** What the ledger charged (null while unknown: running, uncertain). */
  priceMicroUsd: z.number().int().min(0).nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  imageId: IdSchema.nullable(),
  error: ErrorDataSchema.nullable(),
  /** Queued because the network is down: it is sent when the connection returns. */
  waitingForNetwork: z.boolean(),
});

export const jobCalls = {
  /** Queue one job per image; absent profile/region mean the default profile and its region. */
  generate: defineCall({
    request: z.strictObject({
      params: StrictGenerationParamsSchema,
      profile: ProfileName.optional(),
      region: RegionSchema.optional(),
    }),
    /**
     * jobs: the queued jobs as `jobs.get` shows them (in jobIds' order), so no call per image is needed.
     * warnings: soft budgets passed by this request (the jobs are queued anyway).
     */
    response: z.strictObject({
      jobIds: z.array(IdSchema).min(1),
      jobs: z.array(JobSummarySchema).min(1),
      warnings: z.array(z.string().max(1000)).optional(),
    }),
  }),
  /** Newest first; `before` is the id of the last job of the previous page. */
  'jobs.list': defineCall({
    request: z.strictObject({
      statuses: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      before: IdSchema.optional(),
    }),
    response: z.strictObject({ jobs: z.array(JobSummarySchema) }),
  }),
  'jobs.get': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ job: JobSummarySchema, params: GenerationParamsSchema }),
  }),
  /** A queued job is dropped (no charge); a running one is aborted. */
  'jobs.cancel': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ job: JobSummarySchema }),
  }),
  'jobs.cancelAll': defineCall({ request: Empty, response: z.strictObject({ cancelled: z.number().int().min(0) }) }),
  /** The same request again, with the seed the job used. */
  'jobs.retry': defineCall({
    request: z.strictObject({ jobId: IdSchema }),
    response: z.strictObject({ jobIds: z.array(IdSchema).min(1) }),
  }),
  'jobs.concurrency': defineCall({
    request: z.strictObject({ concurrency: z.number().int().min(1).max(16).optional() }),
    response: z.strictObject({ concurrency: z.number().int().min(1).max(16), waitingForNetwork: z.boolean() }),
  }),
} as const satisfies CallMap;
