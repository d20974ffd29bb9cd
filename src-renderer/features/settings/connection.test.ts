import { describe, expect, it } from 'vitest';
import { adviceFor } from './connection.ts';

describe('check connection advice', () => {
  it('says how to get credentials, log in, grant access, replace an end-of-life model', () => {
    expect(adviceFor('no-aws-config', null, null).steps.join(' ')).toMatch(/aws configure.*aws sso login/);
    expect(adviceFor('sso-token-expired', 'work', 'us-east-1').steps[0]).toBe(
      'Run `aws sso login --profile work`, then check again.',
    );
    expect(adviceFor('access-denied', 'work', 'eu-west-1').steps[0]).toMatch(/eu-west-1 → Model access/);
    expect(adviceFor('model-end-of-life', null, null).title).toMatch(/end of life/);
    expect(adviceFor('something-new', null, null).title).toBe('The check failed');
    expect(adviceFor('credentials-rejected', '(Bedrock API key)', 'us-west-2').steps[0]).toMatch(
      /new key in the Bedrock console.*or choose a profile/,
    );
    expect(adviceFor('credentials-rejected', 'work', null).steps[0]).toMatch(/aws configure/);
  });
});
