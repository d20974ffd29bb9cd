// What every domain file of the facade works with: one open data folder (storage, job queue, lock),
// the environment, and the guards index.ts owns (closed, moving, shared with another process).
// The contract's types come in here once, so the facade has one import of src-shared's contract.
import type { CallResponse, EventEnvelope, StudioHandlers } from '../../../src-shared/contract/index.ts';
import type { BedrockApiKey } from '../credentials/index.ts';
import type { DataFolderLock } from '../data-folder/index.ts';
import type { ImportWorkerPool } from '../import-export/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Storage } from '../storage/index.ts';
import type { ModelRegions } from './model-regions.ts';

export type { CallResponse, EventEnvelope, StudioHandlers };

/** Environment for AWS profiles, regions and endpoint overrides. */
export type Env = Record<string, string | undefined>;

export interface StudioContext {
  /** The data folder (database, library, thumbnails). */
  readonly dataDir: string;
  readonly storage: Storage;
  readonly queue: JobQueue;
  readonly env: Env;
  /** The Bedrock API key in use now (kept in Settings, else AWS_BEARER_TOKEN_BEDROCK of env), or null. */
  apiKey(): Promise<BedrockApiKey | null>;
  /** The regions a profile may call and what each reported lately (model-regions.ts). */
  readonly regions: ModelRegions;
  /** Talking to the local emulator (shown in app info; the data folder may not move). */
  readonly demoMode: boolean;
  /** The pointer file a move writes; undefined when EASEL_HOME or --data-dir chose the folder. */
  readonly locationFile: string | undefined;
  /** Who runs this data folder's queue (this process or another one). */
  readonly lock: DataFolderLock;
  /** Crash recovery ran when this studio opened. */
  readonly recovered: boolean;
  /**
   * For work that writes: refuses once the studio is closed or its data folder moves.
   * @throws EaselError 'internal' (closed), 'io' (moving or moved)
   */
  assertOpen(): void;
  /**
   * Work that would disturb another process's jobs or files in flight waits until this process is
   * alone on the data folder. `what` completes "Close it first to ...".
   * @throws EaselError 'io'
   */
  refuseWhileShared(what: string): void;
  /** The data folder is being copied to `to` (done: copied; restart to use it), or not (null). */
  setMoving(moving: { to: string; done: boolean } | null): void;
  /** The worker threads of imports and in-place thumbnails (started on first use, stopped at close). */
  importPool(): ImportWorkerPool;
  /** Sends a contract event to whoever listens (the Electron shell, the test bridge). */
  emit(event: EventEnvelope): void;
}
