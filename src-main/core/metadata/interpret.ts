// Interpreting a file's text fields (PNG chunks, EXIF tags, stealth info) as one tool's generation
// metadata: Easel's own record, A1111/Forge parameters, ComfyUI graphs, InvokeAI, NovelAI, Fooocus.
// Lenient throughout: odd or malformed metadata is ignored, never an error.
import { parseA1111Parameters } from './a1111.ts';
import type { A1111Parameters } from './a1111.ts';
import { apiGraphFrom, apiGraphFromWorkflow, extractComfyGraph } from './comfyui.ts';

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

export type SourceTool = 'easel' | 'automatic1111' | 'comfyui' | 'invokeai' | 'novelai' | 'fooocus' | 'unknown';

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

// ---------------------------------------------------------------------------------------------
// small value helpers (all lenient: wrong types are ignored, never thrown)

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Integers only when exact: a seed beyond 2^53 cannot be held by a JS number and is left out (it stays in raw). */
function int(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** The decimal text of a seed too large for a JS number. */
function bigSeedText(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return value.trim();
  return undefined;
}

type Fields = Omit<ImportedMetadata, 'sourceTool' | 'raw' | 'easel'>;

/** Copies only the defined values (keeps objects free of `undefined` keys). */
function assign(target: Fields, source: Partial<Record<keyof Fields, unknown>>): void {
  for (const [key, value] of Object.entries(source) as [keyof Fields, unknown][]) {
    if (value === undefined) continue;
    if (key === 'prompt' || key === 'negativePrompt' || key === 'sampler' || key === 'model' || key === 'seedText') {
      if (typeof value === 'string') target[key] = value;
    } else if (typeof value === 'number') {
      target[key] = value;
    }
  }
}

function fromA1111(p: A1111Parameters): Fields {
  const out: Fields = {};
  assign(out, {
    prompt: p.prompt === '' ? undefined : p.prompt,
    negativePrompt: p.negativePrompt === '' ? undefined : p.negativePrompt,
    seed: p.seed,
    steps: p.steps,
    cfgScale: p.cfgScale,
    sampler: p.sampler,
    model: p.model,
    width: p.width,
    height: p.height,
    seedText: bigSeedText(p.extra.Seed),
  });
  return out;
}

function hasGenerationData(f: Fields): boolean {
  return Object.values(f).some((v) => v !== undefined);
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

function readInvokeMetadata(text: string): Fields | undefined {
  const json = parseJson(text);
  if (!isRecord(json)) return undefined;
  const out: Fields = {};
  const model = isRecord(json.model) ? (str(json.model.model_name) ?? str(json.model.name)) : str(json.model);
  assign(out, {
    prompt: str(json.positive_prompt),
    negativePrompt: str(json.negative_prompt),
    seed: int(json.seed),
    steps: int(json.steps),
    cfgScale: num(json.cfg_scale),
    sampler: str(json.scheduler),
    model,
    width: int(json.width),
    height: int(json.height),
  });
  return out;
}

/** InvokeAI 2.x: "prompt [negative]" — the bracketed tail is the negative prompt. */
function splitInvokePrompt(prompt: string): { prompt: string; negativePrompt?: string } {
  const m = /^([\s\S]*?)\s*\[([^\]]*)\]\s*$/.exec(prompt);
  if (m?.[1] !== undefined && m[2] !== undefined) return { prompt: m[1].trim(), negativePrompt: m[2].trim() };
  return { prompt: prompt.trim() };
}

function readSdMetadata(text: string): Fields | undefined {
  const json = parseJson(text);
  if (!isRecord(json)) return undefined;
  const image = isRecord(json.image) ? json.image : {};
  let prompt: string | undefined;
  if (Array.isArray(image.prompt)) {
    prompt = image.prompt
      .map((p) => (isRecord(p) ? str(p.prompt) : str(p)))
      .filter((p): p is string => p !== undefined)
      .join(' ');
  } else {
    prompt = str(image.prompt);
  }
  const split = prompt === undefined ? undefined : splitInvokePrompt(prompt);
  const out: Fields = {};
  assign(out, {
    prompt: split?.prompt,
    negativePrompt: split?.negativePrompt,
    seed: int(image.seed),
    steps: int(image.steps),
    cfgScale: num(image.cfg_scale),
    sampler: str(image.sampler),
    model: str(json.model_weights) ?? str(json.model),
    width: int(image.width),
    height: int(image.height),
  });
  return out;
}

/** Splits a Dream command line into words, honouring double quotes and backslash escapes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i] ?? '';
      started = true;
    } else if (ch === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (/\s/.test(ch) && !inQuotes) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

/** InvokeAI 1.x/2.x `Dream`: `"prompt [negative]" -s 50 -S 42 -W 512 -H 768 -C 7.5 -A k_lms ...` */
function readDream(text: string): Fields | undefined {
  const words = shellWords(text.trim());
  const first = words[0];
  if (first === undefined) return undefined;
  const options = new Map<string, string>();
  const promptWords: string[] = [];
  let i = 0;
  for (; i < words.length && !(words[i] ?? '').startsWith('-'); i++) promptWords.push(words[i] ?? '');
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-')) continue;
    const eq = word.indexOf('=');
    if (eq > 0) options.set(word.slice(0, eq), word.slice(eq + 1));
    else if (i + 1 < words.length && !/^-[A-Za-z]/.test(words[i + 1] ?? '')) options.set(word, words[++i] ?? '');
    else options.set(word, '');
  }
  const split = splitInvokePrompt(promptWords.join(' '));
  const opt = (...names: string[]): string | undefined => names.map((n) => options.get(n)).find((v) => v !== undefined);
  const out: Fields = {};
  assign(out, {
    prompt: split.prompt === '' ? undefined : split.prompt,
    negativePrompt: split.negativePrompt,
    steps: int(opt('-s', '--steps')),
    seed: int(opt('-S', '--seed')),
    width: int(opt('-W', '--width')),
    height: int(opt('-H', '--height')),
    cfgScale: num(opt('-C', '--cfg_scale')),
    sampler: str(opt('-A', '--sampler')),
    model: str(opt('-m', '--model')),
  });
  return out;
}

