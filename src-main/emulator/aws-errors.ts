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
  /** BEDROCK.md: the exception type of the end-of-life error is UNCONFIRMED; we pick ValidationException. */
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
} as const;

/** The one place that decides how an end-of-life model fails (see README: UNCONFIRMED). */
export const END_OF_LIFE_EXCEPTION = 'ValidationException';

export function endOfLifeError(): AwsError {
  return new AwsError(EXCEPTION_STATUS[END_OF_LIFE_EXCEPTION] ?? 400, END_OF_LIFE_EXCEPTION, MESSAGES.endOfLife);
}

export function validationError(message: string): AwsError {
  return new AwsError(400, 'ValidationException', message);
}

/** Bedrock's wording for a request body that breaks the model's JSON schema. */
export function malformedInput(violation: string): AwsError {
  return validationError(`Malformed input request: ${violation}, please reformat your input and try again.`);
}

export function namedError(type: string, message?: string): AwsError {
  return new AwsError(EXCEPTION_STATUS[type] ?? 500, type, message ?? DEFAULT_MESSAGES[type] ?? type);
}
