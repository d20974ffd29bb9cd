// The queue's Invoker over the real Bedrock client: one runtime client per (profile, region),
// credentials from the profile (or the Bedrock API key), endpoint overrides from the given env.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient, invokeImageModel } from '../bedrock/index.ts';
import type { RetryPolicy } from '../bedrock/index.ts';
import { API_KEY_PROFILE, apiKeyFor, credentialsFor, environmentApiKey } from '../credentials/index.ts';
import type { BedrockApiKey } from '../credentials/index.ts';
import type { Invoker } from './queue.ts';

export interface BedrockInvokerOptions {
  /** The environment (profiles, endpoint overrides); defaults to process.env. */
  env?: Record<string, string | undefined>;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  timeoutMs?: number;
  /** The Bedrock API key now (it may change while the app runs); default AWS_BEARER_TOKEN_BEDROCK of env. */
  apiKey?: () => Promise<BedrockApiKey | null>;
}

/**
 * The SDK reads endpoint overrides from process.env only; when Easel runs with another env (tests,
 * the CLI's --endpoint, demo mode) the override is passed to the client explicitly.
 */
export function endpointFromEnv(env: Record<string, string | undefined>): string | undefined {
  const value = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function createBedrockInvoker(options: BedrockInvokerOptions = {}): Invoker & { destroy(): void } {
  const env = options.env ?? process.env;
  const currentApiKey = options.apiKey ?? (async () => environmentApiKey(env));
  const { clientFor, destroy } = runtimeClients(env, currentApiKey);
  const invoke: Invoker = async (args) => {
    const result = await invokeImageModel(await clientFor(args.profile, args.region), {
      modelId: args.modelId,
      body: args.body,
      signal: args.signal,
      onAttempt: args.onAttempt,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return { body: result.body, attempts: result.attempts };
  };
  return Object.assign(invoke, { destroy });
}

/**
 * Runtime clients, one per (profile or API key, region), remade when the key changes; the queue's
 * invoker and chat turns each keep one set, closed with the studio.
 */
export function runtimeClients(
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
      cached?.client.destroy(); // the key was replaced or removed
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
