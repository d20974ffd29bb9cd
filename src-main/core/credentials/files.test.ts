import { describe, expect, it } from 'vitest';
import { configFilePath, credentialsFilePath, findIniProblems } from './files.ts';

describe('findIniProblems', () => {
  it('accepts what aws configure writes, comments, nested blocks and sso-session/services sections', () => {
    const text = [
      '# comment',
      '[default]',
      'region = us-east-1 ; trailing',
      's3 =',
      '  max_concurrent_requests = 10',
      '',
      '[profile dev]',
      'sso_session = corp',
      '[sso-session corp]',
      'sso_start_url = https://x.awsapps.com/start',
      '[services local]',
      'bedrock_runtime =',
      '  endpoint_url = http://127.0.0.1:4010',
    ].join('\n');
    expect(findIniProblems(text)).toEqual([]);
  });

  it('names the line of each kind of garbage', () => {
    expect(findIniProblems('[default\nregion = x')).toEqual([
      { line: 1, problem: expect.stringContaining('section header') },
    ]);
    expect(findIniProblems('region = x\n[default]')).toEqual([
      { line: 1, problem: expect.stringContaining('before any [section]') },
    ]);
    expect(findIniProblems('[default]\n= x')).toEqual([{ line: 2, problem: expect.stringContaining('no name') }]);
    expect(findIniProblems('[default]\nregion us-east-1')).toEqual([{ line: 2, problem: 'expected "name = value"' }]);
    expect(findIniProblems('[profile __proto__]')).toEqual([
      { line: 1, problem: expect.stringContaining('not an allowed') },
    ]);
  });
});

describe('file paths', () => {
  it('default under HOME, overridden by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE', () => {
    expect(configFilePath({ HOME: '/h' })).toBe('/h/.aws/config');
    expect(credentialsFilePath({ HOME: '/h' })).toBe('/h/.aws/credentials');
    expect(configFilePath({ HOME: '/h', AWS_CONFIG_FILE: '/etc/aws' })).toBe('/etc/aws');
    expect(credentialsFilePath({ HOME: '/h', AWS_SHARED_CREDENTIALS_FILE: '~/c' })).toBe('/h/c');
    expect(configFilePath({ USERPROFILE: 'C:\\Users\\me' })).toMatch(/^C:\\Users\\me[\\/]\.aws[\\/]config$/);
  });
});
