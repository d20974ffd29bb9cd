// Bedrock API keys, a credential source beside the profiles: the AWS_BEARER_TOKEN_BEDROCK variable
// or a key kept for the app (core/studio's SecretStore). Bedrock takes one as
// `Authorization: Bearer <key>` instead of a SigV4 signature. Nothing here returns a key to show:
// only `maskApiKey`'s `ABSK…1234` (src-shared/bedrock-api-key.ts, with the key's format).
import { apiKeyFormatProblem, SHORT_TERM_KEY_PREFIX } from '../../../src-shared/bedrock-api-key.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import type { AwsEnv } from './files.ts';

/** The pseudo-profile that stands for the Bedrock API key in profile lists and jobs. */
export const API_KEY_PROFILE = '(Bedrock API key)';
/** The variable the AWS SDKs (and Easel) read a Bedrock API key from. */
export const API_KEY_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

export type ApiKeySource = 'settings' | 'environment';

export interface BedrockApiKey {
  key: string;
  /** Pasted in the app's Settings (kept encrypted by the shell) or read from AWS_BEARER_TOKEN_BEDROCK. */
  source: ApiKeySource;
}

/** The key checked and trimmed, or EaselError 'validation' saying what is wrong (never the key). */
export function checkApiKey(key: string): string {
  const trimmed = key.trim();
  const problem = apiKeyFormatProblem(trimmed);
  if (problem !== null) throw new EaselError('validation', problem, { field: 'key' });
  return trimmed;
}

/** AWS_BEARER_TOKEN_BEDROCK of this env, trimmed; null when unset or blank. */
export function environmentApiKey(env: AwsEnv): BedrockApiKey | null {
  const key = env[API_KEY_ENV]?.trim();
  return key ? { key, source: 'environment' } : null;
}

/**
 * A short-term key is a presigned `CallWithBearerToken` URL in base64 and works only in the region it
 * was made for: that region (from its X-Amz-Credential scope), or undefined (long-term keys, garbage).
 */
export function shortTermKeyRegion(key: string): string | undefined {
  if (!key.startsWith(SHORT_TERM_KEY_PREFIX)) return undefined;
  const url = Buffer.from(key.slice(SHORT_TERM_KEY_PREFIX.length), 'base64').toString('latin1');
  const credential = /[?&]X-Amz-Credential=([^&]+)/.exec(url)?.[1];
  if (credential === undefined) return undefined;
  let scope: string;
  try {
    scope = decodeURIComponent(credential);
  } catch {
    return undefined;
  }
  const region = scope.split('/')[2];
  return region !== undefined && /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region) ? region : undefined;
}

/**
 * Whether a call for `profile` authenticates with the API key: when it is chosen by name, or when no
 * profile is named and AWS_PROFILE is unset (as the AWS SDKs do, a key beats the default profile).
 */
export function usesApiKey(
  profile: string | undefined | null,
  env: AwsEnv,
  apiKey: BedrockApiKey | null,
): apiKey is BedrockApiKey {
  if (apiKey === null) return false;
  return profile === API_KEY_PROFILE || ((profile === undefined || profile === null) && !env.AWS_PROFILE);
}

/** The key for a call, or EaselError when the key's pseudo-profile is chosen and no key is set. */
export function apiKeyFor(
  profile: string | undefined | null,
  env: AwsEnv,
  apiKey: BedrockApiKey | null,
): string | null {
  if (usesApiKey(profile, env, apiKey)) return apiKey.key;
  if (profile === API_KEY_PROFILE)
    throw new EaselError(
      'credentials-missing',
      `No Bedrock API key is set: paste one in Settings (or set ${API_KEY_ENV}), or choose a profile.`,
      { field: 'profile' },
    );
  return null;
}

/**
 * The one region a call for `profile` may go to because of its key: a short-term key's own region
 * (AWS honours it only there), undefined when the call signs with SigV4 or a long-term key (which
 * works in every region, so "Regions Easel may call" applies as to a profile).
 */
export function keyBoundRegion(
  profile: string | undefined | null,
  env: AwsEnv,
  apiKey: BedrockApiKey | null,
): string | undefined {
  return usesApiKey(profile, env, apiKey) ? shortTermKeyRegion(apiKey.key) : undefined;
}
