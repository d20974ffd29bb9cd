// The AUTOMATIC1111 `parameters` text Easel writes into every image it saves. Civitai and most
// readers recognise a file by its settings line, so it always carries Steps, Sampler, CFG scale,
// Seed, Size and Model, with the values Bedrock used: those of the native request body Easel sent
// (which holds the model's defaults where the user left a field out), else the catalog's defaults.
// For what a model does not let the caller choose, the convention (metadata README, "What Easel
// writes") is:
//   Steps: 0          the model runs a step count of its own that Bedrock does not disclose
//   CFG scale: 0      the model takes no guidance scale
//   Sampler: Automatic  the model (or, for SDXL without a sampler, Bedrock) picks the sampler
// A1111's parser and Civitai's read these as ordinary values (0 is a number; the sampler a name).
import type { Job } from '../../../src-shared/domain.ts';
import { findModel } from '../../../src-shared/models/index.ts';
import type { A1111Parameters } from '../metadata/index.ts';

export const UNDISCLOSED_STEPS = 0;
export const NO_GUIDANCE_SCALE = 0;
export const AUTOMATIC_SAMPLER = 'Automatic';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Steps, CFG scale and sampler as sent in the request body (SDXL's and Titan/Nova's field names). */
function sentSettings(request: unknown): { steps?: number; cfgScale?: number; sampler?: string } {
  const body = record(request);
  const config = record(body.imageGenerationConfig);
  const out: { steps?: number; cfgScale?: number; sampler?: string } = {};
  const steps = finite(body.steps);
  const cfgScale = finite(body.cfg_scale) ?? finite(config.cfgScale);
  const sampler = text(body.sampler);
  if (steps !== undefined) out.steps = steps;
  if (cfgScale !== undefined) out.cfgScale = cfgScale;
  if (sampler !== undefined) out.sampler = sampler;
  return out;
}

export function writtenParameters(
  job: Job,
  request: unknown,
  seed: number,
  size: { width: number; height: number },
): A1111Parameters {
  const { params } = job;
  const limits = findModel(job.modelId)?.limits;
  const sent = sentSettings(request);
  return {
    prompt: params.prompt,
    ...(params.negativePrompt ? { negativePrompt: params.negativePrompt } : {}),
    steps: sent.steps ?? params.steps ?? limits?.steps?.default ?? UNDISCLOSED_STEPS,
    sampler: sent.sampler ?? params.sampler ?? AUTOMATIC_SAMPLER,
    cfgScale: sent.cfgScale ?? params.cfgScale ?? limits?.cfgScale?.default ?? NO_GUIDANCE_SCALE,
    seed,
    width: size.width,
    height: size.height,
    model: job.modelId,
    extra: {},
  };
}
