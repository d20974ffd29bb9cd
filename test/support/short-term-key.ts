// A short-term Bedrock API key as @aws/bedrock-token-generator makes one: `bedrock-api-key-` + the
// base64 of a presigned CallWithBearerToken URL, signed for `region` with the emulator's test
// credentials (so the emulator accepts it there, until it expires 12 hours after `signingDate`).
import { SignatureV4 } from '@smithy/signature-v4';
import { EMULATOR_DEFAULT_CREDENTIALS } from '../../src-main/emulator/index.ts';
import { NodeSha256 } from './node-sha256.ts';

export async function shortTermKey(region: string, signingDate = new Date()): Promise<string> {
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    credentials: EMULATOR_DEFAULT_CREDENTIALS,
    sha256: NodeSha256,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: 'bedrock.amazonaws.com',
      path: '/',
      query: { Action: 'CallWithBearerToken' },
      headers: { host: 'bedrock.amazonaws.com' },
    },
    { expiresIn: 43_200, signingDate },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `bedrock-api-key-${Buffer.from(`bedrock.amazonaws.com/?${query}&Version=1`).toString('base64')}`;
}
