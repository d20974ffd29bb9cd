// The verifier against an independent signer (@smithy/signature-v4): what it signs must verify,
// any tampering must not.
import { describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsError } from './aws-errors.ts';
import type { Credentials, SignedRequest } from './sigv4.ts';
import { canonicalPath, canonicalQuery, verifySigV4 } from './sigv4.ts';
import { NodeSha256 } from '../../test/support/node-sha256.ts';

const CREDS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

async function sign(
  path: string,
  query: Record<string, string> | undefined,
  body: string,
  extraHeaders: Record<string, string> = {},
  signingDate = new Date(),
): Promise<SignedRequest> {
  const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: CREDS, sha256: NodeSha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4010,
      path,
      query,
      headers: { host: '127.0.0.1:4010', 'content-type': 'application/json', ...extraHeaders },
      body,
    },
    { signingDate },
  );
  const lower = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const search = query
    ? `?${Object.entries(query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&')}`
    : '';
  return { method: 'POST', rawUrl: `${path}${search}`, headers: lower, body: Buffer.from(body) };
}

function rejection(request: SignedRequest, now?: number): AwsError {
  try {
    verifySigV4(request, [CREDS], 'us-east-1', now);
  } catch (error) {
    return error as AwsError;
  }
  throw new Error('expected a rejection');
}

describe('verifySigV4', () => {
  it('accepts what the SDK signer signs: encoded path, query, spaced header values', async () => {
    const request = await sign(
      '/model/stability.sd3-5-large-v1%3A0/invoke',
      { b: 'x y', a: 'IMAGE/*' },
      '{"prompt":"hi"}',
      { 'x-amzn-bedrock-trace': '  ENABLED   now ' },
    );
    expect(verifySigV4(request, [CREDS], 'us-east-1')).toBe('AKIDEXAMPLE');
  });

  it('accepts :authority instead of host (HTTP/2)', async () => {
    const request = await sign('/foundation-models', { byOutputModality: 'IMAGE' }, '');
    const { host, ...rest } = request.headers;
    expect(verifySigV4({ ...request, headers: { ...rest, ':authority': host } }, [CREDS], 'us-east-1')).toBe(
      'AKIDEXAMPLE',
    );
  });

  it('rejects a changed body, path or signed header', async () => {
    const request = await sign('/model/x/invoke', undefined, '{"a":1}');
    expect(rejection({ ...request, body: Buffer.from('{"a":2}') }).type).toBe('InvalidSignatureException');
    expect(rejection({ ...request, rawUrl: '/model/y/invoke' }).type).toBe('InvalidSignatureException');
    expect(rejection({ ...request, headers: { ...request.headers, 'content-type': 'text/plain' } }).status).toBe(403);
  });

  it('rejects unknown keys, missing and malformed Authorization, stale and future dates', async () => {
    const request = await sign('/model/x/invoke', undefined, '{}');
    const unknown = rejection({
      ...request,
      headers: {
        ...request.headers,
        authorization: String(request.headers.authorization).replace('AKIDEXAMPLE', 'AKIDOTHER'),
      },
    });
    expect([unknown.type, unknown.message]).toEqual([
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    ]);
    const { authorization: _a, ...unsigned } = request.headers;
    expect(rejection({ ...request, headers: unsigned }).type).toBe('MissingAuthenticationTokenException');
    expect(rejection({ ...request, headers: { ...request.headers, authorization: 'Bearer x' } }).type).toBe(
      'IncompleteSignatureException',
    );
    expect(rejection(request, Date.now() + 6 * 60_000).message).toMatch(/^Signature expired: /);
    expect(rejection(request, Date.now() - 6 * 60_000).message).toMatch(/^Signature not yet current: /);
    expect(verifySigV4(request, [CREDS], 'us-east-1', Date.now() + 4 * 60_000)).toBe('AKIDEXAMPLE');
  });
});

describe('canonical forms', () => {
  it('double-encodes the path and sorts the query', () => {
    expect(canonicalPath('/model/a%3A0/invoke')).toBe('/model/a%253A0/invoke');
    expect(canonicalPath('/model/a:0/invoke')).toBe('/model/a%3A0/invoke');
    expect(canonicalQuery('b=2&a=x%20y&a=1&c')).toBe('a=1&a=x%20y&b=2&c=');
  });
});
