// The spool: each answer Bedrock sent back (a billed image) is written here, durably, before Easel
// processes it, and removed once the job's outcome is committed. A spool file that outlives its
// process is an answer in hand: the next recovery finishes saving it instead of calling it uncertain.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageStore } from './image-store.ts';

const SUFFIX = '.json';

export class ResponseSpool {
  readonly folder: string;
  readonly #store: ImageStore;

  constructor(store: ImageStore) {
    this.#store = store;
    this.folder = store.paths.spool;
  }

  /** `<data>/spool/<jobId>.json`. */
  path(jobId: string): string {
    return join(this.folder, `${jobId}${SUFFIX}`);
  }

  /** Writes the record (JSON text) atomically and fsyncs it (and its folder) before returning. */
  async write(jobId: string, json: string): Promise<void> {
    await this.#store.writeDurable(this.path(jobId), Buffer.from(json, 'utf8'));
  }

  /** The record spooled for a job, or null when there is none (or it cannot be read as JSON). */
  read(jobId: string): unknown {
    let text: string;
    try {
      text = readFileSync(this.path(jobId), 'utf8');
    } catch {
      return null;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }

  /** The job ids that have a spool file, in id order. */
  jobIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => name.slice(0, -SUFFIX.length))
      .filter((id) => /^\d+$/.test(id))
      .sort((a, b) => Number(a) - Number(b));
  }

  remove(jobId: string): void {
    rmSync(this.path(jobId), { force: true });
  }
}
