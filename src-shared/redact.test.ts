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

  it('leaves ordinary text, hex digests, URLs and ARNs alone', () => {
    const text =
      'Run `aws sso login --profile dev`. Cache ee0bfd2552fbd840c02cc48b6e823320543c450f.json, role arn:aws:iam::123456789012:role/Admin, https://corp.awsapps.com/start, the secret key is wrong';
    expect(redactSecrets(text)).toBe(text);
  });
});
