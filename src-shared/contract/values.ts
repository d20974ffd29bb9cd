// Value schemas more than one domain of the contract uses: ids, regions, timestamps, errors.
import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';

export const ErrorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(4000),
  field: z.string().max(200).optional(),
  retryable: z.boolean().optional(),
});

/**
 * Ids of library rows (images, jobs, ...) as they cross IPC: the library uses decimal row ids
 * ("42"); the pattern also admits UUID-like ids. Safe as a URL path segment.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'must be an Easel id (letters, digits, - and _)');

/** ISO-8601 timestamp with offset, e.g. 2026-11-01T10:00:00.000Z. */
export const Timestamp = z.iso.datetime({ offset: true });
export const ProfileName = z.string().min(1).max(200);
/** AWS region code, e.g. us-east-1, eu-central-1, us-gov-west-1. */
export const RegionSchema = z
  .string()
  .regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as us-east-1');
/** The request (or response) of a call that carries nothing. */
export const Empty = z.strictObject({});

export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL');
