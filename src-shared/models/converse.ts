// The converse family: models called with Bedrock's Converse API (Amazon Nova 2 Omni, preview). A
// chat thread (earlier turns, their images, the new instruction) becomes the Converse request; the
// reply becomes images + text + token usage; the price comes from the usage at per-token prices, and
// the estimate is an upper bound from the thread's size and the maximum output. README "Converse".
import { z } from 'zod';
import { EaselError } from '../errors.ts';
import type { MicroUsd } from '../money.ts';
import type { RegionDiscovery } from './discovery.ts';
import { TOKEN_PRICE_TABLE, TOKEN_PRICES_AS_OF, type PriceOverrides } from './prices.ts';
import { US_PROFILE_SOURCE_REGIONS } from './today.ts';

export const NOVA_2_OMNI_ID = 'amazon.nova-2-omni-v1:0';

export interface ConverseLimits {
  /** The Converse API reference: up to 20 images per request, each ≤ 3.75 MB and ≤ 8,000 px a side. */
  maxImages: number;
  maxImageBytes: number;
  maxImageSide: number;
  /** Easel's own bound on one instruction (the API states none for Nova 2). */
  maxInstructionChars: number;
  /** UNCONFIRMED ceiling of `inferenceConfig.maxTokens` (Nova 2's docs give none for Omni). */
  maxOutputTokens: number;
  /** What Easel asks for: room for an image reply and its text; the estimate's output bound. */
  defaultMaxTokens: number;
}

export interface ConverseModelSpec {
  baseId: string;
  /** The system-defined cross-region profile Easel calls (no on-demand use of the base id). */
  profileId: string;
  label: string;
  provider: 'Amazon';
  family: 'converse';
  /** A preview: AWS may withdraw it or limit it to enrolled accounts; discovery decides. */
  preview: true;
  /** Regions that may call the profile, as of CATALOG_AS_OF (discovery corrects them). */
  builtInRegions: readonly string[];
  limits: ConverseLimits;
}

export const CONVERSE_MODELS: readonly ConverseModelSpec[] = [
  {
    baseId: NOVA_2_OMNI_ID,
    profileId: `us.${NOVA_2_OMNI_ID}`,
    label: 'Nova 2 Omni (preview)',
    provider: 'Amazon',
    family: 'converse',
    preview: true,
    builtInRegions: US_PROFILE_SOURCE_REGIONS,
    limits: {
      maxImages: 20,
      maxImageBytes: 3.75 * 1024 * 1024,
      maxImageSide: 8000,
      maxInstructionChars: 4000,
      maxOutputTokens: 10_000,
      defaultMaxTokens: 8192,
    },
  },
];

