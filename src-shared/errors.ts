// Typed, user-readable errors. They cross every boundary (IPC, CLI --json, bridge) as plain data
// `{code, message, field?}`; only codes listed here exist.

export const ERROR_CODES = [
  // input
  'validation',
  'not-found',
  // AWS configuration and credentials
  'no-aws-config',
  'unknown-profile',
  'no-region',
  'sso-token-expired',
  'credentials-missing',
  'credentials-rejected',
  'credential-process-failed',
  'profile-config-invalid',
  // Bedrock
  'access-denied',
  'model-not-available',
  'model-end-of-life',
  'throttled',
  'model-not-ready',
  'model-timeout',
  'model-error',
  'service-unavailable',
  'service-error',
  'quota-exceeded',
  'content-filtered',
  'malformed-response',
  'network',
  /** Video: Bedrock's async invocation failed (its failureMessage is quoted). */
  'video-failed',
  /** S3: the caller may not read or write the output bucket. */
  's3-access-denied',
  /** S3: the output bucket is in another region than the model (Bedrock writes only in its own). */
  's3-wrong-region',
  /** S3: the output bucket does not exist. */
  's3-no-bucket',
  'timeout',
  'aborted',
  // money
  'budget-exceeded',
  // local
  'io',
  /** The library database is damaged or emptied: Easel refuses to write to it; restore a backup. */
  'database-damaged',
  'bad-image',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** The request field the error is about, when there is one (shown next to that field). */
  field?: string;
  /** True when trying again later may succeed (throttling, network, 5xx). */
  retryable?: boolean;
}

export class EaselError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EaselError';
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.retryable) data.retryable = true;
    return data;
  }
}

export function isEaselError(value: unknown): value is EaselError {
  return value instanceof EaselError;
}

/** Any thrown value as error data; unexpected errors become `internal` without leaking details. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof EaselError) return error.toData();
  return { code: 'internal', message: 'Something went wrong inside Easel. The details are in the log.' };
}
