// AWS profiles end to end: real temp files, the real fromIni, a fake STS over real HTTP for role
// chains, real child processes for credential_process. The env is always passed explicitly.
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsEnv,
  credentialsFor,
  credentialsRejected,
  defaultProfileName,
  listProfiles,
  mapCredentialError,
  resolveRegion,
  ssoTokenCachePath,
} from '../../src-main/core/credentials/index.ts';
import { type FakeSts, startFakeSts } from '../support/fake-sts.ts';
import { easelErrorOf } from '../support/easel-error.ts';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_ID_2 = 'AKIAI44QH8DHBEXAMPLE';
const SECRET_2 = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';

let home: string;
let env: AwsEnv;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'easel-aws-'));
  await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  env = { HOME: home };
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function writeAws(config: string, credentials?: string): Promise<void> {
  await writeFile(join(home, '.aws', 'config'), config);
  if (credentials !== undefined) await writeFile(join(home, '.aws', 'credentials'), credentials);
}

const staticSetup = {
  config: `[default]\nregion = eu-west-1\n\n[profile dev]\nregion = us-west-2\n`,
  credentials: `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n\n[dev]\naws_access_key_id = ${KEY_ID_2}\naws_secret_access_key = ${SECRET_2}\naws_session_token = FwoGZXIvYXdzEXAMPLETOKEN\n`,
};

describe('static keys', () => {
  it('lists both profiles with their kind, region and sources, and never a secret', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    const profiles = await listProfiles(env);
    expect(profiles.map((p) => [p.name, p.kind, p.region, p.sources, p.isDefault])).toEqual([
      ['default', 'static', 'eu-west-1', ['config', 'credentials'], true],
      ['dev', 'static', 'us-west-2', ['config', 'credentials'], false],
    ]);
    expect(profiles.every((p) => p.problems.length === 0)).toBe(true);
    const text = JSON.stringify(profiles);
    for (const secret of [KEY_ID, SECRET, KEY_ID_2, SECRET_2, 'FwoGZXIvYXdzEXAMPLETOKEN'])
      expect(text).not.toContain(secret);
  });

  it('resolves the named profile through fromIni, and the default one without a name', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    const dev = await credentialsFor('dev', env)();
    expect(dev).toMatchObject({
      accessKeyId: KEY_ID_2,
      secretAccessKey: SECRET_2,
      sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
    });
    const fallback = await credentialsFor(undefined, env)();
    expect(fallback).toMatchObject({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
  });

  it('re-reads the files on every call (edits to ~/.aws take effect without a restart)', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    const provider = credentialsFor('dev', env);
    expect((await provider()).accessKeyId).toBe(KEY_ID_2);
    await writeAws(staticSetup.config, staticSetup.credentials.replace(KEY_ID_2, 'AKIAJJJJJJJJJJEXAMPLE'));
    expect((await provider()).accessKeyId).toBe('AKIAJJJJJJJJJJEXAMPLE');
  });

  it('a profile with settings but no credentials is credentials-missing (from fromIni itself)', async () => {
    await writeAws('[profile empty]\nregion = us-east-1\n');
    const [info] = await listProfiles(env);
    expect(info).toMatchObject({ name: 'empty', kind: 'unknown' });
    expect(info?.problems.join(' ')).toMatch(/no credentials/);
    const error = await easelErrorOf(credentialsFor('empty', env)());
    expect(error.code).toBe('credentials-missing');
    expect(error.message).toContain('aws configure --profile empty');
  });

  it('a key id without its secret is reported in the listing and fails as credentials-missing', async () => {
    await writeAws('[profile half]\nregion = us-east-1\n', `[half]\naws_access_key_id = ${KEY_ID}\n`);
    const [info] = await listProfiles(env);
    expect(info?.problems).toContain('aws_access_key_id is set but aws_secret_access_key is missing');
    const error = await easelErrorOf(credentialsFor('half', env)());
    expect(error.code).toBe('credentials-missing');
    expect(error.message).not.toContain(KEY_ID);
  });
});

