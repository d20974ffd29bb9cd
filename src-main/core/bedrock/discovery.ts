// What a region offers: ListFoundationModels(byOutputModality=IMAGE) and ListInferenceProfiles
// (SYSTEM_DEFINED, every page), reduced to the catalog's DiscoveredSummary / DiscoveredProfile.
import { ListFoundationModelsCommand, paginateListInferenceProfiles } from '@aws-sdk/client-bedrock';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { EaselError } from '../../../src-shared/errors.ts';
import type { DiscoveredProfile, DiscoveredSummary } from '../../../src-shared/models/index.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';
import { createControlClient, type BedrockTarget } from './client.ts';
import { mapBedrockError } from './errors.ts';

/** Listing needs its own IAM action: say which, instead of the InvokeModel wording. */
function listingError(error: unknown, action: string): EaselError {
  const mapped = mapBedrockError(error, 'the model list');
  if (mapped.code === 'access-denied' && error instanceof Error && error.name === 'AccessDeniedException') {
    return new EaselError(
      'access-denied',
      `This profile may not list Bedrock's models in this region: its IAM policy needs bedrock:${action} (and bedrock:InvokeModel to generate), and the models need access granted in the Bedrock console (Model access). AWS said: ${redactSecrets(error.message)}`,
      { cause: error },
    );
  }
  return mapped;
}

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
    throw listingError(error, 'ListFoundationModels');
  }
  return (response.modelSummaries ?? []).flatMap((summary) => {
    if (!summary.modelId) return [];
    const entry: DiscoveredSummary = { modelId: summary.modelId };
    if (summary.modelName) entry.modelName = summary.modelName;
    if (summary.providerName) entry.providerName = summary.providerName;
    if (summary.inputModalities) entry.inputModalities = [...summary.inputModalities];
    if (summary.outputModalities) entry.outputModalities = [...summary.outputModalities];
    if (summary.inferenceTypesSupported) entry.inferenceTypes = [...summary.inferenceTypesSupported];
    if (summary.modelLifecycle?.status) entry.lifecycleStatus = summary.modelLifecycle.status;
    return [entry];
  });
}

/**
 * One discovery round for a profile + region: a control-plane client, the model list and the
 * inference profiles, the client closed. Profiles are optional (an older endpoint, or no
 * bedrock:ListInferenceProfiles permission): `profiles` is then undefined and the catalog's
 * built-in regions stand. A failed model list throws.
 */
export async function discoverImageModels(
  target: BedrockTarget,
  options: { signal?: AbortSignal } = {},
): Promise<{ summaries: DiscoveredSummary[]; profiles: DiscoveredProfile[] | undefined }> {
  const client = createControlClient(target);
  try {
    const summaries = await listImageModels(client, options);
    const profiles = await listInferenceProfiles(client, options).catch(() => undefined);
    return { summaries, profiles };
  } finally {
    client.destroy();
  }
}

/** The region's system-defined (cross-region) inference profiles, all pages. */
export async function listInferenceProfiles(
  client: BedrockClient,
  options: { signal?: AbortSignal; pageSize?: number } = {},
): Promise<DiscoveredProfile[]> {
  const profiles: DiscoveredProfile[] = [];
  try {
    const pages = paginateListInferenceProfiles(
      { client, pageSize: options.pageSize ?? 100 },
      { typeEquals: 'SYSTEM_DEFINED' },
      ...(options.signal ? [{ abortSignal: options.signal }] : []),
    );
    for await (const page of pages) {
      for (const summary of page.inferenceProfileSummaries ?? []) {
        if (!summary.inferenceProfileId) continue;
        const profile: DiscoveredProfile = {
          inferenceProfileId: summary.inferenceProfileId,
          modelArns: (summary.models ?? []).flatMap((m) => (m.modelArn ? [m.modelArn] : [])),
        };
        if (summary.status) profile.status = summary.status;
        if (summary.type) profile.type = summary.type;
        profiles.push(profile);
      }
    }
  } catch (error) {
    throw listingError(error, 'ListInferenceProfiles');
  }
  return profiles;
}
