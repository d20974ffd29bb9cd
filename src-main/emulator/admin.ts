// The unsigned admin routes (`/__emulator/*`): knobs, the billing log, queued failures.
import { EXCEPTION_STATUS } from './aws-errors.ts';

/** Operations with their own queue of injected failures. */
export const FAILABLE_OPERATIONS = ['InvokeModel', 'ListFoundationModels', 'ListInferenceProfiles'] as const;
export type FailableOperation = (typeof FAILABLE_OPERATIONS)[number];
export type FailQueues = Record<FailableOperation, string[]>;

export interface AdminReply {
  status: number;
  value: unknown;
}

export interface AdminState {
  config(): unknown;
  /** Applies a config patch; throws a readable message on bad input. */
  patchConfig(patch: unknown): unknown;
  billing(): unknown;
  queues: FailQueues;
}

export function isKnownException(name: unknown): name is string {
  return typeof name === 'string' && EXCEPTION_STATUS[name] !== undefined;
}

/** A name, an array of names (InvokeModel), or {operation, exceptions} to pick the operation. */
function queueFailures(text: string, queues: FailQueues): AdminReply {
  try {
    let parsed: unknown = JSON.parse(text);
    let queue = queues.InvokeModel;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { operation, exceptions } = parsed as { operation?: unknown; exceptions?: unknown };
      const known = FAILABLE_OPERATIONS.find((name) => name === operation);
      if (!known) throw new Error(`operation must be one of ${FAILABLE_OPERATIONS.join(', ')}`);
      queue = queues[known];
      parsed = exceptions;
    }
    const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    if (!list.every(isKnownException)) throw new Error('unknown exception name');
    queue.push(...list);
    return { status: 200, value: { queued: queue } };
  } catch (error) {
    return {
      status: 400,
      value: {
        message: `expected a JSON exception name, an array of them, or {"operation", "exceptions"}: ${error instanceof Error ? error.message : ''}`,
      },
    };
  }
}

export function runAdmin(method: string, path: string, body: string, state: AdminState): AdminReply {
  if (path === '/__emulator/config' && method === 'GET') return { status: 200, value: state.config() };
  if (path === '/__emulator/config' && method === 'POST') {
    try {
      return { status: 200, value: state.patchConfig(JSON.parse(body || '{}')) };
    } catch (error) {
      return { status: 400, value: { message: error instanceof Error ? error.message : String(error) } };
    }
  }
  if (path === '/__emulator/billing' && method === 'GET') return { status: 200, value: state.billing() };
  if (path === '/__emulator/fail-next' && method === 'POST') return queueFailures(body, state.queues);
  return { status: 404, value: { message: `no admin route ${method} ${path}` } };
}
