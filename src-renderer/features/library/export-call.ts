// The one place the library asks main to export files. The contract has no export call yet
// (core/library/import-export/export.ts exists behind the facade); until it does, export
// reports that plainly instead of pretending.
import type { CallName } from '../../../src-shared/contract.ts';
import { isCallName } from '../../../src-shared/contract.ts';

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
  failed: number;
  folder: string;
}

const EXPORT_CALL = 'library.export';

export function exportAvailable(): boolean {
  return isCallName(EXPORT_CALL);
}

export async function exportImages(request: ExportRequest): Promise<ExportOutcome> {
  if (!exportAvailable()) throw new Error('Export is not available in this build yet (the main process has no export call).');
  // Typed loosely on purpose until the call is in the contract; the gate validates the request.
  const result = await window.easel.invoke(EXPORT_CALL as CallName, request as never);
  if (!result.ok) throw new Error(result.error.message);
  const value = result.value as unknown as { results?: { status: string }[]; folder?: string };
  const results = value.results ?? [];
  return { exported: results.filter((r) => r.status === 'exported').length, failed: results.filter((r) => r.status === 'failed').length, folder: value.folder ?? request.folder };
}
