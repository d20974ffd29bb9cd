// SQLite's page checks off the main thread (integrity-worker.ts): quick_check reads every page
// (~4 s for 250 MB under load), which at open froze the app and the CLI before anything else ran.
// A check can be stopped (the storage closing); a stopped check answers null.
import { Worker } from 'node:worker_threads';

export type IntegrityTask =
  /** The open database, through a read-only connection of the worker's own: the problems found ([] when sound). */
  | { kind: 'quick-check'; file: string }
  /** A backup copy (backups.ts verifyDatabaseCopy): what is wrong with it, or null. */
  | { kind: 'verify-copy'; file: string };

type Answer<T extends IntegrityTask> = T extends { kind: 'quick-check' } ? string[] : string | null;

export interface RunningCheck<T> {
  /** The answer; null when the check was stopped first; rejects when the check itself failed. */
  result: Promise<T | null>;
  stop(): Promise<void>;
}

/** In the source tree the worker is TypeScript run by Node; a build bundles it next to its entry. */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./integrity-worker.ts', import.meta.url);
  return new URL(new URL('./integrity-worker.js', import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

export function checkInWorker<T extends IntegrityTask>(task: T): RunningCheck<Answer<T>> {
  const worker = new Worker(workerUrl(), { workerData: task });
  let stopped = false;
  const result = new Promise<Answer<T> | null>((resolve, reject) => {
    worker.once('message', (answer: Answer<T>) => resolve(answer));
    worker.once('error', (error) => (stopped ? resolve(null) : reject(error)));
    // After an answer this settles nothing; without one it is a stop, or a check that died.
    worker.once('exit', () =>
      stopped ? resolve(null) : reject(new Error('the integrity check ended without an answer')),
    );
  });
  return {
    result,
    async stop() {
      stopped = true;
      await worker.terminate();
    },
  };
}
