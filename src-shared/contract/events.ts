// The events main sends the renderer, and the types derived from them.
import { z } from 'zod';
import { JOB_STATUSES } from '../domain.ts';
import { ChatTurnSchema } from './chat.ts';
import { JobSummarySchema } from './jobs.ts';
import { ErrorDataSchema, IdSchema } from './values.ts';
import { VideoJobSchema } from './video.ts';

export const events = {
  'job.updated': z.strictObject({
    jobId: IdSchema,
    status: z.enum(JOB_STATUSES),
    attempt: z.number().int().min(0),
    error: ErrorDataSchema.nullable(),
    imageId: IdSchema.nullable(),
    /** The whole job as `jobs.get` shows it, so a queue view needs no extra call per update. */
    job: JobSummarySchema,
  }),
  /** Images appeared in the library outside a job the renderer started (menu import, CLI). */
  'images.added': z.strictObject({ imageIds: z.array(IdSchema) }),
  /** A video job (camera path) changed: a segment started, finished, or the video is in the library. */
  'video.updated': VideoJobSchema,
  /** Images changed outside the renderer's own calls: a watched folder's file found missing, or back. */
  'images.updated': z.strictObject({ imageIds: z.array(IdSchema) }),
  /** A chat turn started or ended (its whole state, as chat.thread shows it). */
  'chat.turn': z.strictObject({ turn: ChatTurnSchema }),
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;
/** An event as it travels: name + payload, discriminated on name. */
export type EventEnvelope = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Own-property check: `toString`, `__proto__`, `constructor` are not events. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