describe('missing configuration and unknown profiles', () => {
  it('no files and no env keys: an empty list, and no-aws-config on resolve', async () => {
    expect(await listProfiles(env)).toEqual([]);
    const error = await easelErrorOf(credentialsFor(undefined, env)());
    expect(error.code).toBe('no-aws-config');
    expect(error.message).toContain('aws configure');
    expect(error.message).toContain('aws configure sso');
    expect(error.message).toContain('demo mode');
  });

  it('no files and no env keys: the region lookup names the real cause (no-aws-config), not no-region', async () => {
    const error = await easelErrorOf(resolveRegion(undefined, undefined, env));
    expect(error.code).toBe('no-aws-config');
    expect(error.message).toMatch(/^No AWS configuration found/);
  });

  it('an unknown profile names the available ones', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    const error = await easelErrorOf(credentialsFor('prod', env)());
    expect(error.code).toBe('unknown-profile');
    expect(error.message).toContain('"prod"');
    expect(error.message).toContain('default, dev');
  });

  it('a credentials section written [profile x] is flagged', async () => {
    await writeAws(
      '[profile x]\nregion = us-east-1\n',
      `[profile x]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const profiles = await listProfiles(env);
    expect(profiles.find((p) => p.name === 'profile.x')?.problems).toContain(
      `in ${join(home, '.aws', 'credentials')} sections have no "profile " prefix: write [x]`,
    );
    expect(profiles.find((p) => p.name === 'x')?.kind).toBe('unknown');
  });

  it('a config section without the "profile " prefix is flagged, not silently dropped', async () => {
    await writeAws(
      '[dev]\nregion = us-east-1\n',
      `[other]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const profiles = await listProfiles(env);
    const dev = profiles.find((p) => p.name === 'dev');
    expect(dev?.problems[0]).toContain('[profile dev]');
    const error = await easelErrorOf(credentialsFor('dev', env)());
    expect(error.code).toBe('profile-config-invalid');
    expect(error.message).toContain('[profile dev]');
  });
});

describe('environment', () => {
  it('AWS_PROFILE selects the default profile and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE move the files', async () => {
    const elsewhere = join(home, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'cfg'), staticSetup.config);
    await writeFile(join(elsewhere, 'creds'), staticSetup.credentials);
    const moved: AwsEnv = {
      HOME: home,
      AWS_CONFIG_FILE: join(elsewhere, 'cfg'),
      AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'creds'),
      AWS_PROFILE: 'dev',
    };
    expect(defaultProfileName(moved)).toBe('dev');
    expect(defaultProfileName(env)).toBe('default');
    const profiles = await listProfiles(moved);
    expect(profiles.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['dev']);
    expect((await credentialsFor(undefined, moved)()).accessKeyId).toBe(KEY_ID_2);
    expect(await resolveRegion(undefined, undefined, moved)).toBe('us-west-2');
    // Nothing under HOME/.aws, so the default location finds nothing.
    expect(await listProfiles(env)).toEqual([]);
  });

  it('AWS_CONFIG_FILE may start with ~/ (expanded with the HOME of the env passed in)', async () => {
    await writeFile(join(home, 'my-config'), staticSetup.config);
    const profiles = await listProfiles({ HOME: home, AWS_CONFIG_FILE: '~/my-config' });
    expect(profiles.map((p) => p.name)).toEqual(['default', 'dev']);
  });

  it('env keys appear as the (environment) pseudo-profile and resolve without files', async () => {
    const withKeys: AwsEnv = {
      HOME: home,
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: 'tok',
      AWS_REGION: 'ap-south-1',
    };
    const profiles = await listProfiles(withKeys);
    expect(profiles).toEqual([
      {
        name: '(environment)',
        kind: 'environment',
        sources: ['env'],
        isDefault: true,
        region: 'ap-south-1',
        problems: [],
      },
    ]);
    expect(await credentialsFor('(environment)', withKeys)()).toEqual({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      sessionToken: 'tok',
    });
    // No default profile and no AWS_PROFILE: a call without a profile uses the env keys.
    expect((await credentialsFor(undefined, withKeys)()).accessKeyId).toBe(KEY_ID);
  });

  it('a configured default profile is not overridden by env keys', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    const withKeys: AwsEnv = { HOME: home, AWS_ACCESS_KEY_ID: KEY_ID_2, AWS_SECRET_ACCESS_KEY: SECRET_2 };
    expect((await credentialsFor(undefined, withKeys)()).accessKeyId).toBe(KEY_ID);
    const environment = (await listProfiles(withKeys)).find((p) => p.kind === 'environment');
    expect(environment?.isDefault).toBe(false);
    const error = await easelErrorOf(credentialsFor('(environment)', env)());
    expect(error.code).toBe('credentials-missing');
  });
});

