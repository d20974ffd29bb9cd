// ListFoundationModels(byOutputModality=IMAGE) reduced to the catalog's DiscoveredSummary.
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { EaselError } from '../../../src-shared/errors.ts';
import type { DiscoveredSummary } from '../../../src-shared/models/index.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';
import { createControlClient, type BedrockTarget } from './client.ts';
import { mapBedrockError } from './errors.ts';

export async function listImageModels(
  client: BedrockClient,
  options: { signal?: AbortSignal } = {},
): Promise<DiscoveredSummary[]> {
  let response;
  try {
    response = await client.send(
      new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }),
      options.signal ? { abortSignal: options.signal } : {},
    );
  } catch (error) {
    const mapped = mapBedrockError(error, 'the model list');
    // Listing needs its own IAM action: say which, instead of the InvokeModel wording.
    if (mapped.code === 'access-denied' && error instanceof Error && error.name === 'AccessDeniedException') {
      throw new EaselError(
        'access-denied',
        `This profile may not list Bedrock's models in this region: its IAM policy needs bedrock:ListFoundationModels (and bedrock:InvokeModel to generate), and the models need access granted in the Bedrock console (Model access). AWS said: ${redactSecrets(error.message)}`,
        { cause: error },
      );
    }
    throw mapped;
  }
  return (response.modelSummaries ?? []).flatMap((summary) => {
    if (!summary.modelId) return [];
    const entry: DiscoveredSummary = { modelId: summary.modelId };
    if (summary.modelName) entry.modelName = summary.modelName;
    if (summary.providerName) entry.providerName = summary.providerName;
    if (summary.inputModalities) entry.inputModalities = [...summary.inputModalities];
    if (summary.outputModalities) entry.outputModalities = [...summary.outputModalities];
    if (summary.modelLifecycle?.status) entry.lifecycleStatus = summary.modelLifecycle.status;
    return [entry];
  });
}

/** One discovery round for a profile + region: a control-plane client, the model list, the client closed. */
export async function discoverImageModels(
  target: BedrockTarget,
  options: { signal?: AbortSignal } = {},
): Promise<DiscoveredSummary[]> {
  const client = createControlClient(target);
  try {
    return await listImageModels(client, options);
  } finally {
    client.destroy();
  }
}
