// Every failure of a Bedrock call as an EaselError with a message a user can act on (docs/bedrock.md's table).
import { EaselError } from '../../../src-shared/errors.ts';
import { findModel, regionsOf } from '../../../src-shared/models/index.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';

const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_STREAM_CANCEL',
  'UND_ERR_SOCKET',
]);

const END_OF_LIFE =
  /end of (its )?life|reached end-of-life|is no longer (available|supported)|has been retired|deprecated/i;

// Bedrock's words for a Bedrock API key it refuses (unknown, revoked, expired, malformed): "Authentication
// failed: Please make sure your API Key is valid.", "Invalid API Key format: Must start with pre-defined prefix".
const API_KEY_REFUSED = /\bAPI[ _-]?Key\b|\bbearer token\b/i;

export const API_KEY_REJECTED_MESSAGE =
  'Your Bedrock API key was rejected: it may have expired (short-term keys last at most 12 hours). Make a new key in the Bedrock console and paste it in Settings, or use a profile.';

/** A Legacy model the account has not used lately: AWS withdraws access (15–30 days idle). */
const LEGACY_INACTIVE = /marked by provider as Legacy and you have not been actively using/i;

/** Native request field names in Bedrock's messages → the GenerationParams field to show them by. */
const FIELD_HINTS: readonly [RegExp, string][] = [
  [/\bnegative_?(prompt|text)\b/i, 'negativePrompt'],
  [/\b(text_prompts|prompt|text)\b/, 'prompt'],
  [/\bsteps\b/, 'steps'],
  [/\bcfg_?scale\b/i, 'cfgScale'],
  [/\bseed\b/, 'seed'],
  [/\b(width|height|size)\b/, 'width'],
  [/\baspect_ratio\b/, 'aspectRatio'],
  [/\bsampler\b/, 'sampler'],
  [/\bstyle_preset\b/, 'stylePreset'],
  [/\b(image_strength|strength|similarityStrength)\b/, 'strength'],
  [/\b(mask|mask_image|maskImage)\b/, 'maskImageId'],
  [/\b(init_image|image)\b/, 'initImageId'],
  [/\bquality\b/, 'quality'],
];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $fault?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const e = asErrorLike(error);
  const code = text(e.code);
  if (NETWORK_CODES.has(code)) return code;
  return e.cause === undefined ? undefined : networkCode(e.cause, depth + 1);
}

function modelLabel(modelId: string): string {
  const spec = findModel(modelId);
  return spec ? `${spec.label} (${modelId})` : modelId;
}

export function endOfLifeError(modelId: string, cause?: unknown): EaselError {
  const spec = findModel(modelId);
  const replacement = spec?.lifecycle.replacementId ? findModel(spec.lifecycle.replacementId) : undefined;
  const since = spec?.lifecycle.status === 'end-of-life' && spec.lifecycle.since ? ` on ${spec.lifecycle.since}` : '';
  const pick = replacement ? `Pick ${replacement.label} (${replacement.id}) instead.` : 'Pick a current model instead.';
  return new EaselError('model-end-of-life', `${modelLabel(modelId)} has been retired by AWS${since}. ${pick}`, {
    field: 'modelId',
    cause,
  });
}

/** Access withdrawn from an idle account on a Legacy model: its own message, with what to use. */
export function legacyInactiveError(modelId: string, cause?: unknown): EaselError {
  const spec = findModel(modelId);
  const replacement = spec?.lifecycle.replacementId ? findModel(spec.lifecycle.replacementId) : undefined;
  const pick = replacement ? `Use ${replacement.label} (${replacement.id}) instead.` : 'Pick a current model instead.';
  return new EaselError(
    'access-denied',
    `${modelLabel(modelId)} is a Legacy model on Bedrock, and AWS withdraws it from accounts that have not used it in the last weeks: this account has lost access. ${pick}`,
    { field: 'modelId', cause },
  );
}

/** " It runs in us-west-2." from the catalog, or nothing when Easel does not know. */
function whereItRuns(modelId: string): string {
  const runsIn = regionsOf(findModel(modelId)?.availability);
  return runsIn.length ? ` It runs in ${runsIn.join(', ')}.` : '';
}

function fieldFrom(message: string): string | undefined {
  for (const [pattern, field] of FIELD_HINTS) if (pattern.test(message)) return field;
  return undefined;
}

/** Maps anything a Bedrock call can throw to an EaselError (EaselErrors pass through). */
export function mapBedrockError(error: unknown, modelId: string): EaselError {
  if (error instanceof EaselError) return error;
  const e = asErrorLike(error);
  const name = text(e.name);
  // AWS's own words are quoted to the user and may reach a log: never with a key or token in them.
  const message = redactSecrets(text(e.message));
  if (name === 'AbortError') return new EaselError('aborted', 'The request was cancelled.', { cause: error });
  if ((name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403) && API_KEY_REFUSED.test(message))
    return new EaselError('credentials-rejected', API_KEY_REJECTED_MESSAGE, { cause: error, field: 'profile' });
  if (
    END_OF_LIFE.test(message) &&
    (name === 'ValidationException' || name === 'ResourceNotFoundException' || name === 'AccessDeniedException')
  ) {
    return endOfLifeError(modelId, error);
  }
  if (LEGACY_INACTIVE.test(message)) return legacyInactiveError(modelId, error);
  return mapByExceptionName(name, message, modelId, error) ?? mapByTransport(error, name, message, modelLabel(modelId));
}

