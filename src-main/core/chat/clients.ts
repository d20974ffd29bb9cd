// Runtime clients for chat turns: one per (profile or API key, region), as the job queue's invoker
// keeps them (core/jobs/invoker.ts), closed with the studio.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient } from '../bedrock/index.ts';
import { API_KEY_PROFILE, apiKeyFor, credentialsFor, type BedrockApiKey } from '../credentials/index.ts';
import { endpointFromEnv } from '../jobs/index.ts';

export function chatClients(
  env: Record<string, string | undefined>,
  currentApiKey: () => Promise<BedrockApiKey | null>,
): { clientFor(profile: string | null, region: string): Promise<BedrockRuntimeClient>; destroy(): void } {
  const clients = new Map<string, { client: BedrockRuntimeClient; apiKey: string | null }>();
  return {
    async clientFor(profile, region) {
      const apiKey = apiKeyFor(profile, env, await currentApiKey());
      const cacheKey = JSON.stringify([apiKey === null ? profile : API_KEY_PROFILE, region]);
      const cached = clients.get(cacheKey);
      if (cached && cached.apiKey === apiKey) return cached.client;
      cached?.client.destroy();
      const endpoint = endpointFromEnv(env);
      const client = createRuntimeClient({
        region,
        ...(apiKey === null ? { credentials: credentialsFor(profile ?? undefined, env) } : { apiKey }),
        ...(profile === null || apiKey !== null ? {} : { profile }),
        ...(endpoint === undefined ? {} : { endpoint }),
      });
      clients.set(cacheKey, { client, apiKey });
      return client;
    },
    destroy() {
      for (const { client } of clients.values()) client.destroy();
      clients.clear();
    },
  };
}
