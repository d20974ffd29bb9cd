// The contract's machinery: one call is a request schema and a response schema.
import type { z } from 'zod';

export interface CallEntry<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

/** One contract entry. Requests should be strict objects (`z.strictObject`). */
export function defineCall<Req extends z.ZodType, Res extends z.ZodType>(entry: {
  request: Req;
  response: Res;
}): CallEntry<Req, Res> {
  return { request: entry.request, response: entry.response };
}

/** A domain's calls: call name → entry (composed into the one map by ./index.ts). */
export type CallMap = Record<string, CallEntry>;
