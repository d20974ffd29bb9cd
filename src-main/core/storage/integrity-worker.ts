// A worker thread for SQLite's page checks, so that reading every page of a large database never
// holds the main event loop: the quick_check of the open database (its own read-only connection)
// and the verification of a backup copy. One task per worker (workerData); answers once and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { verifyDatabaseCopy } from './backups.ts';
import { quickCheckFile } from './damage.ts';
import type { IntegrityTask } from './background-check.ts';

const task = workerData as IntegrityTask;
const answer = task.kind === 'quick-check' ? quickCheckFile(task.file) : verifyDatabaseCopy(task.file);
parentPort?.postMessage(answer);