/** The converse model named by a base id, a `us.` profile id or an ARN of either. */
export function findConverseModel(modelId: string): ConverseModelSpec | undefined {
  const id = modelId.trim().replace(/^arn:.*\//, '');
  return CONVERSE_MODELS.find((m) => m.baseId === id || m.profileId === id);
}

export type ConverseImageFormat = 'png' | 'jpeg' | 'webp';

/** An image of the thread as it is sent: already within the model's limits (core resizes). */
export interface ConverseImage {
  format: ConverseImageFormat;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** One earlier turn of the thread: what the user asked (and showed), and what came back. */
export interface ThreadTurn {
  instruction: string;
  image: ConverseImage | null;
  replyText: string;
}

export type ConverseContent =
  { text: string } | { image: { format: ConverseImageFormat; source: { bytes: Uint8Array } } };

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContent[];
}

export interface ConverseRequest {
  modelId: string;
  messages: ConverseMessage[];
  inferenceConfig: { maxTokens: number };
}

/**
 * Checks the new instruction. The thread's own size is never refused: older images are left out
 * of the request (their text stays) so at most `maxImages` go.
 * @throws EaselError 'validation' (field `instruction`)
 */
export function checkInstruction(model: ConverseModelSpec, instruction: string): void {
  const text = instruction.trim();
  if (text === '') throw new EaselError('validation', 'Type an instruction to send.', { field: 'instruction' });
  if (text.length > model.limits.maxInstructionChars)
    throw new EaselError(
      'validation',
      `An instruction can be at most ${model.limits.maxInstructionChars} characters (this one has ${text.length}).`,
      { field: 'instruction' },
    );
}

const userMessage = (instruction: string, image: ConverseImage | null): ConverseMessage => ({
  role: 'user',
  content: [
    ...(image ? [{ image: { format: image.format, source: { bytes: image.bytes } } }] : []),
    { text: instruction },
  ],
});

/** The images that go: the newest `maxImages` of the thread (the new turn's included). */
function keptImages(model: ConverseModelSpec, turns: readonly { image: ConverseImage | null }[]): Set<number> {
  const withImage = turns.flatMap((t, i) => (t.image ? [i] : []));
  return new Set(withImage.slice(-model.limits.maxImages));
}

/**
 * The Converse request for the next turn: each earlier turn as a user message (its image, if it is
 * among the newest 20, then its instruction) and an assistant message with the reply's text (images
 * go only in user messages, by the Converse API's rule; the image a turn edits is the previous
 * reply's, sent with that turn), then the new instruction with the image it is about.
 */
export function buildConverseRequest(
  model: ConverseModelSpec,
  invokeId: string,
  earlier: readonly ThreadTurn[],
  next: { instruction: string; image: ConverseImage | null },
  maxTokens = model.limits.defaultMaxTokens,
): ConverseRequest {
  checkInstruction(model, next.instruction);
  const kept = keptImages(model, [...earlier, next]);
  const messages: ConverseMessage[] = earlier.flatMap((turn, i) => [
    userMessage(turn.instruction, kept.has(i) ? turn.image : null),
    { role: 'assistant' as const, content: [{ text: turn.replyText.trim() === '' ? '(image)' : turn.replyText }] },
  ]);
  messages.push(userMessage(next.instruction.trim(), kept.has(earlier.length) ? next.image : null));
  return {
    modelId: invokeId,
    messages,
    inferenceConfig: { maxTokens: Math.min(maxTokens, model.limits.maxOutputTokens) },
  };
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface ConverseReply {
  text: string;
  images: Array<{ format: ConverseImageFormat; bytes: Uint8Array }>;
  stopReason: string;
  usage: TokenUsage;
  /** ok: an image came back; text: a reply without an image; filtered: AWS's content filters stopped it. */
  outcome: 'ok' | 'text' | 'filtered';
}

const count = z.number().int().nonnegative();
const ReplySchema = z.object({
  output: z.object({
    message: z.object({
      role: z.literal('assistant'),
      content: z.array(
        z.object({
          text: z.string().optional(),
          image: z.object({ format: z.string(), source: z.object({ bytes: z.instanceof(Uint8Array) }) }).optional(),
        }),
      ),
    }),
  }),
  stopReason: z.string(),
  usage: z.object({ inputTokens: count, outputTokens: count, totalTokens: count }),
});

function imageFormatOf(bytes: Uint8Array): ConverseImageFormat | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const tag = (from: number): string => String.fromCharCode(...bytes.subarray(from, from + 4));
  if (tag(0) === 'RIFF' && tag(8) === 'WEBP') return 'webp';
  return null;
}

const unreadable = (model: ConverseModelSpec, detail: string): EaselError =>
  new EaselError(
    'malformed-response',
    `Bedrock sent a reply Easel cannot read for ${model.label}: ${detail}. Try again; if it persists, report it.`,
    { retryable: true },
  );

/**
 * Reads a Converse answer (the SDK's ConverseCommand output: image bytes already decoded).
 * @throws EaselError 'malformed-response' for a wrong shape or image bytes that are not PNG/JPEG/WebP.
 */
export function parseConverseResponse(model: ConverseModelSpec, output: unknown): ConverseReply {
  const parsed = ReplySchema.safeParse(output);
  if (!parsed.success) throw unreadable(model, 'the reply does not have the Converse shape');
  const { content } = parsed.data.output.message;
  const images = content.flatMap((block) => {
    if (!block.image) return [];
    const format = imageFormatOf(block.image.source.bytes);
    if (!format) throw unreadable(model, 'an image in the reply is not a PNG, JPEG or WebP image');
    return [{ format, bytes: block.image.source.bytes }];
  });
  const text = content.flatMap((block) => (block.text === undefined ? [] : [block.text])).join('\n');
  const { stopReason, usage } = parsed.data;
  const filtered = stopReason === 'content_filtered' || stopReason === 'guardrail_intervened';
  return { text, images, stopReason, usage, outcome: filtered ? 'filtered' : images.length > 0 ? 'ok' : 'text' };
}

export interface TokenPrices {
  /** µUSD per million tokens; null when unknown. */
  inputPerMillion: MicroUsd | null;
  outputPerMillion: MicroUsd | null;
  /** What the ledger records as the price's source. */
  source: string;
}

/** The model's token prices, the user's overrides (by entry key) first. */
export function tokenPrices(model: ConverseModelSpec, overrides: PriceOverrides = {}): TokenPrices {
  const entry = (suffix: string): MicroUsd | null => {
    const found = TOKEN_PRICE_TABLE.find((e) => e.modelId === model.baseId && e.key.endsWith(suffix));
    if (!found) return null;
    return overrides[found.key] ?? found.microUsdPerMillion;
  };
  const overridden = TOKEN_PRICE_TABLE.some((e) => e.modelId === model.baseId && overrides[e.key] !== undefined);
  return {
    inputPerMillion: entry('/input'),
    outputPerMillion: entry('/output'),
    source: overridden ? 'override' : `catalog:${TOKEN_PRICES_AS_OF}`,
  };
}

/** ⌈(input × input price + output × output price) / 1,000,000⌉ µUSD; null when a price is unknown. */
export function tokenCostMicroUsd(
  usage: Pick<TokenUsage, 'inputTokens' | 'outputTokens'>,
  prices: TokenPrices,
): MicroUsd | null {
  if (prices.inputPerMillion === null || prices.outputPerMillion === null) return null;
  return Math.ceil(
    (usage.inputTokens * prices.inputPerMillion + usage.outputTokens * prices.outputPerMillion) / 1_000_000,
  );
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/**
 * An upper bound of the request's input tokens: a token covers at least one byte of text (so text
 * counts its UTF-8 bytes) and an image is assumed to cost at most one token per 16×16 px patch.
 */
export function inputTokenBound(
  request: ConverseRequest,
  sizes: ReadonlyMap<Uint8Array, { width: number; height: number }>,
): number {
  let tokens = 0;
  for (const message of request.messages)
    for (const block of message.content) {
      if ('text' in block) tokens += utf8Bytes(block.text);
      else {
        const size = sizes.get(block.image.source.bytes);
        tokens += size ? Math.ceil((size.width * size.height) / 256) : Math.ceil(block.image.source.bytes.length / 2);
      }
    }
  return tokens;
}

export interface TurnEstimate {
  inputTokens: number;
  outputTokens: number;
  /** The most the turn can cost; null when a token price is unknown (nothing is reserved). */
  microUsd: MicroUsd | null;
}

/** The estimate reserved before sending: the request's input bound and the full `maxTokens` of output. */
export function estimateTurn(
  request: ConverseRequest,
  images: readonly ConverseImage[],
  prices: TokenPrices,
): TurnEstimate {
  const sizes = new Map(images.map((i) => [i.bytes, { width: i.width, height: i.height }]));
  const inputTokens = inputTokenBound(request, sizes);
  const outputTokens = request.inferenceConfig.maxTokens;
  return { inputTokens, outputTokens, microUsd: tokenCostMicroUsd({ inputTokens, outputTokens }, prices) };
}

export interface ConverseAvailability {
  /** Regions that may call the model's profile: the built-in table, corrected by discovery. */
  regions: string[];
  /** Whether some region's ListInferenceProfiles listed the profile; 'unknown' when none answered. */
  listed: boolean | 'unknown';
}

/**
 * Where the model can be called, from what regions reported: a region whose ListInferenceProfiles
 * answered keeps the model only when it lists the profile ACTIVE (a preview comes and goes); a
 * region whose listing failed keeps the built-in answer.
 */
export function converseAvailability(
  model: ConverseModelSpec,
  discoveries: readonly RegionDiscovery[],
): ConverseAvailability {
  const regions: string[] = [];
  let listed: boolean | 'unknown' = 'unknown';
  for (const { region, profiles } of discoveries) {
    if (profiles === undefined) {
      if (model.builtInRegions.includes(region)) regions.push(region);
      continue;
    }
    const profile = profiles.find((p) => p.inferenceProfileId === model.profileId);
    const active = profile !== undefined && (profile.status === undefined || profile.status === 'ACTIVE');
    listed = listed === true || active;
    if (active) regions.push(region);
  }
  return { regions, listed };
}

/**
 * The region to call from: the profile's region when the model runs there, else the first allowed
 * region where it does.
 * @throws EaselError 'model-not-available' naming where it runs
 */
export function converseRegion(
  model: ConverseModelSpec,
  profileRegion: string,
  allowedRegions: readonly string[],
  runsIn: readonly string[] = model.builtInRegions,
): string {
  const region = [profileRegion, ...allowedRegions].find((r) => runsIn.includes(r));
  if (region) return region;
  const where =
    runsIn.length > 0 ? `It runs from ${runsIn.join(', ')}` : 'Bedrock does not list it for this account now';
  throw new EaselError(
    'model-not-available',
    `${model.label} cannot be called from ${profileRegion}. ${where}: add one of those regions to "Regions Easel may call" in Settings.`,
  );
}