/** Bedrock's modelled exceptions, by name. */
function mapByExceptionName(name: string, message: string, modelId: string, error: unknown): EaselError | undefined {
  const model = modelLabel(modelId);
  const options = { cause: error };
  const retryable = { cause: error, retryable: true };
  switch (name) {
    case 'AccessDeniedException':
      return new EaselError(
        'access-denied',
        `Model access to ${model} is not granted for this profile and region. Request access in the Bedrock console (Model access), or check the profile's IAM permissions (bedrock:InvokeModel). AWS said: ${message}`,
        options,
      );
    case 'ValidationException': {
      if (/model identifier is invalid/i.test(message)) {
        return new EaselError(
          'model-not-available',
          `Bedrock does not know the model id "${modelId}" in this region.${whereItRuns(modelId)} Pick another model or region, or allow that region in Settings (Regions Easel may call).`,
          { cause: error, field: 'modelId' },
        );
      }
      const field = fieldFrom(message);
      return new EaselError('validation', `Bedrock rejected the request for ${model}: ${message}`, {
        cause: error,
        ...(field ? { field } : {}),
      });
    }
    case 'ServiceQuotaExceededException':
      return new EaselError(
        'quota-exceeded',
        `Your account's Bedrock quota for ${model} is used up. Wait, or ask AWS for a higher quota (Service Quotas console). AWS said: ${message}`,
        options,
      );
    case 'ThrottlingException':
      return new EaselError(
        'throttled',
        `Bedrock is throttling requests to ${model}. Easel retried; try again in a moment or lower the concurrency.`,
        retryable,
      );
    case 'ModelNotReadyException':
      return new EaselError(
        'model-not-ready',
        `${model} is not ready to serve requests yet. Try again in a minute.`,
        retryable,
      );
    case 'ModelTimeoutException':
      return new EaselError(
        'model-timeout',
        `${model} took too long to produce the image. Try again, or a smaller size.`,
        retryable,
      );
    case 'ResourceNotFoundException':
      return new EaselError(
        'model-not-available',
        `${model} is not available in this region (or the id is wrong). Pick another model or region; some models need a cross-region id like "us.${modelId.replace(/^(us|eu|apac)\./, '')}".`,
        { cause: error, field: 'modelId' },
      );
    case 'ModelErrorException':
      return new EaselError('model-error', `${model} failed while processing the request: ${message}`, options);
    case 'InternalServerException':
      return new EaselError(
        'service-error',
        'Bedrock had an internal error. Easel retried; try again later.',
        retryable,
      );
    case 'ServiceUnavailableException':
      return new EaselError(
        'service-unavailable',
        'Bedrock is temporarily unavailable. Easel retried; try again later.',
        retryable,
      );
    default:
      return undefined;
  }
}

/** What is left: missing or rejected credentials, the network, unreadable bodies, bare HTTP statuses. */
function mapByTransport(error: unknown, name: string, message: string, model: string): EaselError {
  const e = asErrorLike(error);
  const options = { cause: error };
  const retryable = { cause: error, retryable: true };
  if (name === 'CredentialsProviderError')
    return new EaselError('credentials-missing', `No usable AWS credentials: ${message}`, options);
  if (name === 'TimeoutError')
    return new EaselError(
      'network',
      `The connection to Bedrock timed out (${message}). Check your network.`,
      retryable,
    );
  if (CREDENTIAL_ERRORS.has(name)) {
    return new EaselError(
      'credentials-rejected',
      'AWS rejected the credentials of this profile (unknown access key or wrong secret). Check the profile, or run `aws configure` / `aws sso login` again.',
      options,
    );
  }
  const code = networkCode(error);
  if (code)
    return new EaselError(
      'network',
      `Cannot reach Bedrock (${code}). Check your network connection, proxy, or endpoint setting.`,
      retryable,
    );
  if (error instanceof SyntaxError || name === 'SyntaxError') {
    return new EaselError(
      'malformed-response',
      `Bedrock sent a response Easel cannot read for ${model}. Try again; if it persists, report it.`,
      options,
    );
  }
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) {
    return new EaselError(
      'service-error',
      `Bedrock failed with HTTP ${status}${name ? ` (${name})` : ''}. Try again later.`,
      retryable,
    );
  }
  if (typeof status === 'number' && status === 403) {
    return new EaselError(
      'credentials-rejected',
      `AWS refused the request (HTTP 403${name ? `, ${name}` : ''}): check this profile's credentials and permissions.`,
      options,
    );
  }
  if (typeof status === 'number') {
    return new EaselError(
      'service-error',
      `Bedrock refused the request with HTTP ${status}${name ? ` (${name})` : ''}: ${message}`,
      options,
    );
  }
  return new EaselError(
    'internal',
    `Unexpected failure calling Bedrock: ${name || 'error'}${message ? `: ${message}` : ''}`,
    options,
  );
}
