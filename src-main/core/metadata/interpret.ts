// Interpreting a file's text fields (PNG chunks, and EXIF/XMP/comment carriers mapped onto PNG
// keywords by carriers.ts) as one tool's generation metadata: Easel's own record, A1111/Forge
// parameters, ComfyUI graphs, InvokeAI, NovelAI, Fooocus, SwarmUI, Stability Matrix, RuinedFooocus,
// Civitai, HF Spaces, Easy Diffusion. Lenient throughout: odd or malformed metadata is ignored.
import { parseA1111Parameters } from './a1111.ts';
import type { A1111Parameters } from './a1111.ts';
import { apiGraphFrom, apiGraphFromWorkflow, extractComfyGraph } from './comfyui.ts';
import { readDream, readInvokeMetadata, readSdMetadata } from './invokeai.ts';
import { civitaiExtra, easyDiffusion, readNovelAi, readParametersJson, readStabilityMatrix } from './json-tools.ts';
import {
  assign,
  bigSeedText,
  fillMissing,
  hasGenerationData,
  int,
  isRecord,
  num,
  parseJson,
  str,
  type Fields,
} from './values.ts';

export { isRecord, parseJson } from './values.ts';

export interface EaselMetadata {
  version: 1;
  modelId: string;
  seed: number;
  /** The native request body, without image payloads. */
  request: Record<string, unknown>;
  /** The model-neutral generation parameters (GenerationParams). */
  params: Record<string, unknown>;
  generationId?: string;
}

export type SourceTool =
  | 'easel'
  | 'automatic1111'
  | 'comfyui'
  | 'invokeai'
  | 'novelai'
  | 'fooocus'
  | 'ruined-fooocus'
  | 'swarmui'
  | 'stability-matrix'
  | 'civitai'
  | 'hf-space'
  | 'easy-diffusion'
  | 'unknown';

export interface ImportedMetadata {
  sourceTool: SourceTool;
  prompt?: string;
  negativePrompt?: string;
  /** Exact only: a seed beyond 2^53 (ComfyUI, Fooocus) is left out here; see seedText. */
  seed?: number;
  /** The seed in decimal exactly as the file has it, also when it is too large for `seed`. */
  seedText?: string;
  steps?: number;
  cfgScale?: number;
  sampler?: string;
  /** The noise schedule, apart from the sampler (A1111 "Schedule type", ComfyUI `scheduler`). */
  scheduler?: string;
  model?: string;
  width?: number;
  height?: number;
  /** The text fields the metadata came from (chunk keyword / EXIF tag → text), for the detail view. */
  raw: Record<string, string>;
  /** Easel's own record, when the file was made by Easel and it parsed. */
  easel?: EaselMetadata;
}

/** Keyword of Easel's own iTXt chunk. */
export const EASEL_KEYWORD = 'easel';
export const PARAMETERS_KEYWORD = 'parameters';

function fromA1111(p: A1111Parameters): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: p.prompt === '' ? undefined : p.prompt,
    negativePrompt: p.negativePrompt === '' ? undefined : p.negativePrompt,
    seed: p.seed,
    steps: p.steps,
    cfgScale: p.cfgScale,
    sampler: p.sampler,
    scheduler: p.scheduler,
    model: p.model,
    width: p.width,
    height: p.height,
    seedText: bigSeedText(p.extra.Seed),
  });
  return out;
}

/** Which tool wrote an A1111-style text: Forks and savers say so in their settings. */
function a1111Tool(p: A1111Parameters, fields: Record<string, string>): SourceTool {
  const version = p.extra.Version ?? '';
  if (/fooocus/i.test(version) || fields.fooocus_scheme !== undefined) return 'fooocus';
  if (/^comfyui/i.test(version)) return 'comfyui';
  if ('swarm_version' in p.extra) return 'swarmui';
  if ('Civitai resources' in p.extra || 'Civitai metadata' in p.extra) return 'civitai';
  return 'automatic1111';
}

// ---------------------------------------------------------------------------------------------
// per tool

function readEasel(fields: Record<string, string>): { fields: Fields; easel?: EaselMetadata } | undefined {
  const text = fields[EASEL_KEYWORD];
  if (text === undefined) return undefined;
  const out: Fields =
    fields[PARAMETERS_KEYWORD] === undefined ? {} : fromA1111(parseA1111Parameters(fields[PARAMETERS_KEYWORD]));
  const json = parseJson(text);
  if (!isRecord(json)) return { fields: out };
  const params = isRecord(json.params) ? json.params : {};
  assign(out, {
    prompt: str(params.prompt),
    negativePrompt: str(params.negativePrompt),
    steps: int(params.steps),
    cfgScale: num(params.cfgScale),
    sampler: str(params.sampler),
    width: int(params.width),
    height: int(params.height),
    seed: int(json.seed) ?? int(params.seed),
    model: str(json.modelId),
  });
  if (
    json.version === 1 &&
    typeof json.modelId === 'string' &&
    typeof json.seed === 'number' &&
    isRecord(json.request) &&
    isRecord(json.params)
  ) {
    const easel: EaselMetadata = {
      version: 1,
      modelId: json.modelId,
      seed: json.seed,
      request: json.request,
      params: json.params,
    };
    if (typeof json.generationId === 'string') easel.generationId = json.generationId;
    return { fields: out, easel };
  }
  return { fields: out };
}

