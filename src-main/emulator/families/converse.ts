// The Converse API for Nova 2 Omni (docs/bedrock.md "Converse"): a conversation of user and assistant
// messages of text and image blocks in, one assistant message of text and an image out, with the
// token `usage` counted from the request by the rule below (README "Converse"). The picture is
// derived from the LAST input image (resized, a region tinted toward the instruction's colour and
// painted over) and the last instruction, and is the same for the same conversation.
import sharp from 'sharp';
import { constraintErrors, validationError } from '../aws-errors.ts';
import type { EmulatedModel } from '../models.ts';
import type { RawImage } from '../render.ts';
import { blend, decodeRgba, ellipseWeights, encode, renderArt } from '../render.ts';
import { promptHue, tint } from '../render-effects.ts';
import { sha256Hex, stableStringify } from '../random.ts';

/** The Converse API reference's limits on a request's images (ContentBlock). */
export const CONVERSE_LIMITS = {
  maxImages: 20,
  maxImageBytes: 3.75 * 1024 * 1024,
  maxImageSide: 8000,
  /** UNCONFIRMED (docs/bedrock.md says nothing): the emulator's Nova 2 Omni output ceiling. */
  maxOutputTokens: 10_000,
  /** The long side of a reply's picture (Nova's outputs are about 1 MP; aspect follows the input). */
  outputLongSide: 1024,
} as const;

/** Token rule (README): text ⌈UTF-8 bytes / 4⌉ per block; an image ⌈width × height / 750⌉. */
export const textTokens = (text: string): number => Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
export const imageTokens = (width: number, height: number): number => Math.ceil((width * height) / 750);

export const FILTERED_TEXT = 'The generated content has been blocked by our content filters.';

const MESSAGES = {
  startWithUser:
    'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
  alternate:
    'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
  endWithUser:
    'A conversation must end with a user message. Try again with a conversation that ends with a user message.',
  imagesOnlyFromUser: 'You can only include images and documents if the role is user.',
  blankText: (where: string) =>
    `The text field in the ContentBlock object at ${where} is blank. Add text to the text field, and try again.`,
  unsupportedBlock: (kind: string) => `This model doesn't support the ${kind} content block that you provided.`,
  tooManyImages: (n: number) => `You can include up to ${CONVERSE_LIMITS.maxImages} images. This request has ${n}.`,
  maxTokens: (limit: number) =>
    `The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`,
};

interface InputImage {
  bytes: Buffer;
  width: number;
  height: number;
  where: string;
}

interface ParsedConversation {
  messages: Array<{ role: 'user' | 'assistant'; texts: string[]; images: InputImage[] }>;
  system: string[];
  maxTokens: number;
  /** The conversation with each image's bytes replaced by their hash: what the reply is drawn from. */
  key: string;
}

export interface ConverseReply {
  body: unknown;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  filtered: boolean;
}

const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Coral's constraint wording for request members ("Value … at 'x' failed to satisfy constraint: …"). */
function memberViolations(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (!Array.isArray(body.messages))
    out.push("Value null at 'messages' failed to satisfy constraint: Member must not be null");
  const config = record(body.inferenceConfig) ?? {};
  const maxTokens = config.maxTokens;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1))
    out.push(
      `Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  for (const name of ['temperature', 'topP'] as const) {
    const value = config[name];
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1))
      out.push(
        `Value '${String(value)}' at 'inferenceConfig.${name}' failed to satisfy constraint: Member must have value less than or equal to 1`,
      );
  }
  (Array.isArray(body.messages) ? body.messages : []).forEach((m, i) => {
    const role = record(m)?.role;
    if (role !== 'user' && role !== 'assistant')
      out.push(
        `Value '${String(role)}' at 'messages.${i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    const content = record(m)?.content;
    if (!Array.isArray(content) || content.length === 0)
      out.push(
        `Value '[]' at 'messages.${i + 1}.member.content' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
  });
  return out;
}

async function inputImage(block: Record<string, unknown>, where: string): Promise<InputImage> {
  const format = block.format;
  if (format !== 'png' && format !== 'jpeg' && format !== 'gif' && format !== 'webp')
    throw constraintErrors([
      `Value '${String(format)}' at '${where}.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]`,
    ]);
  const encoded = record(record(block.source))?.bytes;
  const bytes = typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (bytes.length === 0)
    throw validationError(`The image at ${where} has no bytes. Add the image's bytes and try again.`);
  if (bytes.length > CONVERSE_LIMITS.maxImageBytes)
    throw validationError(`The image at ${where} is ${bytes.length} bytes; an image must be no more than 3.75 MB.`);
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw validationError(`Unable to process the image at ${where}: the bytes are not a ${format} image.`);
  }
  const { width, height } = meta;
  if (width > CONVERSE_LIMITS.maxImageSide || height > CONVERSE_LIMITS.maxImageSide)
    throw validationError(
      `The image at ${where} is ${width}×${height} px; its height and width must be no more than ${CONVERSE_LIMITS.maxImageSide} px.`,
    );
  return { bytes, width, height, where };
}

