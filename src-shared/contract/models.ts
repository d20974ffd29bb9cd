// AWS profiles and the image models usable with them.
import { z } from 'zod';
import { TaskSchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty, ErrorDataSchema, ProfileName, RegionSchema } from './values.ts';

export const PROFILE_KINDS = [
  'static',
  'sso',
  'assume-role',
  'credential-process',
  'web-identity',
  'api-key',
  'unknown',
] as const;
export const MODEL_LIFECYCLES = ['active', 'legacy', 'end-of-life'] as const;

export const ProfileSummarySchema = z.strictObject({
  name: ProfileName,
  kind: z.enum(PROFILE_KINDS),
  region: RegionSchema.nullable(),
  isDefault: z.boolean(),
  /** The Bedrock API key's pseudo-profile only: `ABSK…1234`. */
  maskedKey: z.string().max(40).optional(),
});

export const ModelSummarySchema = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().max(200),
  provider: z.string().max(100),
  family: z.string().max(100),
  lifecycle: z.strictObject({ status: z.enum(MODEL_LIFECYCLES), note: z.string().max(1000).optional() }),
  tasks: z.array(TaskSchema),
});

export const modelCalls = {
  /** AWS profiles from the config and credentials files: never a secret. */
  'profiles.list': defineCall({
    request: Empty,
    response: z.strictObject({ profiles: z.array(ProfileSummarySchema) }),
  }),
  /** Image models usable with the profile/region (built-in catalog merged with discovery). */
  'models.list': defineCall({
    request: z.strictObject({ profile: ProfileName.optional(), region: RegionSchema.optional() }),
    response: z.strictObject({
      models: z.array(ModelSummarySchema),
      /** What discovery (ListFoundationModels) said: on failure `models` is the built-in list and `error` says why. */
      discovery: z.strictObject({ ok: z.boolean(), error: ErrorDataSchema.nullable() }).optional(),
    }),
  }),
} as const satisfies CallMap;
