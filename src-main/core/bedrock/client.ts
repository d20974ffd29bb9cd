// Client factories: one runtime client (InvokeModel) and one control-plane client (model list) per
// profile + region. The SDK resolves endpoint overrides itself (AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
// AWS_ENDPOINT_URL, [services] sections, profile endpoint_url) as long as it knows the profile.
// Authentication is explicit: SigV4 with the given credentials, or a Bedrock API key as a bearer
// token. Either way the scheme is pinned (authSchemePreference), because the SDK itself switches to
// bearer auth whenever process.env has AWS_BEARER_TOKEN_BEDROCK, even for a profile chosen by name.
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { widenConnectionWindow, HTTP2_RECEIVE_WINDOW } from './http2-window.ts';

export interface BedrockTarget {
  region: string;
  /** A provider (e.g. fromIni) or static credentials, for SigV4. Unused when `apiKey` is given. */
  credentials?: NonNullable<BedrockRuntimeClientConfig['credentials']>;
  /** A Bedrock API key: sent as `Authorization: Bearer <key>`, no SigV4 and no credentials at all. */
  apiKey?: string;
  /** The profile name, so the SDK reads that profile's endpoint_url / services settings. */
  profile?: string;
  /** An explicit endpoint (demo mode); overrides the SDK's own resolution. */
  endpoint?: string;
}

/** Clients that authenticate with an API key: they have no credentials to resolve (see invoke.ts). */
const bearerClients = new WeakSet<object>();

export function usesBearerToken(client: object): boolean {
  return bearerClients.has(client);
}

function auth(target: BedrockTarget) {
  if (target.apiKey !== undefined) return { token: { token: target.apiKey }, authSchemePreference: ['httpBearerAuth'] };
  if (target.credentials === undefined) throw new Error('A Bedrock target needs credentials or an API key.');
  return { credentials: target.credentials, authSchemePreference: ['sigv4'] };
}

function common(target: BedrockTarget) {
  return {
    region: target.region,
    ...auth(target),
    // Easel retries itself (bounded, abortable, reported per attempt); the SDK must not add its own.
    maxAttempts: 1,
    // One HTTP/2 session per endpoint, kept open and shared by every call. The runtime client's
    // default (disableConcurrentStreams) opens a new connection — TCP and TLS handshakes — for every
    // InvokeModel. A session the server closes (GOAWAY, error) leaves the pool and the next call
    // opens another; a stalled one is cut by each call's own timeout (invoke.ts).
    // Its streams may receive HTTP2_RECEIVE_WINDOW unread (SETTINGS_INITIAL_WINDOW_SIZE; Node's
    // default, 64 KiB, lets an image answer arrive 64 KiB per round trip; see http2-window.ts).
    requestHandler: {
      disableConcurrentStreams: false,
      nodeHttp2ConnectOptions: { settings: { initialWindowSize: HTTP2_RECEIVE_WINDOW } },
    },
    ...(target.profile === undefined ? {} : { profile: target.profile }),
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
  };
}

function remember<C extends object>(client: C, target: BedrockTarget): C {
  if (target.apiKey !== undefined) bearerClients.add(client);
  return client;
}

export function createRuntimeClient(target: BedrockTarget): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient(common(target));
  client.middlewareStack.add(widenConnectionWindow, {
    step: 'deserialize',
    // innermost: runs when the answer's headers arrive, before its body is read
    priority: 'low',
    name: 'easelWidenConnectionWindow',
  });
  return remember(client, target);
}

export function createControlClient(target: BedrockTarget): BedrockClient {
  return remember(new BedrockClient(common(target)), target);
}
