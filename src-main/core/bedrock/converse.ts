// Converse for one chat turn (Nova 2 Omni): the SDK's ConverseCommand with Easel's retries, abort
// and per-attempt timeout (the same rules as InvokeModel, invoke.ts). Building the messages and
// reading the reply is the catalog's (src-shared/models/converse.ts).
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest } from '../../../src-shared/models/index.ts';
import { attemptWithTimeout, withRetries, type RetriedRequest } from './invoke.ts';

export type ConverseCallRequest = Omit<RetriedRequest, 'modelId'> & { request: ConverseRequest };

export interface ConverseCallResult {
  /** The SDK's output (image bytes decoded): parse it with the catalog's parseConverseResponse. */
  output: ConverseCommandOutput;
  requestId?: string;
  attempts: number;
  latencyMs: number;
}

/**
 * Sends one Converse call. Retries, abort and timeout as invokeImageModel. Errors are EaselErrors.
 */
export async function converseOnce(
  client: BedrockRuntimeClient,
  call: ConverseCallRequest,
): Promise<ConverseCallResult> {
  const request = { ...call, modelId: call.request.modelId };
  const { result, attempts, latencyMs } = await withRetries(client, request, () =>
    attemptWithTimeout(request, (signal) =>
      client.send(
        new ConverseCommand({
          modelId: call.request.modelId,
          messages: call.request.messages,
          inferenceConfig: call.request.inferenceConfig,
        }),
        { abortSignal: signal },
      ),
    ),
  );
  const requestId = result.$metadata.requestId;
  return { output: result, ...(requestId === undefined ? {} : { requestId }), attempts, latencyMs };
}