/** Role order rules, then every block; all failures are Bedrock's ValidationException wording. */
async function parseConversation(raw: unknown): Promise<ParsedConversation> {
  const body = record(raw) ?? {};
  const violations = memberViolations(body);
  if (violations.length > 0) throw constraintErrors(violations);
  const rawMessages = body.messages as Array<Record<string, unknown>>;
  if (rawMessages[0]?.role !== 'user') throw validationError(MESSAGES.startWithUser);
  rawMessages.forEach((m, i) => {
    if (i > 0 && m.role === rawMessages[i - 1]?.role) throw validationError(MESSAGES.alternate);
  });
  if (rawMessages.at(-1)?.role !== 'user') throw validationError(MESSAGES.endWithUser);
  const messages: ParsedConversation['messages'] = [];
  const keyed: unknown[] = [];
  let imageCount = 0;
  for (const [i, m] of rawMessages.entries()) {
    const role = m.role as 'user' | 'assistant';
    const texts: string[] = [];
    const images: InputImage[] = [];
    for (const [j, rawBlock] of (m.content as unknown[]).entries()) {
      const block = record(rawBlock) ?? {};
      const where = `messages.${i}.content.${j}`;
      const [kind] = Object.keys(block);
      if (kind === 'text' && typeof block.text === 'string') {
        if (block.text.trim() === '') throw validationError(MESSAGES.blankText(where));
        texts.push(block.text);
        keyed.push({ role, text: block.text });
      } else if (kind === 'image') {
        if (role !== 'user') throw validationError(MESSAGES.imagesOnlyFromUser);
        imageCount += 1;
        if (imageCount > CONVERSE_LIMITS.maxImages) throw validationError(MESSAGES.tooManyImages(imageCount));
        const image = await inputImage(record(block.image) ?? {}, where);
        images.push(image);
        keyed.push({ role, image: sha256Hex(image.bytes) });
      } else {
        throw validationError(MESSAGES.unsupportedBlock(kind ?? 'empty'));
      }
    }
    messages.push({ role, texts, images });
  }
  const system = (Array.isArray(body.system) ? body.system : []).flatMap((s) => {
    const text = record(s)?.text;
    return typeof text === 'string' ? [text] : [];
  });
  const requested = record(body.inferenceConfig)?.maxTokens;
  const maxTokens = typeof requested === 'number' ? requested : CONVERSE_LIMITS.maxOutputTokens;
  if (maxTokens > CONVERSE_LIMITS.maxOutputTokens)
    throw validationError(MESSAGES.maxTokens(CONVERSE_LIMITS.maxOutputTokens));
  return { messages, system, maxTokens, key: stableStringify({ keyed, system }) };
}

/** The reply's size: the last input image's aspect with its long side at most 1024 px; else 1024². */
function outputSize(last: InputImage | undefined): { width: number; height: number } {
  if (!last) return { width: CONVERSE_LIMITS.outputLongSide, height: CONVERSE_LIMITS.outputLongSide };
  const scale = Math.min(1, CONVERSE_LIMITS.outputLongSide / Math.max(last.width, last.height));
  return { width: Math.max(1, Math.round(last.width * scale)), height: Math.max(1, Math.round(last.height * scale)) };
}

/** The edit: the last image, a region (from the instruction) tinted toward its colour and painted over. */
async function drawReply(conversation: ParsedConversation, modelId: string, instruction: string): Promise<RawImage> {
  const last = conversation.messages.flatMap((m) => m.images).at(-1);
  const size = outputSize(last);
  const art = await renderArt({ ...size, key: `${modelId}|${conversation.key}`, prompt: instruction });
  if (!last) return art;
  const region = ellipseWeights(size, `${conversation.key}|${instruction}`);
  const base = tint(await decodeRgba(last.bytes, size), promptHue(instruction), (p) => (region[p] ?? 0) * 0.8);
  return blend(base, art, (p) => (region[p] ?? 0) * 0.35);
}

function inputTokensOf(conversation: ParsedConversation): number {
  const texts = [...conversation.system, ...conversation.messages.flatMap((m) => m.texts)];
  const images = conversation.messages.flatMap((m) => m.images);
  return (
    texts.reduce((sum, t) => sum + textTokens(t), 0) +
    images.reduce((sum, i) => sum + imageTokens(i.width, i.height), 0)
  );
}

const usageOf = (inputTokens: number, outputTokens: number): ConverseReply['usage'] => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

/**
 * One Converse call. A filtered instruction answers `content_filtered` with no image (input billed,
 * no output tokens); a reply that would pass `maxTokens` answers `max_tokens` with its text only.
 * @throws AwsError ValidationException for a request Bedrock refuses.
 */
export async function converse(
  model: EmulatedModel,
  raw: unknown,
  isFiltered: (text: string) => boolean,
): Promise<ConverseReply> {
  const conversation = await parseConversation(raw);
  const instruction = conversation.messages.at(-1)?.texts.join('\n') ?? '';
  const inputTokens = inputTokensOf(conversation);
  const reply = (content: unknown[], stopReason: string, outputTokens: number, filtered = false): ConverseReply => ({
    body: {
      output: { message: { role: 'assistant', content } },
      stopReason,
      usage: usageOf(inputTokens, outputTokens),
      metrics: { latencyMs: 0 },
    },
    usage: usageOf(inputTokens, outputTokens),
    filtered,
  });
  if (isFiltered(instruction)) return reply([{ text: FILTERED_TEXT }], 'content_filtered', 0, true);
  const hasImage = conversation.messages.some((m) => m.images.length > 0);
  const text = `${hasImage ? 'Edited the image' : 'Generated an image'}: ${instruction.slice(0, 200)}`;
  const size = outputSize(conversation.messages.flatMap((m) => m.images).at(-1));
  const outputTokens = textTokens(text) + imageTokens(size.width, size.height);
  if (outputTokens > conversation.maxTokens) return reply([{ text }], 'max_tokens', conversation.maxTokens);
  const png = await encode(await drawReply(conversation, model.id, instruction));
  return reply(
    [{ text }, { image: { format: 'png', source: { bytes: png.toString('base64') } } }],
    'end_turn',
    outputTokens,
  );
}
