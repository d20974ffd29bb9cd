// The knobs of one emulator instance, validated the same way from options, CLI and admin endpoint.
import { z } from 'zod';

export interface EmulatorConfig {
  latencyMs: number;
  throttleRate: number;
  serverErrorRate: number;
  filterWords: string[];
  malformedRate: number;
  endOfLifeModels: string[];
  /**
   * The Bedrock of 2025 (as the emulator served it before issue 10): retired models generate, every
   * model runs in every region with or without a `us.`/`eu.`/`apac.` prefix, only the `region`
   * option is a valid signing region, end of life is a ValidationException, and the Image Services
   * have their 2025 limits. Knobs left at their default are absent from GET /__emulator/config.
   */
  bedrock2025?: boolean;
  /** Legacy models this account has not used for 15 days: AccessDeniedException, listed LEGACY. */
  legacyInactiveModels?: string[];
  /** Bedrock API keys accepted as `Authorization: Bearer <key>`. */
  apiKeys?: string[];
  /** The region of a request authenticated with a long-term API key (default: the `region` option). */
  apiKeyRegion?: string;
  /** Async invocations (Luma Ray2): simulated work per second of output video (default 1 s). */
  videoSeconds?: number;
  /** Frames per second of the emulator's MP4s (default 24, Ray2's rate; lower makes tests faster). */
  videoFps?: number;
  /** S3 buckets every call is refused on (AccessDenied), Bedrock's writes of an output included. */
  s3AccessDenied?: string[];
  /**
   * This account is enrolled in the preview models (Nova 2 Omni): they are listed and callable.
   * Off (the default), they are absent from the listings and answer AccessDeniedException.
   */
  previewAccess?: boolean;
  /**
   * Every generated image is cut short (cut-image.ts: a PNG keeps its chunk structure, its image
   * data ends halfway), answered 200 and billed: a damaged image Easel must refuse at its decode.
   */
  cutImages?: boolean;
}

export const DEFAULT_VIDEO_SECONDS = 1;
export const DEFAULT_VIDEO_FPS = 24;

const rate = z.number().min(0).max(1);

export const configPatchSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  throttleRate: rate.optional(),
  serverErrorRate: rate.optional(),
  filterWords: z.array(z.string().min(1)).optional(),
  malformedRate: rate.optional(),
  endOfLifeModels: z.array(z.string().min(1)).optional(),
  bedrock2025: z.boolean().optional(),
  legacyInactiveModels: z.array(z.string().min(1)).optional(),
  apiKeys: z.array(z.string().min(1)).optional(),
  apiKeyRegion: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name like us-west-2')
    .optional(),
  videoSeconds: z.number().min(0).max(3600).optional(),
  videoFps: z.number().int().min(1).max(60).optional(),
  s3AccessDenied: z.array(z.string().min(1)).optional(),
  previewAccess: z.boolean().optional(),
  cutImages: z.boolean().optional(),
});

/** What `bedrock2025: true` stands for; tests of the 2025 app keep their assertions with it. */
export const BEDROCK_2025: Partial<EmulatorConfig> = { bedrock2025: true };

export const DEFAULT_CONFIG: EmulatorConfig = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  filterWords: [],
  malformedRate: 0,
  endOfLifeModels: [],
};

/** Applies a patch after validating it; throws a readable message on bad input. */
export function applyConfigPatch(current: EmulatorConfig, patch: unknown): EmulatorConfig {
  const parsed = configPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Error(`invalid emulator config: ${where}${issue?.message ?? 'bad input'}`);
  }
  const next: EmulatorConfig = {
    ...current,
    filterWords: [...current.filterWords],
    endOfLifeModels: [...current.endOfLifeModels],
    ...(current.legacyInactiveModels ? { legacyInactiveModels: [...current.legacyInactiveModels] } : {}),
    ...(current.apiKeys ? { apiKeys: [...current.apiKeys] } : {}),
    ...(current.s3AccessDenied ? { s3AccessDenied: [...current.s3AccessDenied] } : {}),
  };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  return next;
}
