// The list of AWS profiles the way the AWS SDK sees them, with what kind each is and what is wrong
// with it, in plain words. No secret ever leaves this file: only names, regions, URLs and ARNs (and a
// Bedrock API key masked as `ABSK…1234`).
import { apiKeyFormatProblem, maskApiKey } from '../../../src-shared/bedrock-api-key.ts';
import { EaselError } from '../../../src-shared/errors.ts';
import { API_KEY_PROFILE, environmentApiKey, shortTermKeyRegion, usesApiKey } from './api-key.ts';
import type { BedrockApiKey } from './api-key.ts';
import { noAwsConfig } from './errors.ts';
import { type AwsEnv, type AwsFiles, type IniSection, loadAwsFiles, mergedProfiles } from './files.ts';

export type ProfileKind =
  'static' | 'sso' | 'assume-role' | 'credential-process' | 'web-identity' | 'environment' | 'api-key' | 'unknown';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
  sources: ('config' | 'credentials' | 'env' | 'settings')[];
  /** The profile AWS_PROFILE (or 'default', or a Bedrock API key) selects. */
  isDefault: boolean;
  ssoSession?: string;
  ssoStartUrl?: string;
  roleArn?: string;
  sourceProfile?: string;
  endpointUrl?: string;
  /** The Bedrock API key's pseudo-profile only: `ABSK…1234`, never more of the key. */
  maskedKey?: string;
  /** Human text, never secrets. */
  problems: string[];
}

/** The pseudo-profile standing for AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY in the environment. */
export const ENVIRONMENT_PROFILE = '(environment)';

export function defaultProfileName(env: AwsEnv = process.env): string {
  return env.AWS_PROFILE || 'default';
}

export function hasEnvironmentKeys(env: AwsEnv): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
}

function str(section: IniSection, key: string): string | undefined {
  const value = section[key];
  return value === undefined || value === '' ? undefined : value;
}

