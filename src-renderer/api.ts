// The typed client of window.easel (preload in Electron, shim in the bridge). Nothing else in
// the renderer touches the bridge. `call` unwraps InvokeResult: errors arrive as data and are
// thrown as ApiError carrying that data.
import type {
  CallName,
  CallRequestInput,
  CallResponse,
  EaselApi,
  EventName,
  EventPayload,
  ImageVariant,
} from '../src-shared/contract/index.ts';
import type { ErrorData } from '../src-shared/errors.ts';

declare global {
  interface Window {
    easel: EaselApi;
  }
}

export class ApiError extends Error {
  readonly data: ErrorData;
  constructor(data: ErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.data = data;
  }
}

export async function call<K extends CallName>(name: K, request: CallRequestInput<K>): Promise<CallResponse<K>> {
  const result = await window.easel.invoke(name, request);
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

export function on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
  return window.easel.on(event, listener);
}

export function imageUrl(imageId: string, variant: ImageVariant = 'full'): string {
  return window.easel.imageUrl(imageId, variant);
}

export function startDrag(imageIds: string[]): void {
  window.easel.startDrag(imageIds);
}

export function pathForFile(file: File): string {
  return window.easel.pathForFile(file);
}
