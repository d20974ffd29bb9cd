// The one place the library asks main to export files (images.export).
import { call } from '../../api.ts';

export interface ExportRequest {
  imageIds?: string[];
  collectionId?: string;
  folder: string;
  template: string;
  withMetadata: boolean;
  sidecar: boolean;
}

export interface ExportOutcome {
  exported: number;
  skipped: number;
  failed: number;
  folder: string;
  /** The first failure's message, if any. */
  firstError: string | null;
}

export async function exportImages(request: ExportRequest): Promise<ExportOutcome> {
  const result = await call('images.export', request);
  const failure = result.files.find((f) => f.status === 'failed');
  return {
    exported: result.totals.exported,
    skipped: result.totals.skipped,
    failed: result.totals.failed,
    folder: result.folder,
    firstError: failure?.error?.message ?? null,
  };
}
