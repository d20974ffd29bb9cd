// Credential resolution: fromIni for named profiles (so every profile kind the AWS SDK supports
// works), the environment keys for the '(environment)' pseudo-profile, and a few checks of our own
// first so the common failures get precise, actionable messages without a network call.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { EaselError } from '../../../src-shared/errors.ts';
import { credentialsMissing, mapCredentialError, noAwsConfig, ssoTokenExpired, unknownProfile } from './errors.ts';
import { type AwsEnv, type AwsFiles, type IniSection, homeDir, loadAwsFiles, mergedProfiles } from './files.ts';
import {
  ENVIRONMENT_PROFILE,
  classifyProfile,
  defaultProfileName,
  hasEnvironmentKeys,
  hasNoAwsSetup,
  usesEnvironmentByDefault,
} from './profiles.ts';

function environmentCredentials(env: AwsEnv): AwsCredentialIdentity {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw credentialsMissing(
      ENVIRONMENT_PROFILE,
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set in the environment.',
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
  };
}

/** The SDK's SSO token cache file: ~/.aws/sso/cache/<sha1 of the sso-session name, or of the legacy start URL>.json */
export function ssoTokenCachePath(cacheKey: string, env: AwsEnv): string {
  return join(homeDir(env), '.aws', 'sso', 'cache', `${createHash('sha1').update(cacheKey).digest('hex')}.json`);
}

/**
 * Checks the cached SSO token before the SDK does. The SDK would say the same thing less clearly, and
 * it looks under process.env.HOME, not the env passed in. An expired sso-session token that carries a
 * refresh token is left to the SDK, which refreshes it through SSO-OIDC.
 */
async function checkSsoToken(profile: string, section: IniSection, env: AwsEnv, now: number): Promise<void> {
  const sessionName = section.sso_session;
  const cacheKey = sessionName ?? section.sso_start_url;
  if (!cacheKey) return;
  let token: {
    accessToken?: unknown;
    expiresAt?: unknown;
    refreshToken?: unknown;
    clientId?: unknown;
    clientSecret?: unknown;
  };
  try {
    token = JSON.parse(await readFile(ssoTokenCachePath(cacheKey, env), 'utf8')) as typeof token;
  } catch (error) {
    throw ssoTokenExpired(profile, 'missing', error);
  }
  if (typeof token.accessToken !== 'string' || typeof token.expiresAt !== 'string')
    throw ssoTokenExpired(profile, 'missing');
  const expiresAt = new Date(token.expiresAt).getTime();
  if (Number.isNaN(expiresAt)) throw ssoTokenExpired(profile, 'missing');
  if (expiresAt > now) return;
  const refreshable =
    sessionName !== undefined &&
    [token.refreshToken, token.clientId, token.clientSecret].every((v) => typeof v === 'string' && v !== '');
  if (!refreshable) throw ssoTokenExpired(profile, 'expired');
}

/** The profiles fromIni will visit: the profile, then its source_profile chain. */
function profileChain(name: string, profiles: Record<string, IniSection>): { name: string; section: IniSection }[] {
  const chain: { name: string; section: IniSection }[] = [];
  const seen = new Set<string>();
  let current: string | undefined = name;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const section: IniSection | undefined = profiles[current];
    if (section === undefined) break;
    chain.push({ name: current, section });
    current = section.role_arn ? section.source_profile : undefined;
  }
  return chain;
}

function assertKnownProfile(name: string, files: AwsFiles, env: AwsEnv): void {
  const profiles = mergedProfiles(files);
  if (profiles[name] !== undefined) return;
  if (hasNoAwsSetup(files, env)) throw noAwsConfig(files.configPath, files.credentialsPath);
  if (files.ignoredConfigSections.includes(name)) {
    throw new EaselError(
      'profile-config-invalid',
      `AWS tools ignore the section [${name}] in ${files.configPath}: rename it to [profile ${name}].`,
      { field: 'profile' },
    );
  }
  const available = Object.keys(profiles).sort();
  if (hasEnvironmentKeys(env)) available.push(ENVIRONMENT_PROFILE);
  throw unknownProfile(name, available);
}

