// Tools that write their settings as JSON: NovelAI (`Comment`), Fooocus, RuinedFooocus, SwarmUI
// (`sui_image_params`), HF Spaces (Gradio + Diffusers) and Civitai's `extraMetadata` (all in
// `parameters` or an EXIF UserComment), Stability Matrix (`parameters-json`), Easy Diffusion.
import type { SourceTool } from './interpret.ts';
import { assign, bigSeedText, int, isRecord, num, parseJson, sizeFrom, str, type Fields } from './values.ts';

export function readNovelAi(fields: Record<string, string>): Fields | undefined {
  const comment = parseJson(fields.Comment);
  const isNovelAi =
    /novelai/i.test(fields.Software ?? '') ||
    (isRecord(comment) && ('uc' in comment || 'scale' in comment) && fields.Description !== undefined);
  if (!isNovelAi) return undefined;
  const out: Fields = {};
  const c = isRecord(comment) ? comment : {};
  const v4 = isRecord(c.v4_prompt) && isRecord(c.v4_prompt.caption) ? str(c.v4_prompt.caption.base_caption) : undefined;
  const v4Negative =
    isRecord(c.v4_negative_prompt) && isRecord(c.v4_negative_prompt.caption)
      ? str(c.v4_negative_prompt.caption.base_caption)
      : undefined;
  assign(out, {
    prompt: str(c.prompt) ?? v4 ?? str(fields.Description),
    negativePrompt: str(c.uc) ?? v4Negative,
    seed: int(c.seed),
    steps: int(c.steps),
    cfgScale: num(c.scale),
    sampler: str(c.sampler),
    scheduler: str(c.noise_schedule),
    width: int(c.width),
    height: int(c.height),
    model: str(fields.Source),
  });
  return out;
}

function fooocus(json: Record<string, unknown>): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: str(json.prompt),
    negativePrompt: str(json.negative_prompt),
    seed: int(json.seed),
    steps: int(json.steps),
    cfgScale: num(json.guidance_scale),
    sampler: str(json.sampler),
    scheduler: str(json.scheduler),
    model: str(json.base_model),
    ...sizeFrom(json.resolution),
    seedText: bigSeedText(json.seed),
  });
  return out;
}

function ruinedFooocus(json: Record<string, unknown>): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: str(json.Prompt)?.trim(),
    negativePrompt: str(json.Negative)?.trim(),
    seed: int(json.seed),
    steps: int(json.steps),
    cfgScale: num(json.cfg),
    sampler: str(json.sampler_name),
    scheduler: str(json.scheduler),
    model: str(json.base_model_name),
    width: int(json.width),
    height: int(json.height),
    seedText: bigSeedText(json.seed),
  });
  return out;
}

function swarmUi(params: Record<string, unknown>): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: str(params.prompt),
    negativePrompt: str(params.negativeprompt),
    seed: int(params.seed),
    steps: int(params.steps),
    cfgScale: num(params.cfgscale),
    sampler: str(params.sampler),
    scheduler: str(params.scheduler),
    model: str(params.model),
    width: int(params.width),
    height: int(params.height),
  });
  return out;
}

function hfSpace(json: Record<string, unknown>): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: str(json.prompt),
    negativePrompt: str(json.negative_prompt),
    seed: int(json.seed),
    steps: int(json.num_inference_steps),
    cfgScale: num(json.guidance_scale),
    sampler: str(json.sampler),
    model: str(json.Model),
    ...sizeFrom(json.resolution),
  });
  return out;
}

/** Civitai's generator: the original generation's settings, beside an upscale/hires graph. */
export function civitaiExtra(text: string | undefined): Fields | undefined {
  const json = parseJson(text);
  if (!isRecord(json)) return undefined;
  const out: Fields = {};
  assign(out, {
    prompt: str(json.prompt),
    negativePrompt: str(json.negativePrompt),
    seed: int(json.seed),
    steps: int(json.steps),
    cfgScale: num(json.cfgScale),
    sampler: str(json.sampler),
    scheduler: str(json.scheduler),
    model: str(json.baseModel),
    width: int(json.width),
    height: int(json.height),
  });
  return out;
}

/** A JSON `parameters` text (or UserComment) of one of the tools above; undefined when none matches. */
export function readParametersJson(
  json: Record<string, unknown>,
  fields: Record<string, string>,
): { tool: SourceTool; fields: Fields } | undefined {
  if (isRecord(json.sui_image_params)) return { tool: 'swarmui', fields: swarmUi(json.sui_image_params) };
  if (json.software === 'RuinedFooocus') return { tool: 'ruined-fooocus', fields: ruinedFooocus(json) };
  if (fields.fooocus_scheme !== undefined || 'full_prompt' in json || /fooocus/i.test(str(json.version) ?? ''))
    return { tool: 'fooocus', fields: fooocus(json) };
  if ('Model' in json && 'resolution' in json) return { tool: 'hf-space', fields: hfSpace(json) };
  if ('prompt' in json && 'base_model' in json) return { tool: 'fooocus', fields: fooocus(json) };
  if ('use_stable_diffusion_model' in json) return { tool: 'easy-diffusion', fields: easyDiffusion(json) };
  return undefined;
}

/** Stability Matrix: `parameters-json` (beside A1111 `parameters` and its ComfyUI graph). */
export function readStabilityMatrix(text: string): Fields | undefined {
  const json = parseJson(text);
  if (!isRecord(json)) return undefined;
  const out: Fields = {};
  assign(out, {
    prompt: str(json.PositivePrompt),
    negativePrompt: str(json.NegativePrompt),
    seed: int(json.Seed),
    steps: int(json.Steps),
    cfgScale: num(json.CfgScale),
    sampler: str(json.Sampler),
    scheduler: str(json.Scheduler),
    model: str(json.ModelName),
    width: int(json.Width),
    height: int(json.Height),
  });
  return out;
}

/** Easy Diffusion: one text chunk per setting (or the same keys as JSON). */
export function easyDiffusion(json: Record<string, unknown>): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: str(json.prompt) ?? str(json.Prompt),
    negativePrompt: str(json.negative_prompt) ?? str(json['Negative Prompt']),
    seed: int(json.seed) ?? int(json.Seed),
    steps: int(json.num_inference_steps) ?? int(json.Steps),
    cfgScale: num(json.guidance_scale) ?? num(json['Guidance Scale']),
    sampler: str(json.sampler_name) ?? str(json.Sampler),
    model: str(json.use_stable_diffusion_model) ?? str(json['Stable Diffusion model']),
    width: int(json.width) ?? int(json.Width),
    height: int(json.height) ?? int(json.Height),
  });
  return out;
}
