import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+token/value==';

describe('redactSecrets', () => {
  it('removes access key ids of every kind, including the documentation example', () => {
    const text =
      'keys AKIAIOSFODNN7EXAMPLE, ASIAY34FZKBOKMUTVV7A and AKIDEXAMPLE in Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock';
    const out = redactSecrets(text);
    expect(out).not.toMatch(/AKIA|ASIA|AKID/);
    expect(out).toContain('/20240101/us-east-1/bedrock');
  });

  it('removes secret keys after markers and bare ones', () => {
    for (const text of [
      `aws_secret_access_key = ${SECRET}`,
      `{"SecretAccessKey":"${SECRET}"}`,
      `secretAccessKey: '${SECRET}'`,
      `the key was ${SECRET} yesterday`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toContain(SECRET);
      expect(out).toContain('[REDACTED]');
    }
    expect(redactSecrets(`aws_secret_access_key = ${SECRET}`)).toBe('aws_secret_access_key = [REDACTED]');
  });

  it('removes session tokens, SSO tokens and client secrets', () => {
    for (const text of [
      `aws_session_token=${TOKEN}`,
      `<SessionToken>${TOKEN}</SessionToken>`,
      `X-Amz-Security-Token: abcdefghijklmnop1234`,
      `{"accessToken": "aoaAAAAAGZ0example", "refreshToken": "Atzr|secret", "clientSecret": "eyJraWQ"}`,
      `token ${TOKEN} leaked`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toMatch(/IQoJb3JpZ2lu|abcdefghijklmnop1234|aoaAAAAAGZ0example|Atzr|eyJraWQ/);
    }
  });

  it('removes a long base64 blob of no known prefix (a session token of another shape)', () => {
    const blob = 'Zm9v' + 'QmFy'.repeat(30) + '==';
    expect(redactSecrets(`token: ${blob}`)).not.toContain('QmFyQmFy');
    expect(redactSecrets(`sent ${blob} twice`)).toBe('sent [REDACTED] twice');
  });

  it('removes URL-encoded secrets, tokens and key ids', () => {
    const url = (v: string) => encodeURIComponent(v);
    for (const text of [
      `https://bedrock.example/?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1&X-Amz-Security-Token=${url(TOKEN)}&x=1`,
      `secret=${url(SECRET)}`,
      `body: aws_secret_access_key%3D${url(SECRET)}%26region%3Dus-east-1`,
      `leaked ${url(TOKEN)} in a query`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toMatch(/AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI|K7MDENG|IQoJb3JpZ2lu|CIQDexample|bPxRfiCY/);
      expect(out).toContain('[REDACTED]');
    }
  });

  it('removes JSON-escaped secrets and tokens (JSON inside a JSON string, escaped slashes)', () => {
    const json = (v: string) => JSON.stringify(v).slice(1, -1).replaceAll('/', '\\/');
    for (const text of [
      JSON.stringify(JSON.stringify({ SecretAccessKey: SECRET, SessionToken: 'shorttoken123' })),
      `{"key": "${json(SECRET)}"}`,
      `{"t": "${json(TOKEN)}"}`,
      `{"id": "\\u0041KIAIOSFODNN7EXAMPLE"}`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toMatch(
        /wJalrXUtnFEMI|K7MDENG|bPxRfiCY|shorttoken123|IQoJb3JpZ2lu|CIQDexample|KIAIOSFODNN7/,
      );
      expect(out).toContain('[REDACTED]');
    }
  });

  it('removes key ids glued to other text', () => {
    for (const text of [
      'keyidAKIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPLEand more',
      'user_ASIAY34FZKBOKMUTVV7A_session',
      'x1AKIDEXAMPLEy',
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toMatch(/AKIAIOSFODNN7EXAMPLE|ASIAY34FZKBOKMUTVV7A|AKIDEXAMPLE/);
      expect(out).toContain('[REDACTED]');
    }
  });

  it('leaves encoded ordinary text alone', () => {
    const text = 'Path C:\\Users\\me\\easel, query ?q=red%20fox%2C%20snow&page=2, json {"a":"b\\/c"}';
    expect(redactSecrets(text)).toBe(text);
  });

  it('leaves ordinary text, hex digests, URLs and ARNs alone', () => {
    const text =
      'Run `aws sso login --profile dev`. Cache ee0bfd2552fbd840c02cc48b6e823320543c450f.json, role arn:aws:iam::123456789012:role/Admin, https://corp.awsapps.com/start, the secret key is wrong';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets: Bedrock API keys', () => {
  const LONG_TERM = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
  const SHORT_TERM = `bedrock-api-key-${btoa(
    'bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261201%2Fus-west-2%2Fbedrock%2Faws4_request&X-Amz-Expires=43200&Version=1',
  )}`;

  it('removes long-term ABSK keys and short-term bedrock-api-key- keys wherever they stand', () => {
    for (const key of [LONG_TERM, SHORT_TERM]) {
      for (const text of [
        `the key ${key} was rejected`,
        `AWS_BEARER_TOKEN_BEDROCK=${key}`,
        `{"key":"${key}"}`,
        `Authorization: Bearer ${key}`,
        `${key}`,
      ]) {
        const out = redactSecrets(text);
        expect(out, text).not.toContain(key);
        expect(out).not.toContain(key.slice(0, 24));
        expect(out).not.toContain(key.slice(-12));
        expect(out).toContain('[REDACTED]');
      }
    }
    expect(redactSecrets(`key ${LONG_TERM} end`)).toBe('key [REDACTED] end');
    expect(redactSecrets(`AWS_BEARER_TOKEN_BEDROCK=${LONG_TERM}`)).toBe('AWS_BEARER_TOKEN_BEDROCK=[REDACTED]');
  });

  it('removes any bearer credential, and any value given to an AWS_BEARER_TOKEN_* variable', () => {
    expect(redactSecrets('authorization: Bearer abcdefghijklmnopqrstuvwx')).toBe('authorization: Bearer [REDACTED]');
    expect(redactSecrets('AWS_BEARER_TOKEN_BEDROCK = not-a-key-shape')).toBe('AWS_BEARER_TOKEN_BEDROCK = [REDACTED]');
  });

  it('keeps masked keys and prose about keys readable', () => {
    for (const text of [
      'Bedrock API key ABSK…2V0 (from Settings)',
      'bedrock-api-key-…Q9 is configured',
      'Use a bearer token or a profile.',
      'The `AWS_BEARER_TOKEN_BEDROCK` variable is not set.',
    ])
      expect(redactSecrets(text)).toBe(text);
  });
});