describe('region', () => {
  it('explicit > AWS_REGION > AWS_DEFAULT_REGION > profile region', async () => {
    await writeAws(staticSetup.config, staticSetup.credentials);
    expect(await resolveRegion('dev', undefined, env)).toBe('us-west-2');
    expect(await resolveRegion('dev', undefined, { ...env, AWS_DEFAULT_REGION: 'ca-central-1' })).toBe('ca-central-1');
    expect(
      await resolveRegion('dev', undefined, { ...env, AWS_DEFAULT_REGION: 'ca-central-1', AWS_REGION: 'sa-east-1' }),
    ).toBe('sa-east-1');
    expect(await resolveRegion('dev', 'eu-central-1', { ...env, AWS_REGION: 'sa-east-1' })).toBe('eu-central-1');
    expect(await resolveRegion(undefined, undefined, env)).toBe('eu-west-1');
  });

  it('no region anywhere: no-region with the command that fixes it, and a problem in the listing', async () => {
    await writeAws(
      '[profile noregion]\noutput = json\n',
      `[noregion]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const error = await easelErrorOf(resolveRegion('noregion', undefined, env));
    expect(error.code).toBe('no-region');
    expect(error.message).toContain('aws configure set region us-east-1 --profile noregion');
    const [info] = await listProfiles(env);
    expect(info?.problems.some((p) => p.startsWith('no region'))).toBe(true);
    const [withEnvRegion] = await listProfiles({ ...env, AWS_REGION: 'us-east-1' });
    expect(withEnvRegion?.problems).toEqual([]);
  });
});

describe('malformed files', () => {
  it('a garbled line is profile-config-invalid naming the file and line, for listing and resolving', async () => {
    await writeAws('[default]\nregion = us-east-1\n[profile dev\nregion = us-west-2\n', staticSetup.credentials);
    const listing = await easelErrorOf(listProfiles(env));
    expect(listing.code).toBe('profile-config-invalid');
    expect(listing.message).toContain(`${join(home, '.aws', 'config')} line 3`);
    const resolving = await easelErrorOf(credentialsFor('default', env)());
    expect(resolving.code).toBe('profile-config-invalid');
  });

  it('a secret pasted on a line of its own is reported without the secret', async () => {
    await writeAws('[default]\nregion = us-east-1\n', `[default]\naws_access_key_id = ${KEY_ID}\n${SECRET}\n`);
    const error = await easelErrorOf(listProfiles(env));
    expect(error.code).toBe('profile-config-invalid');
    expect(error.message).toContain('line 3');
    expect(error.message).not.toContain(SECRET);
  });

  it('a __proto__ profile (which makes the SDK drop the whole file) is profile-config-invalid', async () => {
    await writeAws('[profile dev]\nregion = us-east-1\n[profile __proto__]\nregion = us-east-1\n');
    const error = await easelErrorOf(listProfiles(env));
    expect(error.code).toBe('profile-config-invalid');
    expect(error.message).toContain('__proto__');
  });
});

describe('SSO', () => {
  const ssoConfig = `[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1
`;

  it('lists sso-session and legacy profiles with their start URLs', async () => {
    await writeAws(ssoConfig);
    const profiles = await listProfiles(env);
    expect(profiles.map((p) => [p.name, p.kind, p.ssoSession, p.ssoStartUrl, p.problems])).toEqual([
      ['legacy', 'sso', undefined, 'https://legacy.awsapps.com/start', []],
      ['sso-dev', 'sso', 'corp', 'https://corp.awsapps.com/start', []],
    ]);
  });

  it('an expired cached token (no refresh token) is sso-token-expired with the login command', async () => {
    await writeAws(ssoConfig);
    await writeFile(
      ssoTokenCachePath('corp', env),
      JSON.stringify({
        startUrl: 'https://corp.awsapps.com/start',
        region: 'us-east-1',
        accessToken: 'expired-token',
        expiresAt: '2020-01-01T00:00:00Z',
      }),
    );
    const error = await easelErrorOf(credentialsFor('sso-dev', env)());
    expect(error.code).toBe('sso-token-expired');
    expect(error.message).toContain('has expired');
    expect(error.message).toContain('aws sso login --profile sso-dev');
  });

  it('the cache file name is the SHA-1 of the session name (legacy: of the start URL)', () => {
    // Values from `printf corp | sha1sum` and `printf https://legacy.awsapps.com/start | sha1sum`.
    expect(ssoTokenCachePath('corp', env)).toBe(
      join(home, '.aws', 'sso', 'cache', 'ee0bfd2552fbd840c02cc48b6e823320543c450f.json'),
    );
    expect(ssoTokenCachePath('https://legacy.awsapps.com/start', env)).toBe(
      join(home, '.aws', 'sso', 'cache', '79e435d7a515078e81c9dffc35f38d5687ebd3a7.json'),
    );
  });

  it('a legacy profile with an expired token, and one never logged in, both ask for aws sso login', async () => {
    await writeAws(ssoConfig);
    const missing = await easelErrorOf(credentialsFor('legacy', env)());
    expect(missing.code).toBe('sso-token-expired');
    expect(missing.message).toContain('no SSO sign-in yet');
    expect(missing.message).toContain('aws sso login --profile legacy');
    await writeFile(
      ssoTokenCachePath('https://legacy.awsapps.com/start', env),
      JSON.stringify({ accessToken: 't', expiresAt: '2021-06-01T00:00:00Z' }),
    );
    const expired = await easelErrorOf(credentialsFor('legacy', env)());
    expect(expired.code).toBe('sso-token-expired');
    expect(expired.message).toContain('has expired');
  });

  it("the SDK's own SSO failures map to sso-token-expired, without any network call", async () => {
    // fromIni does not hand its file paths to fromSSO, and the token cache is found through
    // process.env.HOME, so this test (only) points process.env at the temp home.
    let requests = 0;
    const recorder = createServer((_request, response) => {
      requests += 1;
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    vi.stubEnv('HOME', home);
    vi.stubEnv('AWS_CONFIG_FILE', join(home, '.aws', 'config'));
    try {
      await writeAws(ssoConfig);
      const sdk = (profile: string) =>
        fromIni({
          profile,
          configFilepath: join(home, '.aws', 'config'),
          filepath: join(home, '.aws', 'credentials'),
          ignoreCache: true,
          clientConfig: { endpoint },
        })();
      const messages: string[] = [];
      for (const [profile, cacheKey] of [
        ['sso-dev', 'corp'],
        ['legacy', 'https://legacy.awsapps.com/start'],
      ] as const) {
        const missing = await sdk(profile).then(
          () => undefined,
          (error: unknown) => error,
        );
        messages.push((missing as Error).message);
        expect(mapCredentialError(missing, profile).code).toBe('sso-token-expired');
        await writeFile(
          ssoTokenCachePath(cacheKey, env),
          JSON.stringify({ accessToken: 'old', expiresAt: '2020-01-01T00:00:00Z' }),
        );
        const expired = await sdk(profile).then(
          () => undefined,
          (error: unknown) => error,
        );
        messages.push((expired as Error).message);
        const mapped = mapCredentialError(expired, profile);
        expect(mapped.code).toBe('sso-token-expired');
        expect(mapped.message).toContain(`aws sso login --profile ${profile}`);
      }
      expect(messages.length).toBe(4);
      expect(requests).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      await new Promise<void>((resolve) => recorder.close(() => resolve()));
    }
  });
});

describe('assume-role chains (fake STS)', () => {
  let sts: FakeSts;
  beforeEach(async () => {
    sts = await startFakeSts({ denyRoles: ['arn:aws:iam::123456789012:role/Forbidden'] });
  });
  afterEach(async () => {
    await sts.close();
  });

  const roleConfig = `[profile base]
region = us-east-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
role_session_name = easel-test
region = us-east-1

[profile deeper]
role_arn = arn:aws:iam::123456789012:role/Deeper
source_profile = admin
region = us-east-1

[profile forbidden]
role_arn = arn:aws:iam::123456789012:role/Forbidden
source_profile = base
region = us-east-1

[profile dangling]
role_arn = arn:aws:iam::123456789012:role/Dangling
source_profile = nowhere
region = us-east-1
`;
  const roleCredentials = `[base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`;

  it('lists role profiles with their role and source, and flags a missing source_profile', async () => {
    await writeAws(roleConfig, roleCredentials);
    const profiles = await listProfiles(env);
    const admin = profiles.find((p) => p.name === 'admin');
    expect(admin).toMatchObject({
      kind: 'assume-role',
      roleArn: 'arn:aws:iam::123456789012:role/Admin',
      sourceProfile: 'base',
      problems: [],
    });
    expect(profiles.find((p) => p.name === 'dangling')?.problems).toContain('source_profile "nowhere" does not exist');
  });

  it('source_profile -> role: STS AssumeRole signed with the source keys, temporary credentials returned', async () => {
    await writeAws(roleConfig, roleCredentials);
    const credentials = await credentialsFor('admin', { ...env, AWS_ENDPOINT_URL_STS: sts.url })();
    const expected = sts.credentialsFor('arn:aws:iam::123456789012:role/Admin');
    expect(credentials).toMatchObject(expected);
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(sts.calls).toEqual([
      {
        roleArn: 'arn:aws:iam::123456789012:role/Admin',
        roleSessionName: 'easel-test',
        durationSeconds: 3600,
        externalId: undefined,
        signedWithAccessKeyId: KEY_ID,
      },
    ]);
  });

  it('a two-step chain assumes both roles, the second signed with the first role credentials', async () => {
    await writeAws(roleConfig, roleCredentials);
    const credentials = await credentialsFor('deeper', { ...env, AWS_ENDPOINT_URL_STS: sts.url })();
    expect(credentials.accessKeyId).toBe(sts.credentialsFor('arn:aws:iam::123456789012:role/Deeper').accessKeyId);
    expect(sts.calls.map((c) => [c.roleArn, c.signedWithAccessKeyId])).toEqual([
      ['arn:aws:iam::123456789012:role/Admin', KEY_ID],
      ['arn:aws:iam::123456789012:role/Deeper', sts.credentialsFor('arn:aws:iam::123456789012:role/Admin').accessKeyId],
    ]);
  });

  it('STS AccessDenied becomes credentials-rejected', async () => {
    await writeAws(roleConfig, roleCredentials);
    const error = await easelErrorOf(credentialsFor('forbidden', { ...env, AWS_ENDPOINT_URL_STS: sts.url })());
    expect(error.code).toBe('credentials-rejected');
    expect(error.message).toContain('sts:AssumeRole');
    expect(error.message).toContain('"forbidden"');
  });

  it('a source_profile cycle is profile-config-invalid, before any STS call', async () => {
    await writeAws(
      '[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n',
    );
    const error = await easelErrorOf(credentialsFor('a', { ...env, AWS_ENDPOINT_URL_STS: sts.url })());
    expect(error.code).toBe('profile-config-invalid');
    expect(error.message).toContain('cycle');
    expect(sts.calls).toEqual([]);
  });

  it('an unreachable STS is a retryable network error', async () => {
    await writeAws(roleConfig, roleCredentials);
    const closed = await startFakeSts();
    await closed.close();
    const error = await easelErrorOf(credentialsFor('admin', { ...env, AWS_ENDPOINT_URL_STS: closed.url })());
    expect(error.code).toBe('network');
    expect(error.retryable).toBe(true);
  });
});

describe('credential_process', () => {
  async function script(name: string, body: string): Promise<string> {
    const path = join(home, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('runs the process and uses its Version 1 JSON', async () => {
    const ok = await script(
      'ok.sh',
      `echo '{"Version": 1, "AccessKeyId": "${KEY_ID}", "SecretAccessKey": "${SECRET}", "SessionToken": "tok", "Expiration": "2099-01-01T00:00:00Z"}'`,
    );
    await writeAws(`[profile proc]\ncredential_process = ${ok}\nregion = us-east-1\n`);
    const [info] = await listProfiles(env);
    expect(info?.kind).toBe('credential-process');
    const credentials = await credentialsFor('proc', env)();
    expect(credentials).toMatchObject({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: 'tok' });
    expect(credentials.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
  });

  it('a failing process is credential-process-failed with its stderr, secrets redacted', async () => {
    const bad = await script(
      'bad.sh',
      `echo "vault refused key ${KEY_ID} with secret_access_key=${SECRET}" >&2\nexit 1`,
    );
    await writeAws(`[profile proc]\ncredential_process = ${bad}\nregion = us-east-1\n`);
    const error = await easelErrorOf(credentialsFor('proc', env)());
    expect(error.code).toBe('credential-process-failed');
    expect(error.message).toContain('vault refused key');
    expect(error.message).toContain('"proc"');
    expect(error.message).not.toContain(KEY_ID);
    expect(error.message).not.toContain(SECRET);
  });

  it('output that is not Version 1 JSON is credential-process-failed too', async () => {
    const garbage = await script('garbage.sh', 'echo not-json');
    await writeAws(`[profile proc]\ncredential_process = ${garbage}\nregion = us-east-1\n`);
    const error = await easelErrorOf(credentialsFor('proc', env)());
    expect(error.code).toBe('credential-process-failed');
    expect(error.message).toContain('invalid JSON');
  });
});

describe('web identity and other kinds', () => {
  it('lists web identity, credential_source and endpoint_url profiles', async () => {
    await writeAws(`[profile ci]
role_arn = arn:aws:iam::123456789012:role/CI
web_identity_token_file = /var/run/token
region = us-east-2

[profile ec2]
role_arn = arn:aws:iam::123456789012:role/Box
credential_source = Ec2InstanceMetadata
region = us-east-2
endpoint_url = http://127.0.0.1:4566

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Mfa
source_profile = ci
mfa_serial = arn:aws:iam::123456789012:mfa/me
region = us-east-2
`);
    const profiles = await listProfiles(env);
    expect(profiles.map((p) => [p.name, p.kind, p.roleArn])).toEqual([
      ['ci', 'web-identity', 'arn:aws:iam::123456789012:role/CI'],
      ['ec2', 'assume-role', 'arn:aws:iam::123456789012:role/Box'],
      ['mfa', 'assume-role', 'arn:aws:iam::123456789012:role/Mfa'],
    ]);
    expect(profiles.find((p) => p.name === 'ec2')?.endpointUrl).toBe('http://127.0.0.1:4566');
    expect(profiles.find((p) => p.name === 'mfa')?.problems.join(' ')).toContain('MFA');
    const error = await easelErrorOf(credentialsFor('mfa', env)());
    expect(error.code).toBe('credentials-missing');
    expect(error.message).toContain('MFA');
  });
});

describe('credentialsRejected', () => {
  it('builds an actionable message naming the profile', () => {
    const error = credentialsRejected('dev', `key ${KEY_ID} unknown`);
    expect(error.code).toBe('credentials-rejected');
    expect(error.message).toContain('aws sts get-caller-identity --profile dev');
    expect(error.message).not.toContain(KEY_ID);
  });
});

describe('inside a real SDK client', () => {
  it('signs requests with the profile keys, and an SSO failure reaches the caller as the typed error', async () => {
    const authorizations: string[] = [];
    const server = createServer((request, response) => {
      authorizations.push(request.headers.authorization ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"modelSummaries":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await writeAws(
        `${staticSetup.config}\n[profile sso-only]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n`,
        staticSetup.credentials,
      );
      const client = new BedrockClient({
        region: await resolveRegion('dev', undefined, env),
        endpoint,
        credentials: credentialsFor('dev', env),
      });
      await client.send(new ListFoundationModelsCommand({}));
      expect(authorizations[0]).toContain(`Credential=${KEY_ID_2}/`);
      expect(authorizations[0]).toContain('/us-west-2/bedrock/aws4_request');

      const ssoClient = new BedrockClient({
        region: 'us-east-1',
        endpoint,
        credentials: credentialsFor('sso-only', env),
      });
      const error = await easelErrorOf(ssoClient.send(new ListFoundationModelsCommand({})));
      expect(error.code).toBe('sso-token-expired');
      expect(authorizations.length).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
