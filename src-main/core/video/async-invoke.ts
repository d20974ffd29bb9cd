// Bedrock's async invocations for one segment: start (with the segment's idempotency token, so a
// restart that sends it again gets the same invocation, never a second bill), look (status, the
// failure message, where the output is), and list the running ones.
import {
  GetAsyncInvokeCommand,
  ListAsyncInvokesCommand,
  StartAsyncInvokeCommand,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import type { LumaModelInput } from '../../../src-shared/models/index.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';
import { mapBedrockError } from '../bedrock/index.ts';

export interface InvocationState {
  status: 'InProgress' | 'Completed' | 'Failed';
  failureMessage: string | null;
  /** s3://bucket/prefix/<id> (output.mp4 is inside), as Bedrock reports it. */
  outputUri: string | null;
}

export async function startInvocation(
  client: BedrockRuntimeClient,
  input: { modelId: string; modelInput: LumaModelInput; outputUri: string; clientToken: string; signal?: AbortSignal },
): Promise<string> {
  try {
    const out = await client.send(
      new StartAsyncInvokeCommand({
        clientRequestToken: input.clientToken,
        modelId: input.modelId,
        modelInput: input.modelInput as never,
        outputDataConfig: { s3OutputDataConfig: { s3Uri: input.outputUri } },
      }),
      { abortSignal: input.signal },
    );
    if (!out.invocationArn)
      throw new EaselError('malformed-response', 'Bedrock started the video without an invocation ARN.');
    return out.invocationArn;
  } catch (error) {
    throw mapStartError(error, input.modelId);
  }
}

/** Bedrock's refusals of the output location get the S3 codes; the rest as for InvokeModel. */
export function mapStartError(error: unknown, modelId: string): EaselError {
  if (error instanceof EaselError) return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  if (/same region as the model/i.test(message))
    return new EaselError('s3-wrong-region', `Bedrock cannot write to that bucket: ${message}`, {
      cause: error,
      field: 'bucket',
    });
  if (/bucket .* does not exist/i.test(message))
    return new EaselError('s3-no-bucket', `Bedrock cannot write to that bucket: ${message}`, {
      cause: error,
      field: 'bucket',
    });
  return mapBedrockError(error, modelId);
}

export async function getInvocation(
  client: BedrockRuntimeClient,
  arn: string,
  modelId: string,
): Promise<InvocationState> {
  try {
    const out = await client.send(new GetAsyncInvokeCommand({ invocationArn: arn }));
    const status = out.status ?? 'InProgress';
    return {
      status,
      failureMessage: out.failureMessage ?? null,
      outputUri: out.outputDataConfig?.s3OutputDataConfig?.s3Uri ?? null,
    };
  } catch (error) {
    throw mapBedrockError(error, modelId);
  }
}

/** The invocations Bedrock is still working on in this region (`easel video --status`). */
export async function listRunningInvocations(
  client: BedrockRuntimeClient,
): Promise<{ invocationArn: string; submitTime: string | null; status: string }[]> {
  const out = await client.send(new ListAsyncInvokesCommand({ statusEquals: 'InProgress', maxResults: 100 }));
  return (out.asyncInvokeSummaries ?? []).map((s) => ({
    invocationArn: s.invocationArn ?? '',
    submitTime: s.submitTime?.toISOString() ?? null,
    status: s.status ?? 'InProgress',
  }));
}

/** How a Failed invocation reads to the user: filtered, the bucket refused, or failed. */
export function failureError(message: string | null): { status: 'filtered' | 'failed'; error: EaselError } {
  const said = redactSecrets(message ?? 'no reason given');
  if (/content filter|blocked|moderat/i.test(said))
    return {
      status: 'filtered',
      error: new EaselError(
        'content-filtered',
        `Bedrock's content filters blocked this segment: ${said} Change the prompt or images and try again.`,
      ),
    };
  if (/access denied|permission/i.test(said))
    return {
      status: 'failed',
      error: new EaselError('s3-access-denied', `Bedrock could not write the video to the bucket: ${said}`, {
        field: 'bucket',
      }),
    };
  return { status: 'failed', error: new EaselError('video-failed', `Bedrock could not make this segment: ${said}`) };
}
