// Prices: the versioned price table and the user's overrides.
import { z } from 'zod';
import { defineCall, type CallMap } from './define.ts';
import { Empty } from './values.ts';

export const priceCalls = {
  /** The versioned price table with the user's overrides. */
  'prices.get': defineCall({
    request: Empty,
    response: z.strictObject({
      version: z.number().int(),
      asOf: z.string(),
      source: z.string(),
      entries: z.array(
        z.strictObject({
          key: z.string(),
          modelId: z.string(),
          label: z.string(),
          microUsd: z.number().int().nullable(),
          unconfirmed: z.boolean(),
          overrideMicroUsd: z.number().int().nullable(),
        }),
      ),
      modelOverrides: z.array(z.strictObject({ modelId: z.string(), microUsd: z.number().int() })),
    }),
  }),
  /** key: a price table entry key or a base model id; null removes the override. */
  'prices.set': defineCall({
    request: z.strictObject({
      key: z.string().min(1).max(200),
      microUsd: z.number().int().min(0).nullable(),
      note: z.string().max(500).optional(),
    }),
    response: Empty,
  }),
} as const satisfies CallMap;
