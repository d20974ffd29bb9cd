// Small lenient value helpers shared by the per-tool readers: wrong types are ignored, never thrown.
import type { ImportedMetadata } from './interpret.ts';

/** The generation fields a reader can state (everything of ImportedMetadata but the bookkeeping). */
export type Fields = Omit<ImportedMetadata, 'sourceTool' | 'raw' | 'easel'>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON; undefined when it is not JSON. Python's bare NaN/Infinity (ComfyUI writes them) read as null. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!/\b(NaN|-?Infinity)\b/.test(text)) return undefined;
    try {
      return JSON.parse(text.replace(/([:,[]\s*)(NaN|-?Infinity)(?=\s*[,}\]])/g, '$1null')) as unknown;
    } catch {
      return undefined;
    }
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Integers only when exact: a seed beyond 2^53 cannot be held by a JS number and is left out (it stays in raw). */
export function int(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** The decimal text of a seed too large for a JS number. */
export function bigSeedText(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return value.trim();
  return undefined;
}

/** "1024x768", "1024 x 768", "(1024, 768)", "1024*768" → width and height. */
export function sizeFrom(value: unknown): { width?: number; height?: number } {
  const text = str(value);
  const m = text === undefined ? null : /(\d+)\s*[x×*,]\s*(\d+)/.exec(text);
  if (m?.[1] === undefined || m[2] === undefined) return {};
  return { width: Number(m[1]), height: Number(m[2]) };
}

const TEXT_KEYS = new Set(['prompt', 'negativePrompt', 'sampler', 'scheduler', 'model', 'seedText']);

/** Copies only the defined values of the right type (keeps objects free of `undefined` keys). */
export function assign(target: Fields, source: Partial<Record<keyof Fields, unknown>>): void {
  for (const [key, value] of Object.entries(source) as [keyof Fields, unknown][]) {
    if (value === undefined) continue;
    if (TEXT_KEYS.has(key)) {
      if (typeof value === 'string') (target as Record<string, unknown>)[key] = value;
    } else if (typeof value === 'number') {
      (target as Record<string, unknown>)[key] = value;
    }
  }
}

/** Fills the fields `target` lacks from `source`. */
export function fillMissing(target: Fields, source: Fields): void {
  for (const [key, value] of Object.entries(source) as [keyof Fields, unknown][])
    if (target[key] === undefined && value !== undefined) (target as Record<string, unknown>)[key] = value;
}

export function hasGenerationData(f: Fields): boolean {
  return Object.values(f).some((v) => v !== undefined);
}
