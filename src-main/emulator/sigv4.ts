// SigV4 verification, written from the spec with node:crypto (not with the SDK's signer, so a
// signing bug in the client cannot be mirrored here): rebuild the canonical request from what
// arrived, derive the key from the stored secret, compare in constant time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError, MESSAGES } from './aws-errors.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (still percent-encoded). */
  rawUrl: string;
  /** Lower-cased header names; over HTTP/2 `:authority` stands in for `host`. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export const SIGNING_SERVICE = 'bedrock';
const MAX_SKEW_MS = 5 * 60 * 1000;

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Non-S3 services encode the (already encoded) path once more, segment by segment. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [escapeUri(safeDecode(key)), escapeUri(safeDecode(value))] as const;
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = name === 'host' ? (headers.host ?? headers[':authority']) : headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function amzDateToMs(amzDate: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function toAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const signatureError = (message: string): AwsError => new AwsError(403, 'InvalidSignatureException', message);

/** The region named in a SigV4 Authorization header's credential scope (not verified). */
export function scopeRegionOf(headers: SignedRequest['headers']): string | undefined {
  const authorization = headerValue(headers, 'authorization') ?? '';
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization)?.[1];
}

function s3PayloadHash(declared: string | undefined, body: Buffer): string {
  if (declared === undefined)
    throw new AwsError(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (/^[0-9a-f]{64}$/.test(declared) && declared !== sha256(body))
    throw new AwsError(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  return declared;
}

/** The service a SigV4 Authorization header's credential scope names (not verified). */
export function scopeServiceOf(headers: SignedRequest['headers']): string | undefined {
  const authorization = headerValue(headers, 'authorization') ?? '';
  return /Credential=[^/\s]+\/\d{8}\/[^/\s]+\/([^/\s]+)\//.exec(authorization)?.[1];
}

/**
 * Verifies the request's Authorization header; returns the caller's access key id or throws the
 * AwsError AWS would return. `region`: the region (or regions) a credential scope may name.
 */
export function verifySigV4(
  request: SignedRequest,
  credentials: readonly Credentials[],
  region: string | readonly string[],
  now = Date.now(),
  service: 'bedrock' | 's3' = SIGNING_SERVICE,
): string {
  const regions: readonly string[] = typeof region === 'string' ? [region] : region;
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) throw new AwsError(403, 'MissingAuthenticationTokenException', MESSAGES.missingAuth);
  const match =
    /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(
      authorization,
    );
  if (!match) {
    throw new AwsError(
      400,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256). Authorization=${authorization.split(' ')[0] ?? ''}`,
    );
  }
  const [, credential = '', signedHeadersText = '', signature = ''] = match;
  const [accessKeyId = '', scopeDate = '', scopeRegion = '', scopeService = '', terminator = ''] =
    credential.split('/');
  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) throw new AwsError(403, 'UnrecognizedClientException', MESSAGES.unknownKey);
  if (known.sessionToken !== undefined && headerValue(request.headers, 'x-amz-security-token') !== known.sessionToken) {
    throw new AwsError(403, 'UnrecognizedClientException', MESSAGES.unknownKey);
  }
  if (terminator !== 'aws4_request')
    throw signatureError("Credential should be scoped with a valid terminator: 'aws4_request'.");
  if (scopeService !== service) throw signatureError(`Credential should be scoped to correct service: '${service}'.`);
  if (!regions.includes(scopeRegion))
    throw signatureError(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);

  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const signedAt = amzDateToMs(amzDate);
  if (signedAt === undefined)
    throw signatureError(
      'Missing or malformed X-Amz-Date header; it must be in the ISO 8601 basic format YYYYMMDDTHHMMSSZ.',
    );
  if (signedAt < now - MAX_SKEW_MS) {
    throw signatureError(
      `Signature expired: ${amzDate} is now earlier than ${toAmzDate(now - MAX_SKEW_MS)} (${toAmzDate(now)} - 5 min.)`,
    );
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw signatureError(
      `Signature not yet current: ${amzDate} is still later than ${toAmzDate(now + MAX_SKEW_MS)} (${toAmzDate(now)} + 5 min.)`,
    );
  }
  if (scopeDate !== amzDate.slice(0, 8))
    throw signatureError(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'`,
    );

  const signedHeaders = signedHeadersText.split(';');
  // Over HTTP/2 the SDK replaces `host` with the `:authority` pseudo-header and signs that.
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority'))
    throw signatureError("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  // S3 signs whatever x-amz-content-sha256 declares (a hash, UNSIGNED-PAYLOAD, STREAMING-…), and
  // its path exactly as sent; other services hash the body and encode the path once more.
  const payloadHash =
    service === 's3'
      ? s3PayloadHash(declaredHash, request.body)
      : declaredHash === 'UNSIGNED-PAYLOAD'
        ? declaredHash
        : sha256(request.body);
  const queryIndex = request.rawUrl.indexOf('?');
  const rawPath = queryIndex < 0 ? request.rawUrl : request.rawUrl.slice(0, queryIndex);
  const rawQuery = queryIndex < 0 ? '' : request.rawUrl.slice(queryIndex + 1);
  const canonicalRequest = [
    request.method.toUpperCase(),
    service === 's3' ? rawPath || '/' : canonicalPath(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    signedHeadersText,
    payloadHash,
  ].join('\n');
  const scope = `${scopeDate}/${scopeRegion}/${scopeService}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${known.secretAccessKey}`, scopeDate);
  key = hmac(key, scopeRegion);
  key = hmac(key, scopeService);
  key = hmac(key, 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw signatureError(MESSAGES.badSignature);
  return accessKeyId;
}

/**
 * Verifies a SigV4 presigned URL (what a short-term Bedrock API key wraps: `host/?Action=
 * CallWithBearerToken&X-Amz-…`, signed for `host` only). Returns the key's access key id and region;
 * throws an Error saying why not (the caller answers with Bedrock's API-key wording).
 */
export function verifyPresignedUrl(
  url: URL,
  credentials: readonly Credentials[],
  now = Date.now(),
): { accessKeyId: string; region: string } {
  const q = url.searchParams;
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator = ''] = (
    q.get('X-Amz-Credential') ?? ''
  ).split('/');
  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known || service !== SIGNING_SERVICE || terminator !== 'aws4_request') throw new Error('unknown key');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const signedAt = amzDateToMs(amzDate);
  const expires = Number(q.get('X-Amz-Expires'));
  if (signedAt === undefined || !Number.isFinite(expires)) throw new Error('malformed key');
  if (now > signedAt + expires * 1000 || signedAt > now + MAX_SKEW_MS) throw new Error('expired key');
  if (known.sessionToken !== undefined && q.get('X-Amz-Security-Token') !== known.sessionToken)
    throw new Error('unknown key');
  const signed = [...q.entries()].filter(([name]) => name !== 'X-Amz-Signature' && name !== 'Version');
  const query = canonicalQuery(signed.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const signedHeaders = q.get('X-Amz-SignedHeaders') ?? 'host';
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  let key = hmac(`AWS4${known.secretAccessKey}`, scopeDate);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const given = Buffer.from(q.get('X-Amz-Signature') ?? '', 'hex');
  // Signers differ on the payload of a presigned GET: accept the unsigned marker and the empty body's hash.
  for (const payload of ['UNSIGNED-PAYLOAD', sha256('')]) {
    const canonical = ['GET', canonicalPath(url.pathname), query, `host:${url.host}\n`, signedHeaders, payload];
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical.join('\n'))].join('\n');
    const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { accessKeyId, region };
  }
  throw new Error('bad signature');
}
