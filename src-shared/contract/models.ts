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

/** Whether a model can run for this profile within "Regions Easel may call", and where, or why not. */
export const ModelRunSchema = z.strictObject({
  ok: z.boolean(),
  /** The region Easel calls it in (null when it cannot run). */
  region: RegionSchema.nullable(),
  /** The model id or inference profile Easel sends there (null when it cannot run). */
  invokeId: z.string().max(300).nullable(),
  /** end-of-life: retired; region: runs only outside the allowed regions; nowhere: not offered anywhere known. */
  reason: z.enum(['end-of-life', 'region', 'nowhere']).nullable(),
  message: z.string().max(1000).nullable(),
  /** Where it runs, when it cannot run for this profile (empty when retired or unknown; empty when it can run). */
  runsIn: z.array(RegionSchema).max(40),
  /** The region that would let it run (the notice's "Use us-west-2"), when adding one is the fix. */
  suggestedRegion: RegionSchema.nullable(),
});

export const ModelSummarySchema = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().max(200),
  provider: z.string().max(100),
  family: z.string().max(100),
  lifecycle: z.strictObject({ status: z.enum(MODEL_LIFECYCLES), note: z.string().max(1000).optional() }),
  tasks: z.array(TaskSchema),
  /** null when the profile's region is unknown (then generating fails first, saying so). */
  run: ModelRunSchema.nullable(),
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
      /**
       * The profile's region and every region Easel may call for it (profile's first); `keyRegion`
       * when a short-term Bedrock API key binds calls to its own region. Absent when the region is unknown.
       */
      regions: z
        .strictObject({
          profile: RegionSchema,
          allowed: z.array(RegionSchema).max(41),
          keyRegion: RegionSchema.optional(),
        })
        .optional(),
      /** What discovery (ListFoundationModels) said: on failure `models` is the built-in list and `error` says why. */
      discovery: z.strictObject({ ok: z.boolean(), error: ErrorDataSchema.nullable() }).optional(),
    }),
  }),
} as const satisfies CallMap;
