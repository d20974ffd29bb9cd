import {
  BedrockRuntimeServiceException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  AccessDeniedException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import {
  API_KEY_REJECTED_MESSAGE,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  mapBedrockError,
  shouldRetry,
  sleep,
} from './index.ts';

const meta = { $metadata: {} };
const SDXL = 'stability.stable-diffusion-xl-v1';

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles the ceiling per retry, capped, with full jitter', () => {
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(99);
    expect(backoffDelayMs(2, policy, () => 0.999999)).toBe(199);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, policy, () => 0.999999)).toBe(999);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe('shouldRetry', () => {
  const throttled = new EaselError('throttled', 'x', { retryable: true });
  it('retries retryable errors until the attempts run out', () => {
    expect(shouldRetry(throttled, 1, DEFAULT_RETRY_POLICY, 0)).toBe(true);
    expect(shouldRetry(throttled, DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY, 0)).toBe(false);
    expect(shouldRetry(new EaselError('validation', 'x'), 1, DEFAULT_RETRY_POLICY, 0)).toBe(false);
    expect(
      shouldRetry(new EaselError('malformed-response', 'x', { retryable: true }), 1, DEFAULT_RETRY_POLICY, 0),
    ).toBe(false);
  });
  it('retries a model timeout once', () => {
    const timeout = new EaselError('model-timeout', 'x', { retryable: true });
    expect(shouldRetry(timeout, 1, DEFAULT_RETRY_POLICY, 1)).toBe(true);
    expect(shouldRetry(timeout, 2, DEFAULT_RETRY_POLICY, 2)).toBe(false);
  });
});

describe('mapBedrockError (real SDK exception classes)', () => {
  it('maps each exception to its code and retryability', () => {
    const cases: [unknown, string, boolean][] = [
      [new ThrottlingException({ message: 'slow down', ...meta }), 'throttled', true],
      [new ServiceUnavailableException({ message: 'x', ...meta }), 'service-unavailable', true],
      [new ModelTimeoutException({ message: 'x', ...meta }), 'model-timeout', true],
      [new AccessDeniedException({ message: 'no access', ...meta }), 'access-denied', false],
      [new ResourceNotFoundException({ message: 'x', ...meta }), 'model-not-available', false],
      [new ValidationException({ message: 'steps must be <= 50', ...meta }), 'validation', false],
      [
        new BedrockRuntimeServiceException({
          name: 'UnrecognizedClientException',
          $fault: 'client',
          message: 'The security token included in the request is invalid.',
          ...meta,
        }),
        'credentials-rejected',
        false,
      ],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'network', true],
      [new Error('outer', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) }), 'network', true],
      [Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 'aborted', false],
      [new SyntaxError('Unexpected end of JSON input'), 'malformed-response', false],
    ];
    for (const [error, code, retryable] of cases) {
      const mapped = mapBedrockError(error, 'stability.sd3-5-large-v1:0');
      expect({ code: mapped.code, retryable: mapped.retryable }).toEqual({ code, retryable });
    }
  });

  it('points validation messages at the field', () => {
    expect(mapBedrockError(new ValidationException({ message: 'cfg_scale: must be <= 35', ...meta }), SDXL).field).toBe(
      'cfgScale',
    );
  });

  it('never quotes a key from the message AWS sent', () => {
    const error = mapBedrockError(
      new AccessDeniedException({
        message: 'User with access key AKIAIOSFODNN7EXAMPLE is not authorized to perform: bedrock:InvokeModel',
        ...meta,
      }),
      SDXL,
    );
    expect(error.code).toBe('access-denied');
    expect(error.message).toContain('is not authorized to perform: bedrock:InvokeModel');
    expect(error.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('gives legacy inactivity its own message, and says where a model not offered in the region runs', () => {
    const legacy = mapBedrockError(
      new AccessDeniedException({
        message:
          'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days',
        ...meta,
      }),
      'stability.sd3-5-large-v1:0',
    );
    expect(legacy).toMatchObject({ code: 'access-denied', field: 'modelId' });
    expect(legacy.message).toMatch(/SD3\.5 Large .* is a Legacy model on Bedrock.*lost access/);
    expect(legacy.message).not.toMatch(/Request access in the Bedrock console/);
    const elsewhere = mapBedrockError(
      new ValidationException({ message: 'The provided model identifier is invalid.', ...meta }),
      'stability.stable-image-core-v1:1',
    );
    expect(elsewhere).toMatchObject({ code: 'model-not-available', field: 'modelId' });
    expect(elsewhere.message).toMatch(/in this region\. It runs in us-west-2\..*Regions Easel may call/);
  });

  it('turns the end-of-life message into a retirement notice with the replacement', () => {
    const error = mapBedrockError(
      new ValidationException({
        message:
          'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
        ...meta,
      }),
      SDXL,
    );
    expect(error.code).toBe('model-end-of-life');
    expect(error.message).toBe(
      'SDXL 1.0 (stability.stable-diffusion-xl-v1) has been retired by AWS on 2025-05-20. Pick Stable Image Core (stability.stable-image-core-v1:1) instead.',
    );
  });
});

describe('sleep', () => {
  it('rejects with aborted when the signal fires', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});

describe('mapBedrockError: a refused Bedrock API key', () => {
  it('says what to do in one sentence, for both of Bedrock wordings, and quotes no key', () => {
    for (const wording of [
      'Authentication failed: Please make sure your API Key is valid.',
      'Invalid API Key format: Must start with pre-defined prefix',
    ]) {
      const error = mapBedrockError(new AccessDeniedException({ message: wording, ...meta }), SDXL);
      expect(error.code).toBe('credentials-rejected');
      expect(error.message).toBe(API_KEY_REJECTED_MESSAGE);
      expect(error.retryable).toBeFalsy();
    }
  });

  it('leaves a model-access denial as it was', () => {
    const error = mapBedrockError(
      new AccessDeniedException({
        message: 'You do not have access to the model with the specified model ID.',
        ...meta,
      }),
      SDXL,
    );
    expect(error.code).toBe('access-denied');
  });
});
