// Public API of the generation queue (see README.md).
export { DEFAULT_CONCURRENCY, JobQueue, MAX_CONCURRENCY } from './queue.ts';
export type { InvokeArgs, Invoker, JobListener, JobQueueOptions, JobUpdate, Sleep, SubmitOptions } from './queue.ts';
export { createBedrockInvoker, endpointFromEnv, runtimeClients } from './invoker.ts';
export type { BedrockInvokerOptions } from './invoker.ts';
export { invocationTarget } from './invocation.ts';
export type { InvocationTarget } from './invocation.ts';
