// The two status moves the queue needs that GenerationsRepo does not offer yet: an atomic claim of a
// queued job (so two runners never start the same job) and the move back to queued after a network
// failure. Kept here, small and SQL-only, until they move into core/library's GenerationsRepo.
import type { Db } from '../library/db.ts';

/** queued → sending, only if still queued. Returns false when someone else claimed or cancelled it. */
export function claimQueuedJob(db: Db, jobId: string, at: string): boolean {
  const result = db
    .prepare("UPDATE generations SET status = 'sending', started_at = coalesce(started_at, ?) WHERE id = ? AND status = 'queued'")
    .run(at, Number(jobId));
  return result.changes === 1;
}

/** sending/waiting → queued (the request never reached Bedrock: network down). The reservation stays. */
export function requeueJob(db: Db, jobId: string): boolean {
  const result = db
    .prepare("UPDATE generations SET status = 'queued' WHERE id = ? AND status IN ('sending','waiting')")
    .run(Number(jobId));
  return result.changes === 1;
}

/** The attempt counter is cumulative over a job's life (network requeues included). */
export function setAttempts(db: Db, jobId: string, attempts: number): void {
  db.prepare('UPDATE generations SET attempts = ? WHERE id = ?').run(attempts, Number(jobId));
}
