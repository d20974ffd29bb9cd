// Every credential failure becomes one typed EaselError with a message that says what to do next.
// The SDK's provider errors carry no codes, only messages, so the mapping below matches on the
// message texts of @aws-sdk/credential-provider-* (checked against the installed versions in tests).
import { EaselError } from '../../../src-shared/errors.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';

function easel(
  code: EaselError['code'],
  message: string,
  options: { cause?: unknown; retryable?: boolean } = {},
): EaselError {
  return new EaselError(code, redactSecrets(message), { field: 'profile', ...options });
}

export function noAwsConfig(configPath: string, credentialsPath: string): EaselError {
  return easel(
    'no-aws-config',
    `No AWS configuration found (looked for ${configPath} and ${credentialsPath}, and AWS_ACCESS_KEY_ID in the environment). ` +
      'Run `aws configure` (access keys) or `aws configure sso` (IAM Identity Center), or try the demo mode, which needs no AWS account.',
  );
}

export function unknownProfile(profile: string, available?: string[]): EaselError {
  const list =
    available === undefined
      ? ''
      : available.length > 0
        ? `Available profiles: ${available.join(', ')}.`
        : 'No profiles are configured.';
  return easel(
    'unknown-profile',
    `There is no AWS profile named "${profile}".${list ? ` ${list}` : ''} Create it with \`aws configure --profile ${profile}\` or choose another one.`,
  );
}

export function ssoTokenExpired(profile: string, detail: 'expired' | 'missing', cause?: unknown): EaselError {
  const what = detail === 'expired' ? 'The SSO sign-in for' : 'There is no SSO sign-in yet for';
  const tail = detail === 'expired' ? ' has expired' : '';
  return easel(
    'sso-token-expired',
    `${what} profile "${profile}"${tail}. Run \`aws sso login --profile ${profile}\` and try again.`,
    { cause },
  );
}

export function credentialsMissing(profile: string, reason: string, cause?: unknown): EaselError {
  return easel('credentials-missing', `Profile "${profile}" has no usable credentials: ${reason}`, { cause });
}

/** For the Bedrock client: AWS answered 403 UnrecognizedClientException / InvalidSignatureException / ExpiredToken. */
export function credentialsRejected(profile: string, detail?: string): EaselError {
  const why = detail ? ` (${detail})` : '';
  return easel(
    'credentials-rejected',
    `AWS rejected the credentials of profile "${profile}"${why}: the access key is unknown, disabled or expired, or its secret is wrong. ` +
      `Check with \`aws sts get-caller-identity --profile ${profile}\`; replace the keys with \`aws configure --profile ${profile}\`, ` +
      `or for SSO run \`aws sso login --profile ${profile}\`.`,
  );
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}

function nameOf(error: unknown): string {
  if (error instanceof Error) return error.name;
  return '';
}

const STS_REJECTIONS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidIdentityToken',
  'InvalidIdentityTokenException',
  'IDPRejectedClaim',
  'IDPRejectedClaimException',
  'UnauthorizedException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function mapCredentialError(error: unknown, profile: string): EaselError {
  if (error instanceof EaselError) {
    const clean = redactSecrets(error.message);
    return clean === error.message
      ? error
      : new EaselError(error.code, clean, {
          field: error.field ?? 'profile',
          retryable: error.retryable,
          cause: error,
        });
  }
  const message = messageOf(error);
  const name = nameOf(error);
  const code = (error as { code?: unknown } | null)?.code;

  const fromMessage = mapProviderMessage(message, profile, error);
  if (fromMessage) return fromMessage;
  if (STS_REJECTIONS.has(name) || /not authorized to perform: sts:AssumeRole/.test(message)) {
    return easel(
      'credentials-rejected',
      `AWS refused the credentials for profile "${profile}" (${name || 'rejected'}): ${message}. Check the role's trust policy and the source profile's keys.`,
      { cause: error },
    );
  }
  if (
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    name === 'TimeoutError' ||
    /ECONNREFUSED|ENOTFOUND|getaddrinfo|socket hang up/.test(message)
  ) {
    return easel(
      'network',
      `Could not reach AWS to get credentials for profile "${profile}": ${message}. Check the network connection and try again.`,
      { cause: error, retryable: true },
    );
  }
  return credentialsMissing(profile, `${message}`, error);
}

/** The credential providers' own failures, recognised by their messages (process, SSO, config). */
function mapProviderMessage(message: string, profile: string, error: unknown): EaselError | undefined {
  // credential_process: Node's exec error reads "Command failed: CMD\nSTDERR"; the provider's own
  // checks read "Profile X credential_process returned invalid JSON / did not return Version 1 / ...".
  if (/credential_process|^Command failed:/.test(message)) {
    const detail = message.replace(/^Command failed: [^\n]*\n?/, '').trim() || message;
    return easel('credential-process-failed', `The credential_process of profile "${profile}" failed: ${detail}`, {
      cause: error,
    });
  }
  // SSO: "The SSO session associated with this profile has expired / is invalid", "Token is expired",
  // "The SSO session token associated with profile=X was not found or is invalid", "Value not present for 'accessToken' in SSO Token".
  if (/SSO session associated with this profile has expired|Token is expired|Cannot refresh/i.test(message))
    return ssoTokenExpired(profile, 'expired', error);
  if (
    /SSO session (token )?associated with (this )?profile.*(invalid|not found)|in SSO Token|aws sso login/i.test(
      message,
    )
  )
    return ssoTokenExpired(profile, 'missing', error);
  if (
    /Profile \S+ was not found|could not be found in shared credentials file|Sso session '.*' could not be found/.test(
      message,
    )
  ) {
    if (/Sso session/.test(message))
      return easel(
        'profile-config-invalid',
        `Profile "${profile}": ${message}. Run \`aws configure sso --profile ${profile}\`.`,
        { cause: error },
      );
    return unknownProfile(profile);
  }
  if (/Could not resolve credentials using profile/.test(message)) {
    return credentialsMissing(
      profile,
      'it has no access keys, SSO settings, role or credential_process. Run `aws configure --profile ' +
        profile +
        '` or `aws configure sso --profile ' +
        profile +
        '`.',
      error,
    );
  }
  if (/requires multi-factor authentication/.test(message)) {
    return credentialsMissing(
      profile,
      'it needs an MFA code (mfa_serial), which Easel cannot ask for. Use an SSO profile or a credential_process instead.',
      error,
    );
  }
  if (
    /Found invalid profile name|Unsupported credential source|Detected a cycle|invalid SSO credentials|missing required property|Conflicting SSO|services section/.test(
      message,
    )
  ) {
    return easel('profile-config-invalid', `The AWS configuration of profile "${profile}" is invalid: ${message}`, {
      cause: error,
    });
  }
  return undefined;
}
