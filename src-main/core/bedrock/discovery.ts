// ListFoundationModels(byOutputModality=IMAGE) reduced to the catalog's DiscoveredSummary.
import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { DiscoveredSummary } from '../../../src-shared/models/index.ts';
import { mapBedrockError } from './errors.ts';

export async function listImageModels(client: BedrockClient, options: { signal?: AbortSignal } = {}): Promise<DiscoveredSummary[]> {
  let response;
  try {
    response = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }), options.signal ? { abortSignal: options.signal } : {});
  } catch (error) {
    throw mapBedrockError(error, 'the model list');
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