/** The same precedence as fromIni's resolveProfileData, so the kind shown is the path the SDK takes. */
export function classifyProfile(section: IniSection): ProfileKind {
  const roleArn = str(section, 'role_arn');
  const sourceProfile = str(section, 'source_profile');
  const credentialSource = str(section, 'credential_source');
  if (roleArn && (sourceProfile !== undefined) !== (credentialSource !== undefined)) return 'assume-role';
  if (str(section, 'aws_access_key_id') && str(section, 'aws_secret_access_key')) return 'static';
  if (roleArn && str(section, 'web_identity_token_file')) return 'web-identity';
  if (str(section, 'credential_process')) return 'credential-process';
  if (
    ['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some((key) => str(section, key))
  )
    return 'sso';
  return 'unknown';
}

function envRegion(env: AwsEnv): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

function describeProblems(
  name: string,
  section: IniSection,
  kind: ProfileKind,
  files: AwsFiles,
  profiles: Record<string, IniSection>,
  env: AwsEnv,
): string[] {
  const problems: string[] = [];
  if (!str(section, 'region') && !envRegion(env))
    problems.push(
      `no region: add "region = us-east-1" (or another) to [${name === 'default' ? 'default' : `profile ${name}`}] or set AWS_REGION`,
    );
  const keyId = str(section, 'aws_access_key_id');
  const secret = str(section, 'aws_secret_access_key');
  if (keyId && !secret) problems.push('aws_access_key_id is set but aws_secret_access_key is missing');
  if (secret && !keyId) problems.push('aws_secret_access_key is set but aws_access_key_id is missing');
  const roleArn = str(section, 'role_arn');
  const sourceProfile = str(section, 'source_profile');
  const credentialSource = str(section, 'credential_source');
  if (roleArn && sourceProfile && credentialSource)
    problems.push('role_arn with both source_profile and credential_source: keep only one');
  if (roleArn && !sourceProfile && !credentialSource && !str(section, 'web_identity_token_file'))
    problems.push('role_arn needs source_profile or credential_source');
  if (
    kind === 'assume-role' &&
    sourceProfile !== undefined &&
    sourceProfile !== name &&
    profiles[sourceProfile] === undefined
  ) {
    problems.push(`source_profile "${sourceProfile}" does not exist`);
  }
  if (str(section, 'mfa_serial'))
    problems.push(
      'needs an MFA code (mfa_serial), which Easel cannot ask for; use SSO or a credential_process instead',
    );
  if (kind === 'sso') {
    const sessionName = str(section, 'sso_session');
    if (sessionName !== undefined) {
      const session = files.ssoSessions[sessionName];
      if (session === undefined)
        problems.push(`sso_session "${sessionName}" has no [sso-session ${sessionName}] section`);
      else if (!str(session, 'sso_start_url') || !str(session, 'sso_region'))
        problems.push(`[sso-session ${sessionName}] needs sso_start_url and sso_region`);
    } else if (!str(section, 'sso_start_url') || !str(section, 'sso_region')) {
      problems.push('SSO profile needs sso_session (or sso_start_url and sso_region): run `aws configure sso`');
    }
    if (!str(section, 'sso_account_id') || !str(section, 'sso_role_name'))
      problems.push('SSO profile needs sso_account_id and sso_role_name: run `aws configure sso`');
  }
  if (name.startsWith('profile.') && files.credentialsProfiles[name] !== undefined) {
    problems.push(
      `in ${files.credentialsPath} sections have no "profile " prefix: write [${name.slice('profile.'.length)}]`,
    );
  }
  const servicesName = str(section, 'services');
  if (servicesName !== undefined && files.services[servicesName] === undefined)
    problems.push(`services "${servicesName}" has no [services ${servicesName}] section`);
  // `login_session` profiles (`aws login`) resolve through fromIni although they have no kind of their own.
  if (kind === 'unknown' && !keyId && !secret && !roleArn && !str(section, 'login_session')) {
    problems.push(
      'no credentials: add access keys (`aws configure`), SSO (`aws configure sso`), a role or a credential_process',
    );
  }
  return problems;
}

function ssoStartUrlOf(section: IniSection, files: AwsFiles): string | undefined {
  const sessionName = str(section, 'sso_session');
  if (sessionName !== undefined) return str(files.ssoSessions[sessionName] ?? {}, 'sso_start_url');
  return str(section, 'sso_start_url');
}

export function profileInfo(
  name: string,
  files: AwsFiles,
  env: AwsEnv,
  profiles: Record<string, IniSection> = mergedProfiles(files),
): ProfileInfo | undefined {
  const section = profiles[name];
  if (section === undefined) return undefined;
  const kind = classifyProfile(section);
  const sources: ProfileInfo['sources'] = [];
  if (files.configProfiles[name] !== undefined) sources.push('config');
  if (files.credentialsProfiles[name] !== undefined) sources.push('credentials');
  const info: ProfileInfo = {
    name,
    kind,
    sources,
    isDefault: name === defaultProfileName(env),
    problems: describeProblems(name, section, kind, files, profiles, env),
  };
  const optional: [keyof ProfileInfo, string | undefined][] = [
    ['region', str(section, 'region')],
    ['ssoSession', str(section, 'sso_session')],
    ['ssoStartUrl', kind === 'sso' ? ssoStartUrlOf(section, files) : undefined],
    ['roleArn', str(section, 'role_arn')],
    ['sourceProfile', str(section, 'source_profile')],
    ['endpointUrl', str(section, 'endpoint_url')],
  ];
  for (const [key, value] of optional) if (value !== undefined) Object.assign(info, { [key]: value });
  return info;
}

/** True when no profile and no env keys exist: nothing to sign requests with at all. */
export function hasNoAwsSetup(files: AwsFiles, env: AwsEnv): boolean {
  return Object.keys(mergedProfiles(files)).length === 0 && !hasEnvironmentKeys(env);
}

/**
 * Whether a call without a profile falls back to the environment keys: only when AWS_PROFILE is unset
 * and there is no `default` profile, so a configured default is never silently overridden.
 */
export function usesEnvironmentByDefault(files: AwsFiles, env: AwsEnv): boolean {
  return !env.AWS_PROFILE && hasEnvironmentKeys(env) && mergedProfiles(files).default === undefined;
}

export function environmentProfile(files: AwsFiles, env: AwsEnv): ProfileInfo {
  const info: ProfileInfo = {
    name: ENVIRONMENT_PROFILE,
    kind: 'environment',
    sources: ['env'],
    isDefault: usesEnvironmentByDefault(files, env),
    problems: [],
  };
  const region = envRegion(env) ?? str(mergedProfiles(files)[defaultProfileName(env)] ?? {}, 'region');
  if (region !== undefined) info.region = region;
  else info.problems.push('no region: set AWS_REGION');
  return info;
}

/** The Bedrock API key as a pseudo-profile: its source, the masked key, the region calls go to. */
export function apiKeyProfile(apiKey: BedrockApiKey, files: AwsFiles, env: AwsEnv): ProfileInfo {
  const info: ProfileInfo = {
    name: API_KEY_PROFILE,
    kind: 'api-key',
    sources: [apiKey.source === 'settings' ? 'settings' : 'env'],
    isDefault: usesApiKey(undefined, env, apiKey),
    maskedKey: maskApiKey(apiKey.key),
    problems: [],
  };
  const region = apiKeyRegion(apiKey, files, env);
  if (region !== undefined) info.region = region;
  else info.problems.push('no region: set AWS_REGION, or choose a region in Settings');
  const format = apiKeyFormatProblem(apiKey.key);
  if (format !== null) info.problems.push(format);
  return info;
}

/** A short-term key's own region, else AWS_REGION / AWS_DEFAULT_REGION, else the default profile's. */
function apiKeyRegion(apiKey: BedrockApiKey, files: AwsFiles, env: AwsEnv): string | undefined {
  return (
    shortTermKeyRegion(apiKey.key) ??
    envRegion(env) ??
    str(mergedProfiles(files)[defaultProfileName(env)] ?? {}, 'region')
  );
}

export interface ListProfilesOptions {
  /** The Bedrock API key to list (default: AWS_BEARER_TOKEN_BEDROCK of `env`); null: none. */
  apiKey?: BedrockApiKey | null;
}

export async function listProfiles(
  env: AwsEnv = process.env,
  options: ListProfilesOptions = {},
): Promise<ProfileInfo[]> {
  const files = await loadAwsFiles(env);
  const profiles = mergedProfiles(files);
  const list: ProfileInfo[] = [];
  for (const name of Object.keys(profiles).sort((a, b) =>
    a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b),
  )) {
    const info = profileInfo(name, files, env, profiles);
    if (info !== undefined) list.push(info);
  }
  for (const section of files.ignoredConfigSections) {
    if (profiles[section] !== undefined) continue;
    list.push({
      name: section,
      kind: 'unknown',
      sources: ['config'],
      isDefault: section === defaultProfileName(env),
      problems: [`AWS tools ignore [${section}] in ${files.configPath}: write it as [profile ${section}]`],
    });
  }
  if (hasEnvironmentKeys(env)) list.push(environmentProfile(files, env));
  const apiKey = options.apiKey === undefined ? environmentApiKey(env) : options.apiKey;
  if (apiKey !== null) {
    const keyInfo = apiKeyProfile(apiKey, files, env);
    // Only one source is the default: the key, when it is (AWS_PROFILE unset).
    if (keyInfo.isDefault) for (const info of list) info.isDefault = false;
    list.push(keyInfo);
  }
  return list;
}

