// Core records as the contract shows them: the job and image summaries every call and event
// carries. Nothing outside the contract's shape leaves (a region that is not one becomes null, an
// unknown error code 'internal', a 64-bit seed of an import is shown only in the detail).
import type { ImageRecord, Job } from '../../../src-shared/domain.ts';
import { ERROR_CODES, type ErrorData } from '../../../src-shared/errors.ts';
import type { ImageLineage } from '../storage/index.ts';
import type { CallResponse } from './context.ts';

export type JobSummary = CallResponse<'jobs.get'>['job'];
export type ImageSummary = CallResponse<'images.list'>['images'][number];
export type ImageDetail = CallResponse<'images.get'>['image'];

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The region if it looks like one (the contract's RegionSchema), else null. */
export function regionOrNull(region: string | null | undefined): string | null {
  return region !== null && region !== undefined && REGION.test(region) ? region : null;
}

export function jobSummary(job: Job, waitingForNetwork = false): JobSummary {
  const error: ErrorData | null =
    job.errorCode === null && job.errorMessage === null
      ? null
      : {
          code: (CODES.has(job.errorCode ?? '') ? job.errorCode : 'internal') as ErrorData['code'],
          message: job.errorMessage ?? '',
        };
  return {
    id: job.id,
    status: job.status,
    modelId: job.modelId,
    prompt: job.params.prompt,
    profile: job.profile,
    region: regionOrNull(job.region),
    invokeId: job.invokeId,
    attempts: job.attempts,
    seed: job.seed,
    estimateMicroUsd: job.estimateMicroUsd,
    priceMicroUsd: job.priceMicroUsd,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    imageId: job.imageId,
    error,
    waitingForNetwork: waitingForNetwork && job.status === 'queued',
  };
}

export function imageSummary(image: ImageRecord): ImageSummary {
  return {
    id: image.id,
    width: image.width,
    height: image.height,
    createdAt: image.createdAt,
    source: image.source,
    favorite: image.favorite,
    prompt: image.prompt,
    seed: image.seed !== null && image.seed >= 0 ? image.seed : null,
    modelId: image.modelId,
    ...(image.media === 'video' ? { media: 'video' as const } : {}),
    ...(image.externalPath ? { inPlace: true, missing: image.missing === true } : {}),
  };
}

export function imageDetail(image: ImageRecord, lineage: ImageLineage): ImageDetail {
  return {
    ...imageSummary(image),
    sha256: image.sha256,
    bytes: image.bytes,
    mimeType: `image/${image.format}`,
    rating: image.rating,
    generationId: image.generationId,
    modelId: image.modelId,
    prompt: image.prompt,
    negativePrompt: image.negativePrompt,
    seed: image.seed,
    parentImageId: lineage.parentImageId,
    editIds: lineage.editIds,
    profile: lineage.profile,
    region: regionOrNull(lineage.region),
    importedMetadata: image.source === 'imported' ? image.metadata : null,
  };
}
