// The queue's public types: its options, what it asks of the invoker, and the updates it emits.
import type { Job } from '../../../src-shared/domain.ts';
import type { ErrorData } from '../../../src-shared/errors.ts';
import type { PriceOverrides } from '../../../src-shared/models/index.ts';
import type { AttemptInfo } from '../bedrock/index.ts';
import type { Clock, Db, ImageStore } from '../storage/index.ts';

export interface InvokeArgs {
  /** What InvokeModel is sent: the job's invoke id (a model id or inference profile id). */
  modelId: string;
  body: Record<string, unknown>;
  profile: string | null;
  region: string;
  signal: AbortSignal;
  /** Called before each attempt (the request may reach Bedrock from then on). */
  onAttempt: (info: AttemptInfo) => void;
}

/** Sends one InvokeModel (with its own retries) and returns the parsed JSON body. */
export type Invoker = (args: InvokeArgs) => Promise<{ body: unknown; attempts: number }>;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface JobQueueOptions {
  db: Db;
  store: ImageStore;
  invoke: Invoker;
  clock?: Clock;
  /** The user's price overrides, read when a job is queued. */
  priceOverrides?: () => PriceOverrides;
  concurrency?: number;
  /** For seeds (tests pass a seeded one). */
  random?: () => number;
  /** Waits between network probes (tests pass a fast or fake one). */
  sleep?: Sleep;
  /** Backoff of the network probe: first wait, doubling up to max. */
  networkBackoff?: { initialMs: number; maxMs: number };
}

export interface SubmitOptions {
  profile?: string | null;
  /**
   * The region the jobs call, resolved by the caller (the facade: `invocationTarget`) before
   * queueing, so a missing region or a model that cannot run fails at once.
   */
  region: string;
  /** The model id or inference profile id to invoke in `region` (absent: the model id). */
  invokeId?: string | null;
  batchKey?: string | null;
}

export interface JobUpdate {
  job: Job;
  /** True while the job is queued because the network is down (it runs when the network returns). */
  waitingForNetwork: boolean;
  error: ErrorData | null;
}

export type JobListener = (update: JobUpdate) => void;
