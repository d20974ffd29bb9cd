// Chat rows (migration 011) and their contract shapes; row types never leave core/storage.
import type { ChatThread, ChatTurn, ChatTurnStatus } from '../../../src-shared/contract/index.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { toId, toIdOrNull } from './rows.ts';

export interface DbChatThread {
  id: number;
  model_id: string;
  root_image_id: number | null;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface DbChatTurn {
  id: number;
  thread_id: number;
  parent_turn_id: number | null;
  number: number;
  instruction: string;
  source_image_id: number | null;
  status: ChatTurnStatus;
  model_id: string;
  profile: string | null;
  region: string | null;
  invoke_id: string | null;
  reply_text: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  estimate_micro_usd: number | null;
  price_micro_usd: number | null;
  reserved_micro_usd: number;
  unpriced: number;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  created_at: string;
  finished_at: string | null;
  /** image_id values in reply order, comma-separated (group_concat). */
  image_ids: string | null;
}

export function chatThreadFromRow(row: DbChatThread): ChatThread {
  return {
    id: toId(row.id),
    modelId: row.model_id,
    rootImageId: toIdOrNull(row.root_image_id),
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function chatTurnFromRow(row: DbChatTurn): ChatTurn {
  const usage =
    row.input_tokens === null || row.output_tokens === null
      ? null
      : {
          inputTokens: row.input_tokens,
          outputTokens: row.output_tokens,
          totalTokens: row.input_tokens + row.output_tokens,
        };
  return {
    id: toId(row.id),
    threadId: toId(row.thread_id),
    parentTurnId: toIdOrNull(row.parent_turn_id),
    number: row.number,
    instruction: row.instruction,
    sourceImageId: toIdOrNull(row.source_image_id),
    status: row.status,
    replyText: row.reply_text,
    imageIds: row.image_ids ? row.image_ids.split(',') : [],
    usage,
    estimateMicroUsd: row.estimate_micro_usd,
    priceMicroUsd: row.price_micro_usd,
    error:
      row.error_code === null
        ? null
        : { code: row.error_code as ErrorCode, message: row.error_message ?? row.error_code },
    region: row.region,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A turn with its reply images in order. */
export const TURN_SELECT = `SELECT t.*, (SELECT group_concat(image_id, ',') FROM
    (SELECT image_id FROM chat_turn_images WHERE turn_id = t.id ORDER BY position)) AS image_ids
  FROM chat_turns t`;
