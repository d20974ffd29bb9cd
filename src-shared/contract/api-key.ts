// The Bedrock API key kept for the app: whether one is set and where from (masked), setting it and
// removing it. The key goes one way only: in with apiKey.set; no answer or event ever carries it.
import { z } from 'zod';
import { apiKeyFormatProblem, API_KEY_MAX_LENGTH } from '../bedrock-api-key.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty } from './values.ts';

export const API_KEY_SOURCES = ['settings', 'environment'] as const;

/** A pasted key: surrounding whitespace dropped, then its shape checked (the message never quotes it). */
const ApiKeyInput = z
  .string()
  .max(API_KEY_MAX_LENGTH + 64)
  .transform((key) => key.trim())
  .superRefine((key, ctx) => {
    const problem = apiKeyFormatProblem(key);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ApiKeyStatusSchema = z.strictObject({
  configured: z.boolean(),
  /** Where the key in use comes from: pasted in Settings (wins) or AWS_BEARER_TOKEN_BEDROCK. */
  source: z.enum(API_KEY_SOURCES).nullable(),
  /** `ABSK…1234`: the prefix and the last four characters. */
  masked: z.string().max(40).nullable(),
  /** Whether this app can keep a key (the system's secure storage works); if not, why. */
  canStore: z.boolean(),
  storeProblem: z.string().max(1000).nullable(),
});

export const apiKeyCalls = {
  /** Whether a Bedrock API key is set, where from, masked. */
  'apiKey.status': defineCall({ request: Empty, response: ApiKeyStatusSchema }),
  /** Keeps the key encrypted by the system's secure storage (refused when there is none). */
  'apiKey.set': defineCall({ request: z.strictObject({ key: ApiKeyInput }), response: ApiKeyStatusSchema }),
  /** Forgets the key kept in Settings (AWS_BEARER_TOKEN_BEDROCK, if set, stays in use). */
  'apiKey.clear': defineCall({ request: Empty, response: ApiKeyStatusSchema }),
} as const satisfies CallMap;
