// What a job spools when Bedrock's answer arrives (before anything else is done with it): the body,
// and what finishing the run needs besides (the seed used, the stored request, the attempts). A
// spool file that outlives its process is an answer in hand, billed: recovery finishes saving it.
import { z } from 'zod';
import type { Job } from '../../../src-shared/domain.ts';
import { TERMINAL_JOB_STATUSES } from '../../../src-shared/domain.ts';
import type { GenerationsRepo, ResponseSpool } from '../storage/index.ts';

export const SpoolRecordSchema = z.object({
  version: z.literal(1),
  jobId: z.string(),
  seed: z.number().int(),
  attempts: z.number().int().nonnegative(),
  /** The native request body without image payloads, as stored with the job. */
  request: z.unknown(),
  /** Bedrock's response body, as parsed JSON. */
  body: z.unknown(),
});
export type SpoolRecord = z.infer<typeof SpoolRecordSchema>;

export interface SpooledAnswer {
  job: Job;
  record: SpoolRecord;
}

/**
 * Sorts the spool at recovery: a running job (sending, waiting, saving) with a readable spool file
 * is an answer to finish; a spool file whose job is settled (the process stopped between the commit
 * and the removal), gone, or unreadable is deleted.
 */
export function spooledAnswers(spool: ResponseSpool, generations: GenerationsRepo): SpooledAnswer[] {
  const answers: SpooledAnswer[] = [];
  for (const jobId of spool.jobIds()) {
    const job = findJob(generations, jobId);
    const parsed = SpoolRecordSchema.safeParse(spool.read(jobId));
    const settled = job === null || (TERMINAL_JOB_STATUSES as readonly string[]).includes(job.status);
    if (settled || job.status === 'queued' || !parsed.success || parsed.data.jobId !== jobId) {
      spool.remove(jobId);
      continue;
    }
    answers.push({ job, record: parsed.data });
  }
  return answers;
}

function findJob(generations: GenerationsRepo, jobId: string): Job | null {
  try {
    return generations.get(jobId);
  } catch {
    return null;
  }
}