/**
 * Region precedence: explicit > (a short-term API key's own region, when the key is used) >
 * AWS_REGION > AWS_DEFAULT_REGION > the profile's `region`.
 * @throws EaselError 'no-aws-config' when none is found and there is no AWS configuration at all
 * (no profile, no environment keys, no API key),
 * else 'no-region'.
 */
export async function resolveRegion(
  profile: string | undefined,
  explicitRegion: string | undefined,
  env: AwsEnv = process.env,
  apiKey: BedrockApiKey | null = environmentApiKey(env),
): Promise<string> {
  if (explicitRegion) return explicitRegion;
  const keyRegion = usesApiKey(profile, env, apiKey) ? shortTermKeyRegion(apiKey.key) : undefined;
  if (keyRegion !== undefined) return keyRegion;
  const fromEnv = envRegion(env);
  if (fromEnv !== undefined) return fromEnv;
  const files = await loadAwsFiles(env);
  const profiles = mergedProfiles(files);
  const pseudo = profile === ENVIRONMENT_PROFILE || profile === API_KEY_PROFILE;
  const name = profile === undefined || pseudo ? defaultProfileName(env) : profile;
  const region = str(profiles[name] ?? {}, 'region');
  if (region !== undefined) return region;
  // With no AWS configuration at all (no profile, no keys, no API key), the missing region is a
  // symptom: name the cause.
  if (apiKey === null && hasNoAwsSetup(files, env)) throw noAwsConfig(files.configPath, files.credentialsPath);
  const where =
    profile === ENVIRONMENT_PROFILE
      ? 'the environment credentials'
      : profile === API_KEY_PROFILE
        ? 'the Bedrock API key'
        : `profile "${name}"`;
  const fix = pseudo
    ? 'Set AWS_REGION (for example AWS_REGION=us-east-1)'
    : `Run \`aws configure set region us-east-1 --profile ${name}\` (or pick your region), set AWS_REGION`;
  throw new EaselError(
    'no-region',
    `No AWS region is set for ${where}. ${fix}, or choose a region in Easel's settings.`,
    { field: 'region' },
  );
}
