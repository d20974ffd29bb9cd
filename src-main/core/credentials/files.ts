// Where the shared AWS files are (from the env passed in, never a hidden process.env read), whether
// they exist, and whether they are well-formed. Parsing itself is the SDK's loadSharedConfigFiles,
// so Easel sees exactly the profiles the AWS SDK sees.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { EaselError } from '../../../src-shared/errors.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';

export interface AwsEnv {
  [k: string]: string | undefined;
}

export type IniSection = Record<string, string | undefined>;

export interface AwsFiles {
  configPath: string;
  credentialsPath: string;
  configExists: boolean;
  credentialsExists: boolean;
  /** Profiles of the config file, names without the `profile ` prefix (as the SDK keys them). */
  configProfiles: Record<string, IniSection>;
  credentialsProfiles: Record<string, IniSection>;
  /** `[sso-session NAME]` sections, by NAME. */
  ssoSessions: Record<string, IniSection>;
  /** `[services NAME]` sections, by NAME. */
  services: Record<string, IniSection>;
  /** Config-file sections like `[dev]` that AWS tools ignore (they need `[profile dev]`). */
  ignoredConfigSections: string[];
}

export function homeDir(env: AwsEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`;
  return homedir();
}

function expandHome(path: string, env: AwsEnv): string {
  return path.startsWith('~/') ? join(homeDir(env), path.slice(2)) : path;
}

export function configFilePath(env: AwsEnv): string {
  return expandHome(env.AWS_CONFIG_FILE || join(homeDir(env), '.aws', 'config'), env);
}

export function credentialsFilePath(env: AwsEnv): string {
  return expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir(env), '.aws', 'credentials'), env);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new EaselError('profile-config-invalid', redactSecrets(`Cannot read ${path}: ${(error as Error).message}`), {
      cause: error,
    });
  }
}

// The SDK's INI parser silently skips lines it does not understand, so a typo can make a profile
// vanish or lose its keys. This lint finds those lines first and names them.
export function findIniProblems(text: string): { line: number; problem: string }[] {
  const problems: { line: number; problem: string }[] = [];
  let inSection = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? '';
    const indented = raw.length > 0 && raw.trimStart() !== raw;
    if (line === '') return;
    if (line.startsWith('[')) {
      if (!line.endsWith(']') || line.length < 3)
        problems.push({ line: index + 1, problem: 'a section header must look like [name] or [profile name]' });
      else if (line.slice(1, -1).trim() !== line.slice(1, -1))
        problems.push({ line: index + 1, problem: 'a section name must not start or end with spaces' });
      // The SDK's parser throws on these and its loader then ignores the whole file.
      else if (/^(profile\s+)?__proto__$/.test(line.slice(1, -1)))
        problems.push({ line: index + 1, problem: `${line} is not an allowed profile name` });
      inSection = true;
      return;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      // Indented lines continue a nested block (`s3 =` then `  max_concurrent_requests = 10`) or a value.
      if (indented && inSection) return;
      problems.push({
        line: index + 1,
        problem: equals === 0 ? 'a setting has no name before "="' : 'expected "name = value"',
      });
      return;
    }
    if (!inSection) {
      problems.push({ line: index + 1, problem: 'a setting appears before any [section] header' });
      return;
    }
  });
  return problems;
}

function assertWellFormed(path: string, text: string | undefined): void {
  if (text === undefined) return;
  const problems = findIniProblems(text);
  const first = problems[0];
  if (first === undefined) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new EaselError(
    'profile-config-invalid',
    redactSecrets(
      `${path} line ${first.line}: ${first.problem}${more}. Fix the file (or run \`aws configure\` to rewrite it) and try again.`,
    ),
  );
}

function configSectionNames(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*\[([^\]]+)\]/.exec(raw);
    if (match?.[1] !== undefined) names.push(match[1].trim());
  }
  return names;
}

/** Reads, checks and parses both shared files. Throws 'profile-config-invalid' on a malformed file. */
export async function loadAwsFiles(env: AwsEnv): Promise<AwsFiles> {
  const configPath = configFilePath(env);
  const credentialsPath = credentialsFilePath(env);
  const [configText, credentialsText] = await Promise.all([readIfPresent(configPath), readIfPresent(credentialsPath)]);
  assertWellFormed(configPath, configText);
  assertWellFormed(credentialsPath, credentialsText);

  let parsed: Awaited<ReturnType<typeof loadSharedConfigFiles>>;
  try {
    parsed = await loadSharedConfigFiles({ filepath: credentialsPath, configFilepath: configPath, ignoreCache: true });
  } catch (error) {
    throw new EaselError(
      'profile-config-invalid',
      redactSecrets(`Cannot parse the AWS configuration: ${(error as Error).message}`),
      { cause: error },
    );
  }

  const configProfiles: Record<string, IniSection> = {};
  const ssoSessions: Record<string, IniSection> = {};
  const services: Record<string, IniSection> = {};
  for (const [key, section] of Object.entries(parsed.configFile)) {
    if (key.startsWith('sso-session.')) ssoSessions[key.slice('sso-session.'.length)] = section;
    else if (key.startsWith('services.')) services[key.slice('services.'.length)] = section;
    else configProfiles[key] = section;
  }
  const ignoredConfigSections = configSectionNames(configText).filter(
    (name) => name !== 'default' && !/^(profile|sso-session|services)\s/.test(name),
  );
  return {
    configPath,
    credentialsPath,
    configExists: configText !== undefined,
    credentialsExists: credentialsText !== undefined,
    configProfiles,
    credentialsProfiles: { ...parsed.credentialsFile },
    ssoSessions,
    services,
    ignoredConfigSections,
  };
}

/** Config and credentials merged the way the SDK merges them (credentials file wins per key). */
export function mergedProfiles(files: AwsFiles): Record<string, IniSection> {
  const merged: Record<string, IniSection> = {};
  for (const source of [files.configProfiles, files.credentialsProfiles]) {
    for (const [name, section] of Object.entries(source)) merged[name] = { ...merged[name], ...section };
  }
  return merged;
}
