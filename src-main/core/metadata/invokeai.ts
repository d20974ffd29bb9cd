// InvokeAI's three formats: `invokeai_metadata` JSON (3.x+), `sd-metadata` JSON and the `Dream`
// command line (1.x/2.x, the negative prompt in a trailing "[...]").
import { assign, int, isRecord, num, parseJson, str, type Fields } from './values.ts';

export function readInvokeMetadata(text: string): Fields | undefined {
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

export function readSdMetadata(text: string): Fields | undefined {
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
export function readDream(text: string): Fields | undefined {
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
