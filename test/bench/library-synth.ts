// Deterministic synthetic library data for the `library1m` benchmark: prompts drawn from a
// vocabulary with a Zipf-like skew (so FTS sees a few very common words and a long tail of rare
// ones), tags, dates spread over two years in id order (newest = highest id, as in a real library),
// seeds and models. Pure: the same (seed, index) always gives the same row.

/** A small, fast, seedable PRNG (mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real prompt words first (they take the high ranks of the Zipf draw), then a generated long tail.
// Order roughly as in public prompt collections (DiffusionDB): function words, then the usual style words.
const HEAD_WORDS = (
  'a of the and by in with art detailed portrait highly digital painting artstation concept trending ' +
  'photo woman man cat dog city street night light style ' +
  'landscape mountain forest river sunset sunrise dramatic lighting cinematic realistic 4k 8k ' +
  'illustration fantasy castle dragon robot cyberpunk neon rain fog ocean beach ' +
  'wave sky clouds stars space planet galaxy astronaut knight armor sword magic wizard witch ' +
  'flower garden tree autumn winter snow summer spring golden hour soft warm cold blue red green ' +
  'purple orange black white vintage retro futuristic ancient ruins temple desert oil watercolor ' +
  'sketch anime studio ghibli pixar render unreal engine octane sharp focus ' +
  'bokeh depth field wide angle closeup macro lens 35mm film grain moody atmospheric epic ' +
  'intricate ornate elegant beautiful cute tiny giant old young smiling sad angry happy ' +
  'interior kitchen library cafe market village harbor lighthouse bridge train car bicycle ' +
  'horse fox owl wolf bear deer bird butterfly fish whale jellyfish coral underwater cave'
).split(' ');

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'shi',
  'ta',
  'vo',
  'zen',
  'qua',
  'bri',
  'dor',
  'fel',
  'gri',
  'hal',
  'jun',
  'kel',
  'mor',
  'nix',
  'pel',
  'ron',
  'sal',
  'tor',
  'vel',
];

/** The vocabulary: HEAD_WORDS then `tail` made-up words (three syllables), all distinct. */
export function buildVocabulary(tail = 12_000): string[] {
  const words = [...HEAD_WORDS];
  const seen = new Set(words);
  const n = SYLLABLES.length;
  for (let i = 0; words.length < HEAD_WORDS.length + tail; i++) {
    const word = `${SYLLABLES[i % n]}${SYLLABLES[Math.floor(i / n) % n]}${SYLLABLES[Math.floor(i / (n * n)) % n]}${i >= n ** 3 ? String(Math.floor(i / n ** 3)) : ''}`;
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** Rank r (0-based) drawn with probability ∝ 1/(r+1)^s, through a precomputed cumulative table. */
export class ZipfSampler {
  readonly #cumulative: Float64Array;

  constructor(size: number, exponent = 1.05) {
    this.#cumulative = new Float64Array(size);
    let sum = 0;
    for (let r = 0; r < size; r++) {
      sum += 1 / (r + 1) ** exponent;
      this.#cumulative[r] = sum;
    }
    for (let r = 0; r < size; r++) this.#cumulative[r] = (this.#cumulative[r] ?? 0) / sum;
  }

  /** Probability of rank r (for choosing query words of known frequency). */
  probability(rank: number): number {
    const c = this.#cumulative;
    return (c[rank] ?? 0) - (rank === 0 ? 0 : (c[rank - 1] ?? 0));
  }

  sample(random: () => number): number {
    const u = random();
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export const SYNTH_MODELS = [
  'stability.stable-diffusion-xl-v1',
  'amazon.nova-canvas-v1:0',
  'amazon.titan-image-generator-v2:0',
  'stability.sd3-5-large-v1:0',
] as const;
/** Micro-dollars per image for each of SYNTH_MODELS. */
export const SYNTH_PRICES = [40_000, 40_000, 10_000, 80_000] as const;

export interface SynthOptions {
  /** Number of images. */
  count: number;
  seed?: number;
  /** ISO time of the newest image; images spread evenly over the `spanDays` before it. */
  end?: string;
  spanDays?: number;
  /** Number of distinct tags (tag i is drawn ∝ 1/(i+1)). */
  tagCount?: number;
}

export interface SynthImage {
  /** 1-based, equal to the row id when inserted in order into an empty table. */
  index: number;
  createdAt: string;
  prompt: string;
  negativePrompt: string | null;
  seed: number;
  modelIndex: number;
  /** Tag indexes (distinct), 0–3 of them. */
  tags: number[];
  favorite: boolean;
  rating: number;
}

export const SYNTH_DEFAULTS = {
  seed: 20_250_601,
  end: '2026-01-01T00:00:00.000Z',
  spanDays: 730,
  tagCount: 200,
} as const;

/** Tag names: a few real ones first (they are the most used), then numbered ones. */
export function synthTagName(index: number): string {
  const named = [
    'favourite-set',
    'landscape',
    'portrait',
    'concept',
    'client-a',
    'wip',
    'final',
    'rejected',
    'sprites',
    'textures',
  ];
  return named[index] ?? `tag-${String(index).padStart(3, '0')}`;
}

/**
 * The images of a synthetic library, in id order. A generator so a million rows never sit in
 * memory at once. Deterministic for a given options object.
 */
export function* synthImages(options: SynthOptions): Generator<SynthImage> {
  const seed = options.seed ?? SYNTH_DEFAULTS.seed;
  const end = Date.parse(options.end ?? SYNTH_DEFAULTS.end);
  const spanMs = (options.spanDays ?? SYNTH_DEFAULTS.spanDays) * 86_400_000;
  const tagCount = options.tagCount ?? SYNTH_DEFAULTS.tagCount;
  const vocabulary = buildVocabulary();
  const words = new ZipfSampler(vocabulary.length);
  const tagSampler = new ZipfSampler(tagCount, 1);
  const random = mulberry32(seed);
  const start = end - spanMs;
  const step = spanMs / Math.max(1, options.count);
  // Users re-run prompts: about a third of images reuse one of the last 64 prompts.
  const recent: string[] = [];
  for (let index = 1; index <= options.count; index++) {
    let prompt: string;
    if (recent.length > 0 && random() < 0.35) {
      prompt = recent[Math.floor(random() * recent.length)] ?? '';
    } else {
      const length = 6 + Math.floor(random() * 18);
      const parts: string[] = [];
      for (let w = 0; w < length; w++) parts.push(vocabulary[words.sample(random)] ?? 'x');
      prompt = parts.join(' ');
      recent.push(prompt);
      if (recent.length > 64) recent.shift();
    }
    const tags = new Set<number>();
    const tagDraws = random() < 0.5 ? 0 : 1 + Math.floor(random() * 3);
    for (let t = 0; t < tagDraws; t++) tags.add(tagSampler.sample(random));
    yield {
      index,
      // Even spacing keeps created_at increasing with the id, as in a real library.
      createdAt: new Date(Math.floor(start + step * index)).toISOString(),
      prompt,
      negativePrompt: random() < 0.4 ? 'blurry, lowres, watermark, bad anatomy' : null,
      seed: Math.floor(random() * 4_294_967_295),
      modelIndex: Math.floor(random() * SYNTH_MODELS.length),
      tags: [...tags],
      favorite: random() < 0.03,
      rating: random() < 0.9 ? 0 : 1 + Math.floor(random() * 5),
    };
  }
}
