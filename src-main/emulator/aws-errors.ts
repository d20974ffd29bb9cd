// AWS's error wire shape for restJson services: status, `x-amzn-ErrorType: Name:<namespace>`,
// body `{"message": ...}`. The JS SDK reads the header first and throws the matching class.

export const ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

export class AwsError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/** Status of each Bedrock runtime exception (service model) plus the auth layer's. */
export const EXCEPTION_STATUS: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  UnknownOperationException: 404,
  SerializationException: 400,
};

/** Default messages for errors injected with `failNext` (worded like Bedrock's). */
export const DEFAULT_MESSAGES: Record<string, string> = {
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  ServiceQuotaExceededException:
    'Your request exceeds the service quota for your account. You can view your quotas at https://console.aws.amazon.com/servicequotas. You can resubmit your request later.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ResourceNotFoundException: 'The requested resource could not be found.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ModelErrorException: 'The model encountered an error processing the request. Try your request again.',
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException:
    'Model is not ready to serve inference requests. The AWS SDK will automatically retry the operation.',
  InternalServerException:
    'The server encountered an internal error while processing the request. Try your request again.',
  ServiceUnavailableException: 'The service is temporarily unable to handle the request. Try your request again.',
};

export const MESSAGES = {
  throttled: 'Too many requests, please wait before trying again.',
  invalidModel: 'The provided model identifier is invalid.',
  /** docs/bedrock.md: the exception type of the end-of-life error is UNCONFIRMED; we pick ValidationException. */
  endOfLife:
    'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
  unknownKey: 'The security token included in the request is invalid.',
  badSignature:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  missingAuth: 'Missing Authentication Token',
  /** AccessDenied on ListFoundationModels (IAM's wording, with the emulator's test identity). */
  listDenied:
    'User: arn:aws:iam::000000000000:user/easel-emulator is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action',
  bodyTooLarge:
    "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 25000000",
  /** awslabs/llmeter#35 (docs/bedrock.md): a Legacy model the account has not used for 15 days. */
  legacyInactive:
    'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days',
  /** A bearer key without the prefix of Bedrock API keys (ABSK… long-term, bedrock-api-key-… short-term). */
  apiKeyFormat: 'Invalid API Key format: Must start with pre-defined prefix',
  /** A well-formed API key Bedrock does not accept (unknown, revoked or expired). */
  apiKeyInvalid: 'Authentication failed: Please make sure your API Key is valid.',
  /** Converse on a model it does not serve (an image model of InvokeModel). */
  converseUnsupported:
    "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
  /** InvokeModel on a model the emulator serves through Converse only (Nova 2 Omni). */
  converseOnly: 'This model is served through the Converse API only. Call Converse with this model ID.',
} as const;

/** A model id that exists only inside inference profiles, invoked on demand (Bedrock's wording, with its ’). */
export function onDemandUnsupported(modelId: string): AwsError {
  return validationError(
    `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
  );
}

/** Bedrock of 2026 (docs/bedrock.md): a retired model answers ResourceNotFoundException. */
export const END_OF_LIFE_EXCEPTION = 'ResourceNotFoundException';
/** What the 2025 emulator answered (the `bedrock2025` knob keeps it). */
export const END_OF_LIFE_EXCEPTION_2025 = 'ValidationException';

export function endOfLifeError(bedrock2025 = false): AwsError {
  const type = bedrock2025 ? END_OF_LIFE_EXCEPTION_2025 : END_OF_LIFE_EXCEPTION;
  return new AwsError(EXCEPTION_STATUS[type] ?? 400, type, MESSAGES.endOfLife);
}

export function validationError(message: string): AwsError {
  return new AwsError(400, 'ValidationException', message);
}

/**
 * Bedrock's wording for a request body that breaks the model's JSON schema; several violations are
 * listed one after the other, as everit's messages reach the caller
 * ("#: extraneous key [a] is not permitted#: extraneous key [b] is not permitted").
 */
export function malformedInput(violation: string | readonly string[]): AwsError {
  const text = typeof violation === 'string' ? violation : violation.join('');
  return validationError(`Malformed input request: ${text}, please reformat your input and try again.`);
}

/** The control plane's (Coral) wording for request parameters that break their constraints. */
export function constraintErrors(violations: readonly string[]): AwsError {
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  return validationError(`${count} detected: ${violations.join('; ')}`);
}

export function namedError(type: string, message?: string): AwsError {
  return new AwsError(EXCEPTION_STATUS[type] ?? 500, type, message ?? DEFAULT_MESSAGES[type] ?? type);
}
