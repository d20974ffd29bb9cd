// The queue's Invoker over the real Bedrock client: one runtime client per (profile, region),
// credentials from the profile, endpoint overrides from the given env.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient, invokeImageModel } from '../bedrock/index.ts';
import type { RetryPolicy } from '../bedrock/index.ts';
import { credentialsFor } from '../credentials/index.ts';
import type { Invoker } from './queue.ts';

export interface BedrockInvokerOptions {
  /** The environment (profiles, endpoint overrides); defaults to process.env. */
  env?: Record<string, string | undefined>;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  timeoutMs?: number;
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
  const clients = new Map<string, BedrockRuntimeClient>();
  const clientFor = (profile: string | null, region: string): BedrockRuntimeClient => {
    const key = JSON.stringify([profile, region]);
    let client = clients.get(key);
    if (!client) {
      const endpoint = endpointFromEnv(env);
      client = createRuntimeClient({
        region,
        credentials: credentialsFor(profile ?? undefined, env),
        ...(profile === null ? {} : { profile }),
        ...(endpoint === undefined ? {} : { endpoint }),
      });
      clients.set(key, client);
    }
    return client;
  };
  const invoke: Invoker = async (args) => {
    const result = await invokeImageModel(clientFor(args.profile, args.region), {
      modelId: args.modelId,
      body: args.body,
      signal: args.signal,
      onAttempt: args.onAttempt,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return { body: result.body, attempts: result.attempts };
  };
  return Object.assign(invoke, {
    destroy(): void {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  });
}
