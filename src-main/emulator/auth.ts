// Who is calling and from which region: SigV4 (the region is the credential scope's) or a Bedrock
// API key sent as `Authorization: Bearer <key>`. A short-term key (`bedrock-api-key-` + base64 of a
// presigned URL) carries its region and expiry; a long-term key configured with `apiKeys` carries
// nothing, and the SDK sends no region with a bearer token, so its region is `apiKeyRegion`.
import { AwsError, MESSAGES } from './aws-errors.ts';
import type { Credentials, SignedRequest } from './sigv4.ts';
import { scopeRegionOf, verifyPresignedUrl, verifySigV4 } from './sigv4.ts';

export interface AuthSettings {
  credentials: readonly Credentials[];
  /** Regions a SigV4 credential scope may name. */
  regions: readonly string[];
  apiKeys: readonly string[];
  apiKeyRegion: string;
}

export interface Caller {
  region: string;
  via: 'sigv4' | 'api-key';
}

const SHORT_TERM_PREFIX = 'bedrock-api-key-';
const LONG_TERM_PREFIX = 'ABSK';

const keyRejected = (message: string): AwsError => new AwsError(403, 'AccessDeniedException', message);

/** The presigned URL inside a short-term key, or undefined when the key is not one. */
function shortTermUrl(key: string): URL | undefined {
  if (!key.startsWith(SHORT_TERM_PREFIX)) return undefined;
  try {
    const decoded = Buffer.from(key.slice(SHORT_TERM_PREFIX.length), 'base64').toString('utf8');
    return new URL(decoded.startsWith('https://') ? decoded : `https://${decoded}`);
  } catch {
    return undefined;
  }
}

function authenticateKey(key: string, settings: AuthSettings, now: number): Caller {
  const url = shortTermUrl(key);
  if (url) {
    try {
      return { region: verifyPresignedUrl(url, settings.credentials, now).region, via: 'api-key' };
    } catch {
      if (!settings.apiKeys.includes(key)) throw keyRejected(MESSAGES.apiKeyInvalid);
    }
  }
  if (settings.apiKeys.includes(key)) return { region: settings.apiKeyRegion, via: 'api-key' };
  if (!key.startsWith(LONG_TERM_PREFIX) && !key.startsWith(SHORT_TERM_PREFIX)) throw keyRejected(MESSAGES.apiKeyFormat);
  throw keyRejected(MESSAGES.apiKeyInvalid);
}

/** Authenticates a data- or control-plane request; throws the AwsError AWS would answer. */
export function authenticate(request: SignedRequest, settings: AuthSettings, now = Date.now()): Caller {
  const header = request.headers.authorization;
  const authorization = Array.isArray(header) ? header.join(',') : (header ?? '');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return authenticateKey(bearer[1] ?? '', settings, now);
  verifySigV4(request, settings.credentials, settings.regions, now);
  return { region: scopeRegionOf(request.headers) ?? '', via: 'sigv4' };
}