async function resolve(
  profile: string | undefined,
  env: AwsEnv,
  identityProperties: Record<string, unknown> | undefined,
): Promise<AwsCredentialIdentity> {
  if (profile === ENVIRONMENT_PROFILE) return environmentCredentials(env);
  const files = await loadAwsFiles(env);
  if (profile === undefined && usesEnvironmentByDefault(files, env)) return environmentCredentials(env);
  const name = profile ?? defaultProfileName(env);
  assertKnownProfile(name, files, env);

  const chain = profileChain(name, mergedProfiles(files));
  const now = Date.now();
  for (const link of chain) {
    // fromIni would throw for mfa_serial only after starting the source profile's resolution, which
    // then rejects unhandled if it fails too; nothing here can prompt for a code anyway.
    if (link.section.mfa_serial) {
      throw credentialsMissing(
        link.name,
        'it needs an MFA code (mfa_serial), which Easel cannot ask for. Use an SSO profile or a credential_process instead.',
      );
    }
    if (classifyProfile(link.section) === 'sso') await checkSsoToken(link.name, link.section, env, now);
  }
  // fromIni reads AWS_ENDPOINT_URL_STS from process.env only; carry the one from the env argument.
  // Not when an SSO profile is in the chain: fromIni hands the same clientConfig to the SSO client.
  const stsEndpoint = env.AWS_ENDPOINT_URL_STS;
  const ssoInChain = chain.some((link) => classifyProfile(link.section) === 'sso');
  const provider = fromIni({
    profile: name,
    filepath: files.credentialsPath,
    configFilepath: files.configPath,
    ignoreCache: true,
    ...(stsEndpoint && !ssoInChain ? { clientConfig: { endpoint: stsEndpoint } } : {}),
  });
  return provider(identityProperties as Parameters<typeof provider>[0]);
}

/** How long resolving a profile's credentials may take (a credential_process, an SSO refresh, STS). */
export const CREDENTIALS_TIMEOUT_MS = 60_000;

export interface CredentialsOptions {
  /** Default CREDENTIALS_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * A credential provider for the AWS SDK clients. `profile` undefined means AWS_PROFILE or `default`
 * (or the environment keys when neither exists); '(environment)' means the AWS_* keys of `env`.
 * Files are re-read on every call (the SDK client memoises the result until it expires). A
 * resolution that takes longer than the timeout (a credential_process waiting for input, an SSO or
 * STS endpoint that never answers) fails with a message naming the profile and the step.
 */
export function credentialsFor(
  profile: string | undefined,
  env: AwsEnv = process.env,
  options: CredentialsOptions = {},
): AwsCredentialIdentityProvider {
  const timeoutMs = options.timeoutMs ?? CREDENTIALS_TIMEOUT_MS;
  return async (identityProperties?: Record<string, unknown>) => {
    const name = profile ?? defaultProfileName(env);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void slowStep(profile, env).then((step) => reject(credentialsTimedOut(name, step, timeoutMs)));
      }, timeoutMs);
    });
    try {
      return await Promise.race([resolve(profile, env, identityProperties), timedOut]);
    } catch (error) {
      throw mapCredentialError(error, name);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** What resolving this profile waits on, for the timeout message ("its credential_process …"). */
async function slowStep(profile: string | undefined, env: AwsEnv): Promise<string> {
  if (profile === ENVIRONMENT_PROFILE) return 'reading the environment';
  try {
    const files = await loadAwsFiles(env);
    const chain = profileChain(profile ?? defaultProfileName(env), mergedProfiles(files));
    const base = chain.at(-1)?.section;
    const steps: string[] = [];
    if (base?.credential_process) steps.push(`its credential_process (${base.credential_process.split(/\s+/)[0]})`);
    else if (base !== undefined && classifyProfile(base) === 'sso') steps.push('refreshing its SSO session');
    else if (base?.web_identity_token_file) steps.push('exchanging its web identity token with STS');
    if (chain.some((link) => link.section.role_arn)) steps.push('assuming its role with STS');
    return steps.length === 0 ? 'resolving its credentials' : steps.join(', then ');
  } catch {
    return 'resolving its credentials';
  }
}

function credentialsTimedOut(profile: string, step: string, timeoutMs: number): EaselError {
  return new EaselError(
    'credentials-missing',
    `Getting credentials for profile "${profile}" took longer than ${Math.round(timeoutMs / 1000)} s (${step} did not finish). ` +
      `Check that it works in a terminal (\`aws sts get-caller-identity --profile ${profile}\`): a command waiting for input or a network that does not answer would hang the same way. Nothing was sent to Bedrock.`,
    { field: 'profile' },
  );
}
