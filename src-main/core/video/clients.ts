// The clients a video job calls: Bedrock runtime (StartAsyncInvoke, GetAsyncInvoke) with the
// profile's credentials or the Bedrock API key, and S3 with the profile's credentials (S3 takes no
// Bedrock API key). One of each per (profile, region); endpoint overrides from the given env
// (AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL_S3: tests, demo mode).
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { S3Client } from '@aws-sdk/client-s3';
import { createRuntimeClient } from '../bedrock/index.ts';
import { apiKeyFor, credentialsFor, type BedrockApiKey } from '../credentials/index.ts';
import type { VideoClients } from './runner.ts';
import { createS3Client, endpointForS3 } from './s3.ts';

export function createVideoClients(options: {
  env: Record<string, string | undefined>;
  apiKey: () => Promise<BedrockApiKey | null>;
}): VideoClients & { destroy(): void } {
  const { env } = options;
  const runtimes = new Map<string, BedrockRuntimeClient>();
  const s3s = new Map<string, S3Client>();
  const runtimeEndpoint = (env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? env.AWS_ENDPOINT_URL)?.trim() || undefined;
  return {
    async runtime(profile, region) {
      const apiKey = apiKeyFor(profile ?? undefined, env, await options.apiKey());
      const key = JSON.stringify([profile, region, apiKey]);
      let client = runtimes.get(key);
      if (!client) {
        client = createRuntimeClient({
          region,
          ...(apiKey === null ? { credentials: credentialsFor(profile ?? undefined, env) } : { apiKey }),
          ...(profile === null || apiKey !== null ? {} : { profile }),
          ...(runtimeEndpoint === undefined ? {} : { endpoint: runtimeEndpoint }),
        });
        runtimes.set(key, client);
      }
      return client;
    },
    async s3(profile, region) {
      const key = JSON.stringify([profile, region]);
      let client = s3s.get(key);
      if (!client) {
        const endpoint = endpointForS3(env);
        client = createS3Client({
          region,
          credentials: credentialsFor(profile ?? undefined, env),
          ...(profile === null ? {} : { profile }),
          ...(endpoint === undefined ? {} : { endpoint }),
        });
        s3s.set(key, client);
      }
      return client;
    },
    destroy() {
      for (const client of [...runtimes.values(), ...s3s.values()]) client.destroy();
      runtimes.clear();
      s3s.clear();
    },
  };
}
