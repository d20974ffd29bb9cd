// Public API of the Bedrock client (see README.md).
export { createControlClient, createRuntimeClient, usesBearerToken } from './client.ts';
export type { BedrockTarget } from './client.ts';
export { DEFAULT_TIMEOUT_MS, invokeImageModel } from './invoke.ts';
export type { AttemptInfo, InvokeRequest, InvokeResult } from './invoke.ts';
export { converseOnce } from './converse.ts';
export type { ConverseCallRequest, ConverseCallResult } from './converse.ts';
export { API_KEY_REJECTED_MESSAGE, endOfLifeError, mapBedrockError } from './errors.ts';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, shouldRetry, sleep } from './retry.ts';
export type { RetryPolicy } from './retry.ts';
export { discoverImageModels, listImageModels, listInferenceProfiles } from './discovery.ts';
