// Chat: conversational generation and editing with a Converse model (Nova 2 Omni). A thread is a
// tree of turns (branching from any earlier turn); each turn sends the thread so far and a new
// instruction, and may come back with images (stored in the library, linked to their source image).
import { z } from 'zod';
import { ErrorDataSchema, IdSchema, ProfileName, RegionSchema, Timestamp } from './values.ts';
import { defineCall, type CallMap } from './define.ts';

export const CHAT_TURN_STATUSES = ['sending', 'succeeded', 'filtered', 'failed', 'cancelled', 'interrupted'] as const;
export type ChatTurnStatus = (typeof CHAT_TURN_STATUSES)[number];

const TokenCount = z.number().int().min(0);
const MicroUsdSchema = z.number().int().min(0);

export const ChatUsageSchema = z.strictObject({
  inputTokens: TokenCount,
  outputTokens: TokenCount,
  totalTokens: TokenCount,
});

export const ChatTurnSchema = z.strictObject({
  id: IdSchema,
  threadId: IdSchema,
  /** The turn this one continues (null: the thread's first turn). Two turns with one parent are a branch. */
  parentTurnId: IdSchema.nullable(),
  /** 1 for the first turn, parent's + 1 after. */
  number: z.number().int().min(1),
  instruction: z.string().max(10_000),
  /** The image this turn is about (the previous reply's, or the one the thread started from). */
  sourceImageId: IdSchema.nullable(),
  status: z.enum(CHAT_TURN_STATUSES),
  replyText: z.string().max(20_000).nullable(),
  imageIds: z.array(IdSchema).max(20),
  usage: ChatUsageSchema.nullable(),
  /** The upper bound reserved before sending; null when the price is unknown. */
  estimateMicroUsd: MicroUsdSchema.nullable(),
  /** What the turn cost, from its usage (null: unknown price, not charged, or not known yet). */
  priceMicroUsd: MicroUsdSchema.nullable(),
  error: ErrorDataSchema.nullable(),
  region: z.string().max(50).nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type ChatTurn = z.output<typeof ChatTurnSchema>;

export const ChatThreadSchema = z.strictObject({
  id: IdSchema,
  modelId: z.string().max(200),
  /** The library image the thread started from (null: started from text). */
  rootImageId: IdSchema.nullable(),
  title: z.string().max(200),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ChatThread = z.output<typeof ChatThreadSchema>;

const Where = { profile: ProfileName.optional(), region: RegionSchema.optional() };

export const chatCalls = {
  /** Whether the chat model can be called for this profile (discovery decides: it is a preview). */
  'chat.availability': defineCall({
    request: z.strictObject(Where),
    response: z.strictObject({
      modelId: z.string(),
      label: z.string(),
      preview: z.boolean(),
      available: z.boolean(),
      /** Regions Easel would call it from (within "Regions Easel may call"). */
      regions: z.array(z.string()),
      /** What discovery said: listed, not listed, or unknown (offline: the built-in table stands). */
      listed: z.union([z.boolean(), z.literal('unknown')]),
      problem: z.string().nullable(),
    }),
  }),
  /**
   * Sends one turn and answers when it has ended (succeeded, filtered, failed or cancelled). Without
   * `threadId` a new thread starts from `imageId` (or from text). With it, the turn continues
   * `parentTurnId` (default: the thread's newest turn); a parent other than the newest is a branch.
   */
  'chat.send': defineCall({
    request: z.strictObject({
      threadId: IdSchema.optional(),
      parentTurnId: IdSchema.optional(),
      imageId: IdSchema.optional(),
      instruction: z.string().min(1).max(4000),
      ...Where,
    }),
    response: z.strictObject({ thread: ChatThreadSchema, turn: ChatTurnSchema, warnings: z.array(z.string()) }),
  }),
  /** Cancels a turn in flight (its reservation kept as uncertain when the call may have been billed). */
  'chat.cancel': defineCall({
    request: z.strictObject({ turnId: IdSchema }),
    response: z.strictObject({ cancelled: z.boolean() }),
  }),
  /** A thread with every turn (all branches), oldest first. */
  'chat.thread': defineCall({
    request: z.strictObject({ threadId: IdSchema }),
    response: z.strictObject({ thread: ChatThreadSchema, turns: z.array(ChatTurnSchema) }),
  }),
  /** Threads touching an image (started from it, or one of their turns used or made it), newest first. */
  'chat.threads': defineCall({
    request: z.strictObject({ imageId: IdSchema.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    response: z.strictObject({ threads: z.array(ChatThreadSchema) }),
  }),
} as const satisfies CallMap;
