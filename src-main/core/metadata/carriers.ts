// JPEG and WebP files (and PNGs with EXIF or XMP) carry other tools' metadata in EXIF tags, XMP
// properties and JPEG comments instead of PNG text chunks. This maps those carriers onto the PNG
// keywords the interpreter knows (`parameters`, `prompt`, `workflow`, NovelAI's `Comment`...), so
// one interpreter serves every container:
//   "prompt:{...}" / "workflow:{...}" (ComfyUI's own WebP, Save Image Extended)   → prompt / workflow
//   a JSON API graph, an editor graph, or {"prompt": ..., "workflow": ...} (SaveImage+) → prompt / workflow
//   a JSON object of PNG chunks ({"Comment": ..., "Software": "NovelAI"}, NovelAI WebP) → those chunks
//   other JSON (SwarmUI, RuinedFooocus, Fooocus, HF Space, Civitai)                → parameters
//   text that parses as an A1111 settings block                                    → parameters
// Text that is none of these (a camera's or macOS's "Screenshot" comment) is left alone.
import { parseA1111Parameters } from './a1111.ts';
import { isRecord, parseJson } from './values.ts';

/** Carriers in the order they are tried; the first that yields a keyword wins it. */
const CARRIERS = [
  'UserComment',
  'XMP:UserComment',
  'XMP:parameters',
  'Comment',
  'ImageDescription',
  'XMP:description',
  'Make',
  'Model',
  'XMP:prompt',
  'XMP:workflow',
] as const;

/** Keywords a JSON object of chunks may set (NovelAI's WebP UserComment, converters' JSON). */
const CHUNK_KEYWORDS = new Set([
  'parameters',
  'prompt',
  'workflow',
  'Comment',
  'Description',
  'Software',
  'Source',
  'Title',
  'invokeai_metadata',
  'sd-metadata',
  'parameters-json',
  'extraMetadata',
]);

function looksLikeApiGraph(json: Record<string, unknown>): boolean {
  const values = Object.values(json);
  return values.length > 0 && values.some((v) => isRecord(v) && typeof v.class_type === 'string');
}

/** An A1111 text is a generation only with a settings line naming steps, seed or sampler. */
export function isA1111Generation(text: string): boolean {
  const p = parseA1111Parameters(text);
  return p.steps !== undefined || p.seed !== undefined || p.sampler !== undefined || p.cfgScale !== undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) || Array.isArray(value)) return JSON.stringify(value);
  return undefined;
}

/** A carrier longer than this is not interpreted (real metadata is kilobytes; graphs well under 1 MB). */
const MAX_CARRIER_TEXT = 8 * 1024 * 1024;

/** What one carrier's text says, as PNG keywords. */
function keywordsOf(text: string, name: string): Record<string, string> {
  if (text.length > MAX_CARRIER_TEXT) return {};
  const prefixed = /^\s*(prompt|workflow)\s*:\s*(\{[\s\S]*)$/i.exec(text);
  if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) return { [prefixed[1].toLowerCase()]: prefixed[2] };
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const json = parseJson(trimmed);
    if (!isRecord(json)) return {};
    if (looksLikeApiGraph(json)) {
      const extra: Record<string, string> =
        typeof json.extraMetadata === 'string' ? { extraMetadata: json.extraMetadata } : {};
      return { prompt: trimmed, ...extra };
    }
    if (Array.isArray(json.nodes)) return { workflow: trimmed };
    const chunks: Record<string, string> = {};
    for (const [key, value] of Object.entries(json)) {
      const keywordText = CHUNK_KEYWORDS.has(key) ? asText(value) : undefined;
      if (keywordText !== undefined) chunks[key] = keywordText;
    }
    const isChunkMap =
      ('prompt' in chunks && 'workflow' in chunks) ||
      ('Comment' in chunks && ('Software' in chunks || 'Description' in chunks)) ||
      'invokeai_metadata' in chunks ||
      'parameters-json' in chunks;
    if (isChunkMap) return chunks;
    if (isRecord(json.prompt) && looksLikeApiGraph(json.prompt)) return { prompt: JSON.stringify(json.prompt) };
    return { parameters: trimmed };
  }
  if (name === 'Make' || name === 'Model') return {};
  return isA1111Generation(text) ? { parameters: text } : {};
}

/**
 * PNG keywords found in a file's carriers (EXIF tags, XMP properties, JPEG comments), the first
 * carrier to yield a keyword winning it. The caller adds them beside the file's own fields.
 */
export function keywordsFromCarriers(carriers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // Easel's own record, in the XMP Easel writes into JPEG and WebP files (another tool's "record"
  // property is not taken for it)
  const record = carriers['XMP:record'];
  const json = parseJson(record);
  if (record !== undefined && isRecord(json) && json.version === 1 && typeof json.modelId === 'string')
    out.easel = record;
  for (const name of CARRIERS) {
    const text = carriers[name];
    if (text === undefined) continue;
    for (const [keyword, value] of Object.entries(keywordsOf(text, name))) out[keyword] ??= value;
  }
  return out;
}
