// Deterministic randomness: every draw the emulator makes (throttling, 5xx, malformed bodies,
// seed 0) comes from a seeded stream, so a given `randomSeed` replays the same run.
import { createHash, randomInt } from 'node:crypto';

/** mulberry32: tiny, fast, good enough for picking shapes and failure draws. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A 32-bit seed from any text (used to derive image streams from request content). */
export function seedFromText(text: string): number {
  return Number.parseInt(sha256Hex(text).slice(0, 8), 16);
}

export function randomSeed32(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** JSON with sorted object keys: the same request content always yields the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
