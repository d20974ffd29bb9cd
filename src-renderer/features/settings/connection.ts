// "Check connection": what models the profile can call in the region, and, when it fails, what to
// do about it in plain words (from the error code main sent).
import type { ErrorCode } from '../../../src-shared/errors.ts';

export interface Advice {
  title: string;
  steps: string[];
}

/** The profile that stands for a Bedrock API key (core/credentials' API_KEY_PROFILE). */
const API_KEY_PROFILE = '(Bedrock API key)';

export function adviceFor(code: ErrorCode | string, profile: string | null, region: string | null): Advice {
  if (profile === API_KEY_PROFILE && (code === 'credentials-rejected' || code === 'credentials-missing'))
    return {
      title: 'Bedrock did not accept the API key',
      steps: [
        'Make a new key in the Bedrock console (API keys) and paste it under Bedrock API key below, or choose a profile.',
      ],
    };
  const p = profile ?? 'default';
  const r = region ?? 'your region';
  switch (code) {
    case 'no-aws-config':
    case 'credentials-missing':
      return {
        title: 'No AWS credentials found',
        steps: [
          'Run `aws configure` and enter an access key, or',
          'set up single sign-on with `aws configure sso`, then `aws sso login`.',
          'Then choose the profile here and check again.',
        ],
      };
    case 'sso-token-expired':
      return {
        title: 'Your SSO session has expired',
        steps: [`Run \`aws sso login --profile ${p}\`, then check again.`],
      };
    case 'unknown-profile':
      return {
        title: `No profile named “${p}”`,
        steps: ['Pick one of the profiles listed above, or add it with `aws configure --profile NAME`.'],
      };
    case 'no-region':
      return {
        title: 'No region chosen',
        steps: [
          'Pick a region above (Bedrock image models are in us-east-1, us-west-2, eu-west-1, ap-northeast-1 …), or set `region` in ~/.aws/config.',
        ],
      };
    case 'credentials-rejected':
      return {
        title: 'AWS rejected these credentials',
        steps: [
          'The access key may have been deleted or rotated. Run `aws configure` again, or `aws sso login` for SSO profiles.',
        ],
      };
    case 'credential-process-failed':
    case 'profile-config-invalid':
      return {
        title: 'The profile could not be loaded',
        steps: ['Check the profile in ~/.aws/config (credential_process, role_arn, source_profile).'],
      };
    case 'access-denied':
      return {
        title: 'Access to the model is not granted',
        steps: [
          `Open the Amazon Bedrock console in ${r} → Model access, and request access to the image models you want.`,
          'Your IAM user or role also needs bedrock:InvokeModel (and bedrock:ListFoundationModels to list models).',
        ],
      };
    case 'model-not-available':
      return {
        title: `The model is not offered in ${r}`,
        steps: ['Choose another region (us-east-1 and us-west-2 have the most image models).'],
      };
    case 'model-end-of-life':
      return {
        title: 'The model has reached end of life',
        steps: ['Bedrock no longer serves it. Choose its replacement in the model list (its note says which).'],
      };
    case 'network':
    case 'timeout':
    case 'service-unavailable':
      return {
        title: 'Bedrock could not be reached',
        steps: ['Check your network connection or proxy, then try again.'],
      };
    default:
      return { title: 'The check failed', steps: ['See the message above.'] };
  }
}
