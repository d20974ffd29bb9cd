// Worker for budgets-repo.test.ts: one process-like reserver with its own SQLite connection,
// queueing jobs against the shared hard budget as fast as it can, finishing some of them.
import { parentPort, workerData } from 'node:worker_threads';
import { isEaselError } from '../../../src-shared/errors.ts';
import { openDatabase } from './db.ts';
import { GenerationsRepo } from './generations-repo.ts';

interface Input {
  file: string;
  attempts: number;
  seed: number;
  start: SharedArrayBuffer;
}

const input = workerData as Input;
const db = openDatabase(input.file);
const jobs = new GenerationsRepo(db);
let rng = input.seed;
const random = (): number => {
  rng = (rng * 1_103_515_245 + 12_345) % 2_147_483_648;
  return rng / 2_147_483_648;
};

// Wait until every worker is ready, so that they really run at the same time.
const gate = new Int32Array(input.start);
Atomics.wait(gate, 0, 0);

let accepted = 0;
let refused = 0;
for (let i = 0; i < input.attempts; i++) {
  const estimate = 1 + Math.floor(random() * 50_000);
  try {
    const [job] = jobs.queue([{ params: { modelId: 'm', prompt: `race ${i}` }, estimateMicroUsd: estimate }]).jobs;
    accepted++;
    if (job && random() < 0.5) {
      jobs.setRunningStatus(job.id, 'sending');
      const charge =
        random() < 0.8
          ? { kind: 'charge' as const, amountMicroUsd: estimate, priceSource: 'test' }
          : { kind: 'none' as const };
      jobs.recordGenerationOutcome({ jobId: job.id, status: 'failed', charge });
    }
  } catch (error) {
    if (isEaselError(error) && error.code === 'budget-exceeded') refused++;
    else throw error;
  }
}
db.close();
parentPort?.postMessage({ accepted, refused });
