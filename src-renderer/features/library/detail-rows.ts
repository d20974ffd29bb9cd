// The detail panel's rows: only what the image has (no rows of "—"), the model by its name with the
// id on hover. Pure (tested).
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { formatUsd } from '../../../src-shared/money.ts';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { findModel, LUMA_RAY2 } from '../../../src-shared/models/index.ts';

type JobInfo = CallResponse<'jobs.get'>;
type ImageDetail = CallResponse<'images.get'>['image'];

export interface DetailRow {
  label: string;
  value: string;
  /** Shown on hover (the model's id under its name). */
  title?: string;
}

/** The model's name from the catalog, or the id itself (an imported image's foreign model). */
export function modelRow(modelId: string | null): DetailRow | null {
  if (!modelId) return null;
  const label = findModel(modelId)?.label;
  return label ? { label: 'Model', value: label, title: modelId } : { label: 'Model', value: modelId };
}

function present(label: string, value: string | number | null | undefined): DetailRow | null {
  return value === null || value === undefined || value === '' ? null : { label, value: String(value) };
}

/** Cost: the charge, "unknown" for a generation whose price is unknown (never $0), none for imports. */
function costRow(image: ImageDetail, job: JobInfo | null): DetailRow | null {
  if (job !== null && job.job.priceMicroUsd !== null) return { label: 'Cost', value: formatUsd(job.job.priceMicroUsd) };
  return image.source === 'generated' ? { label: 'Cost', value: 'unknown' } : null;
}

function profileRow(image: ImageDetail, job: JobInfo | null): DetailRow | null {
  if (image.source === 'imported') return null;
  const profile = image.profile ?? job?.job.profile ?? 'default';
  const region = image.region ?? job?.job.region;
  return { label: 'Profile / region', value: region ? `${profile} / ${region}` : profile };
}

export function detailRows(image: ImageDetail, job: JobInfo | null, tags: readonly string[]): DetailRow[] {
  const params = job?.params;
  const rows = [
    present('Prompt', image.prompt),
    present('Negative prompt', image.negativePrompt),
    modelRow(image.modelId),
    { label: 'Size', value: `${image.width} × ${image.height}` },
    present('Task', params?.task),
    present('Steps', params?.steps),
    present('CFG scale', params?.cfgScale),
    present('Style', params?.stylePreset),
    present('Quality', params?.quality),
    costRow(image, job),
    profileRow(image, job),
    { label: 'Created', value: new Date(image.createdAt).toLocaleString() },
    { label: 'Source', value: image.source },
    { label: 'File', value: `${image.mimeType}, ${(image.bytes / 1024).toFixed(0)} KB` },
    present('Rating', image.rating ? '★'.repeat(image.rating) : null),
    present('Tags', tags.join(', ')),
    { label: 'SHA-256', value: image.sha256 },
  ];
  return rows.filter((row): row is DetailRow => row !== null);
}

/**
 * A video's rows: what its camera path was (moves, duration, resolution, aspect), what it cost (the
 * path's charge; "unknown" until its job is known, never $0), where it ran. The poster's own file
 * facts are not the video's and are left out.
 */
export function videoDetailRows(image: ImageDetail, job: VideoJob | null, tags: readonly string[]): DetailRow[] {
  const rows = [
    present('Prompt', image.prompt),
    image.modelId === LUMA_RAY2 ? { label: 'Model', value: 'Luma Ray2', title: LUMA_RAY2 } : modelRow(image.modelId),
    present('Camera moves', job?.segments.map((s) => s.camera).join(' → ')),
    present(
      'Clips',
      job ? `${job.segments.length} × ${job.duration}, ${job.aspectRatio}${job.loop ? ', loop' : ''}` : null,
    ),
    { label: 'Cost', value: job === null ? 'unknown' : formatUsd(job.chargedMicroUsd) },
    present('Region', job?.region),
    { label: 'Created', value: new Date(image.createdAt).toLocaleString() },
    present('Rating', image.rating ? '★'.repeat(image.rating) : null),
    present('Tags', tags.join(', ')),
  ];
  return rows.filter((row): row is DetailRow => row !== null);
}
