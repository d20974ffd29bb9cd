// Client factories: one runtime client (InvokeModel) and one control-plane client (model list) per
// profile + region. The SDK resolves endpoint overrides itself (AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
// AWS_ENDPOINT_URL, [services] sections, profile endpoint_url) as long as it knows the profile.
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';

export interface BedrockTarget {
  region: string;
  /** A provider (e.g. fromIni) or static credentials. */
  credentials: NonNullable<BedrockRuntimeClientConfig['credentials']>;
  /** The profile name, so the SDK reads that profile's endpoint_url / services settings. */
  profile?: string;
  /** An explicit endpoint (demo mode); overrides the SDK's own resolution. */
  endpoint?: string;
}

function common(target: BedrockTarget) {
  return {
    region: target.region,
    credentials: target.credentials,
    // Easel retries itself (bounded, abortable, reported per attempt); the SDK must not add its own.
    maxAttempts: 1,
    ...(target.profile === undefined ? {} : { profile: target.profile }),
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
  };
}

export function createRuntimeClient(target: BedrockTarget): BedrockRuntimeClient {
  return new BedrockRuntimeClient(common(target));
}

export function createControlClient(target: BedrockTarget): BedrockClient {
  return new BedrockClient(common(target));
}
