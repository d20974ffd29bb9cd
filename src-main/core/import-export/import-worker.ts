// A worker thread of the import pool (worker-pool.ts): runs one task at a time and answers with
// its value or its error as plain data ({code, message}), which the pool turns back into an EaselError.
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../../src-shared/errors.ts';
import { runWorkerTask, type WorkerTask } from './analyse.ts';

interface Request {
  id: number;
  task: WorkerTask;
}

const port = parentPort;
if (port === null) throw new Error('import-worker.ts runs only as a worker thread');
port.on('message', (request: Request) => {
  runWorkerTask(request.task).then(
    (value) => port.postMessage({ id: request.id, ok: true, value }),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toErrorData(error) }),
  );
});
port.postMessage({ ready: true });