function readNovelAi(fields: Record<string, string>): Fields | undefined {
  const comment = parseJson(fields.Comment);
  const isNovelAi =
    /novelai/i.test(fields.Software ?? '') ||
    (isRecord(comment) && ('uc' in comment || 'scale' in comment) && fields.Description !== undefined);
  if (!isNovelAi) return undefined;
  const out: Fields = {};
  const c = isRecord(comment) ? comment : {};
  assign(out, {
    prompt: str(c.prompt) ?? str(fields.Description),
    negativePrompt: str(c.uc),
    seed: int(c.seed),
    steps: int(c.steps),
    cfgScale: num(c.scale),
    sampler: str(c.sampler),
    width: int(c.width),
    height: int(c.height),
    model: str(fields.Source),
  });
  return out;
}

function readFooocus(json: Record<string, unknown>): Fields {
  const out: Fields = {};
  let width: number | undefined;
  let height: number | undefined;
  const resolution = str(json.resolution);
  const m = resolution === undefined ? null : /(\d+)\D+(\d+)/.exec(resolution);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    width = Number(m[1]);
    height = Number(m[2]);
  }
  assign(out, {
    prompt: str(json.prompt),
    negativePrompt: str(json.negative_prompt),
    seed: int(json.seed),
    steps: int(json.steps),
    cfgScale: num(json.guidance_scale),
    sampler: str(json.sampler),
    model: str(json.base_model),
    width,
    height,
    seedText: bigSeedText(json.seed),
  });
  return out;
}

/** A ComfyUI graph chunk larger than this is not parsed (real workflows are well under 1 MB). */
const MAX_GRAPH_TEXT = 8 * 1024 * 1024;

function readComfy(fields: Record<string, string>): Fields | undefined {
  const bounded = (text: string | undefined) =>
    text !== undefined && text.length <= MAX_GRAPH_TEXT ? text : undefined;
  const graph =
    apiGraphFrom(parseJson(bounded(fields.prompt))) ?? apiGraphFromWorkflow(parseJson(bounded(fields.workflow)));
  if (graph === undefined) return undefined;
  const extracted = extractComfyGraph(graph);
  return extracted ?? {};
}

/** Interprets the text fields of a file (PNG chunks, EXIF tags) as one tool's metadata. */
export function interpretFields(fields: Record<string, string>): ImportedMetadata | null {
  const raw = { ...fields };
  const result = (sourceTool: SourceTool, f: Fields, easel?: EaselMetadata): ImportedMetadata => {
    const out: ImportedMetadata = { sourceTool, ...f, raw };
    if (out.seed !== undefined && out.seedText === undefined) out.seedText = String(out.seed);
    if (easel !== undefined) out.easel = easel;
    return out;
  };

  const easel = readEasel(fields);
  if (easel !== undefined) return result('easel', easel.fields, easel.easel);

  if (fields.invokeai_metadata !== undefined) {
    const f = readInvokeMetadata(fields.invokeai_metadata);
    if (f !== undefined) return result('invokeai', f);
  }
  if (fields['sd-metadata'] !== undefined) {
    const f = readSdMetadata(fields['sd-metadata']);
    if (f !== undefined && hasGenerationData(f)) return result('invokeai', f);
  }
  if (fields.Dream !== undefined) {
    const f = readDream(fields.Dream);
    if (f !== undefined && hasGenerationData(f)) return result('invokeai', f);
  }
  if (fields.prompt !== undefined || fields.workflow !== undefined) {
    const f = readComfy(fields);
    if (f !== undefined) return result('comfyui', f);
  }

  const parameters = fields[PARAMETERS_KEYWORD] ?? fields.UserComment;
  if (parameters !== undefined) {
    const json = parseJson(parameters);
    if (isRecord(json)) {
      if (fields.fooocus_scheme !== undefined || 'full_prompt' in json || /fooocus/i.test(str(json.version) ?? '')) {
        return result('fooocus', readFooocus(json));
      }
    } else {
      const p = parseA1111Parameters(parameters);
      const tool: SourceTool =
        /fooocus/i.test(p.extra.Version ?? '') || fields.fooocus_scheme !== undefined ? 'fooocus' : 'automatic1111';
      const f = fromA1111(p);
      if (hasGenerationData(f)) return result(tool, f);
    }
  }

  const novel = readNovelAi(fields);
  if (novel !== undefined) return result('novelai', novel);

  return null;
}