/** A field larger than this is not interpreted (real metadata is kilobytes, ComfyUI graphs well under 1 MB). */
const MAX_GRAPH_TEXT = 8 * 1024 * 1024;

function readComfy(fields: Record<string, string>): Fields | undefined {
  const bounded = (text: string | undefined) =>
    text !== undefined && text.length <= MAX_GRAPH_TEXT ? text : undefined;
  const graph =
    apiGraphFrom(parseJson(bounded(fields.prompt))) ?? apiGraphFromWorkflow(parseJson(bounded(fields.workflow)));
  if (graph === undefined) return undefined;
  return extractComfyGraph(graph) ?? {};
}

/** The `parameters` text (or a carrier's), as a JSON tool's or as A1111 text. */
function readParameters(
  text: string,
  fields: Record<string, string>,
): { tool: SourceTool; fields: Fields } | undefined {
  const json = parseJson(text);
  if (isRecord(json)) return readParametersJson(json, fields);
  const p = parseA1111Parameters(text);
  const f = fromA1111(p);
  return hasGenerationData(f) ? { tool: a1111Tool(p, fields), fields: f } : undefined;
}

function withRaw(fields: Record<string, string>) {
  const raw = { ...fields };
  return (sourceTool: SourceTool, f: Fields, easel?: EaselMetadata): ImportedMetadata => {
    const out: ImportedMetadata = { sourceTool, ...f, raw };
    if (out.seed !== undefined && out.seedText === undefined) out.seedText = String(out.seed);
    if (easel !== undefined) out.easel = easel;
    return out;
  };
}

function readInvoke(fields: Record<string, string>): Fields | undefined {
  if (fields.invokeai_metadata !== undefined) {
    const f = readInvokeMetadata(fields.invokeai_metadata);
    if (f !== undefined) return f;
  }
  for (const [key, reader] of [
    ['sd-metadata', readSdMetadata],
    ['Dream', readDream],
  ] as const) {
    const text = fields[key];
    const f = text === undefined ? undefined : reader(text);
    if (f !== undefined && hasGenerationData(f)) return f;
  }
  return undefined;
}

/**
 * Interprets the text fields of a file (PNG chunk keywords → text) as one tool's metadata. `raw`
 * is what the result reports as the file's own fields (default: `fields`), when `fields` also
 * holds keywords derived from its carriers.
 */
export function interpretFields(
  fields: Record<string, string>,
  raw: Record<string, string> = fields,
): ImportedMetadata | null {
  const result = withRaw(raw);
  fields = Object.fromEntries(Object.entries(fields).filter(([, text]) => text.length <= MAX_GRAPH_TEXT));
  const easel = readEasel(fields);
  if (easel !== undefined) return result('easel', easel.fields, easel.easel);

  const invoke = readInvoke(fields);
  if (invoke !== undefined) return result('invokeai', invoke);

  if (fields['parameters-json'] !== undefined) {
    const f = readStabilityMatrix(fields['parameters-json']);
    if (f !== undefined && hasGenerationData(f)) return result('stability-matrix', f);
  }

  const parameters = fields[PARAMETERS_KEYWORD];
  const fromParameters = parameters === undefined ? undefined : readParameters(parameters, fields);
  if (fields.prompt !== undefined || fields.workflow !== undefined) {
    const comfy = readComfy(fields);
    if (comfy !== undefined && fromParameters?.tool !== 'swarmui') {
      // A saver node's own A1111 text names what was used; the graph fills in the rest.
      const f: Fields = fromParameters === undefined ? {} : { ...fromParameters.fields };
      fillMissing(f, comfy);
      const civitai = civitaiExtra(fields.extraMetadata);
      if (civitai !== undefined) fillMissing(f, civitai);
      return result(civitai === undefined ? 'comfyui' : 'civitai', f);
    }
  }
  if (fromParameters !== undefined) return result(fromParameters.tool, fromParameters.fields);

  const novel = readNovelAi(fields);
  if (novel !== undefined) return result('novelai', novel);

  if (fields.negative_prompt !== undefined || fields['Negative Prompt'] !== undefined) {
    const f = easyDiffusion(fields);
    if (hasGenerationData(f)) return result('easy-diffusion', f);
  }
  return null;
}
