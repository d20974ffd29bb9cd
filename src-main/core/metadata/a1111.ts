// The AUTOMATIC1111 / Forge "parameters" text:
//   <prompt, possibly several lines>
//   Negative prompt: <negative, possibly several lines>
//   Steps: 30, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 1024x1024, Model: name, Key: "quoted, value"
// The last line holds the settings when it has at least three `Key: value` pairs (A1111's own rule).

export interface A1111Parameters {
  prompt: string;
  negativePrompt?: string;
  steps?: number;
  sampler?: string;
  cfgScale?: number;
  seed?: number;
  width?: number;
  height?: number;
  model?: string;
  /** A1111 "Schedule type" (Forge/SD.Next/savers also write "Scheduler"). */
  scheduler?: string;
  /** Every other setting, in file order (e.g. "Model hash", "Schedule type", "Version"). */
  extra: Record<string, string>;
}

const NEGATIVE_PREFIX = 'Negative prompt:';
// Key: value pairs of the settings line. A value is either a JSON-style quoted string or runs to the next comma.
const PARAM_RE = /\s*(\w[\w \-/+.()]*?):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g;
/** Known keys by their lower-case spelling (savers write "CFG Scale", "Scheduler"...). */
const KNOWN_KEYS: Record<string, 'steps' | 'sampler' | 'cfg' | 'seed' | 'size' | 'model' | 'scheduler'> = {
  steps: 'steps',
  sampler: 'sampler',
  'cfg scale': 'cfg',
  cfg: 'cfg',
  seed: 'seed',
  size: 'size',
  model: 'model',
  'schedule type': 'scheduler',
  scheduler: 'scheduler',
};

/** Quotes a value the way A1111 does: only when it contains a comma, colon, newline or quote. */
function quote(value: string): string {
  return /[,:\n"]/.test(value) ? JSON.stringify(value) : value;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not valid JSON: strip the quotes only
    }
    return v.slice(1, -1);
  }
  return v;
}

export function formatA1111Parameters(p: A1111Parameters): string {
  const lines: string[] = [p.prompt];
  if (p.negativePrompt !== undefined && p.negativePrompt !== '') lines.push(`${NEGATIVE_PREFIX} ${p.negativePrompt}`);
  const pairs: [string, string][] = [];
  if (p.steps !== undefined) pairs.push(['Steps', String(p.steps)]);
  if (p.sampler !== undefined) pairs.push(['Sampler', p.sampler]);
  if (p.scheduler !== undefined) pairs.push(['Schedule type', p.scheduler]);
  if (p.cfgScale !== undefined) pairs.push(['CFG scale', String(p.cfgScale)]);
  if (p.seed !== undefined) pairs.push(['Seed', String(p.seed)]);
  if (p.width !== undefined && p.height !== undefined) pairs.push(['Size', `${p.width}x${p.height}`]);
  if (p.model !== undefined) pairs.push(['Model', p.model]);
  for (const [key, value] of Object.entries(p.extra)) {
    if (KNOWN_KEYS[key.toLowerCase()] === undefined) pairs.push([key, value]);
  }
  if (pairs.length > 0) lines.push(pairs.map(([k, v]) => `${k}: ${quote(v)}`).join(', '));
  return lines.join('\n');
}

function parseSettings(line: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const m of line.matchAll(PARAM_RE)) {
    const key = m[1];
    const value = m[2];
    if (key === undefined || value === undefined) continue;
    pairs.push([key.trim(), unquote(value)]);
  }
  return pairs;
}

function finiteNumber(text: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function safeInteger(text: string): number | undefined {
  const n = finiteNumber(text);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

export function parseA1111Parameters(text: string): A1111Parameters {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  let settingsLine = '';
  const last = lines[lines.length - 1] ?? '';
  if (lines.length > 0 && parseSettings(last).length >= 3 && !last.startsWith(NEGATIVE_PREFIX)) {
    settingsLine = last;
    lines.pop();
  }
  const promptLines: string[] = [];
  const negativeLines: string[] = [];
  let inNegative = false;
  for (const line of lines) {
    if (!inNegative && line.startsWith(NEGATIVE_PREFIX)) {
      inNegative = true;
      negativeLines.push(line.slice(NEGATIVE_PREFIX.length).trim());
    } else if (inNegative) {
      negativeLines.push(line);
    } else {
      promptLines.push(line);
    }
  }
  const result: A1111Parameters = { prompt: promptLines.join('\n').trim(), extra: {} };
  if (inNegative) result.negativePrompt = negativeLines.join('\n').trim();

  for (const [key, value] of parseSettings(settingsLine)) {
    if (!applySetting(result, KNOWN_KEYS[key.toLowerCase()], value)) result.extra[key] = value;
  }
  return result;
}

type KnownKey = (typeof KNOWN_KEYS)[string];

/** Sets a known setting on `result`; false when the key is unknown or its value does not parse. */
function applySetting(result: A1111Parameters, key: KnownKey | undefined, value: string): boolean {
  switch (key) {
    case 'steps':
    case 'seed':
    case 'cfg': {
      const n = key === 'cfg' ? finiteNumber(value) : safeInteger(value);
      if (n === undefined) return false;
      if (key === 'steps') result.steps = n;
      else if (key === 'seed') result.seed = n;
      else result.cfgScale = n;
      return true;
    }
    case 'size': {
      const m = /^(\d+)\s*x\s*(\d+)$/.exec(value);
      if (m?.[1] === undefined || m[2] === undefined) return false;
      result.width = Number(m[1]);
      result.height = Number(m[2]);
      return true;
    }
    case 'sampler':
      result.sampler = value;
      return true;
    case 'scheduler':
      result.scheduler = value;
      return true;
    case 'model':
      result.model = value;
      return true;
    default:
      return false;
  }
}
