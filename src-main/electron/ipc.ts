// The ONE gate every renderer call passes through, in Electron (ipcMain.handle) and in the test
// bridge (POST /invoke) alike: sender check, contract name check (own properties only), payload
// shape limits, strict zod parse, the handler, response validation in dev/test, and errors as
// data. Plain TypeScript: no Electron import, so it is unit-tested directly.
import type { z } from 'zod';
import { contract, isCallName } from '../../src-shared/contract/index.ts';
import type { CallName, InvokeResult, StudioHandlers } from '../../src-shared/contract/index.ts';
import { isEaselError, toErrorData } from '../../src-shared/errors.ts';
import type { ErrorData } from '../../src-shared/errors.ts';
import { logFault, redacting } from './log.ts';
import type { LogFn } from './log.ts';

export interface PayloadLimits {
  /** Deepest nesting of objects/arrays accepted before parsing. */
  maxDepth: number;
  /** Most values (objects, arrays, primitives) in one payload. */
  maxNodes: number;
  /** Longest single string; schemas set tighter limits per field. */
  maxStringLength: number;
}

export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = { maxDepth: 16, maxNodes: 20_000, maxStringLength: 100_000 };

export interface IpcGateOptions<E> {
  /** True only for our own main frame (Electron) or an authenticated bridge request. */
  isTrustedSender: (event: E) => boolean;
  /** Validate handler responses against the contract (default: on unless NODE_ENV=production). */
  validateResponses?: boolean;
  log?: LogFn;
  limits?: PayloadLimits;
}

export type IpcGate<E> = (event: E, callName: unknown, payload: unknown) => Promise<InvokeResult<CallName>>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function validation(message: string, field?: string): { ok: false; error: ErrorData } {
  const error: ErrorData = { code: 'validation', message };
  if (field !== undefined) error.field = field;
  return { ok: false, error };
}

function describeName(name: unknown): string {
  if (typeof name !== 'string') return `(a ${typeof name})`;
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/** Why a payload is refused before the schema sees it, or null when its shape is acceptable. */
export function checkPayloadShape(payload: unknown, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): string | null {
  let nodes = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: payload, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (++nodes > limits.maxNodes) return `The request is too large (more than ${limits.maxNodes} values).`;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength)
        return `The request contains a text longer than ${limits.maxStringLength} characters.`;
      continue;
    }
    if (typeof value === 'function') return 'The request contains a function.';
    if (typeof value !== 'object' || value === null) continue;
    // Only JSON-like data: structured clone can deliver Dates, Maps, typed arrays and the like.
    const proto: unknown = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null)
      return 'The request contains something other than plain data.';
    if (depth >= limits.maxDepth) return `The request is nested too deeply (more than ${limits.maxDepth} levels).`;
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'symbol') return 'The request contains a symbol key.';
      if (FORBIDDEN_KEYS.has(key)) return `The request contains the forbidden key "${key}".`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}

function firstIssue(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { message: 'The request is not valid.' };
  const field = issue.path.map(String).join('.');
  return field === '' ? { message: issue.message } : { message: `${field}: ${issue.message}`, field };
}

export function createIpcGate<E>(handlers: StudioHandlers, options: IpcGateOptions<E>): IpcGate<E> {
  const log = redacting(options.log ?? logFault);
  // Off in packaged builds: answers are valid by construction (storage/rows.ts brings every image
  // row within the contract's limits; import normalises what files state), checked in tests.
  const validateResponses = options.validateResponses ?? process.env.NODE_ENV !== 'production';
  const limits = options.limits ?? DEFAULT_PAYLOAD_LIMITS;

  return async (event, callName, payload) => {
    let trusted = false;
    try {
      trusted = options.isTrustedSender(event);
    } catch (error) {
      log('sender check threw', error);
    }
    if (!trusted) {
      log(`refused call ${describeName(callName)} from an untrusted sender`);
      return { ok: false, error: { code: 'validation', message: 'This window is not allowed to call Easel.' } };
    }
    if (!isCallName(callName)) return validation(`Unknown call ${describeName(callName)}.`);

    const shapeProblem = checkPayloadShape(payload, limits);
    if (shapeProblem !== null) return validation(shapeProblem);

    const entry = contract[callName];
    const parsed = entry.request.safeParse(payload);
    if (!parsed.success) {
      const { message, field } = firstIssue(parsed.error);
      return validation(`Invalid ${callName} request: ${message}`, field);
    }

    const handler = Object.prototype.hasOwnProperty.call(handlers, callName) ? handlers[callName] : undefined;
    if (typeof handler !== 'function') {
      log(`no handler for ${callName}`);
      return { ok: false, error: toErrorData(undefined) };
    }

    try {
      const value: unknown = await (handler as (req: unknown) => Promise<unknown>)(parsed.data);
      if (validateResponses) {
        const checked = entry.response.safeParse(value);
        if (!checked.success) {
          log(`${callName} returned a response that breaks the contract: ${firstIssue(checked.error).message}`);
          return { ok: false, error: toErrorData(undefined) };
        }
      }
      return { ok: true, value } as InvokeResult<CallName>;
    } catch (error) {
      if (!isEaselError(error)) log(`${callName} failed unexpectedly`, error);
      return { ok: false, error: toErrorData(error) };
    }
  };
}
