// Who may run the job queue and crash recovery on a data folder. The app and the CLI share one data
// folder; only one process at a time may own the queue, because `recover()` marks every job left
// running as interrupted — in a second process that would be the first one's live jobs.
//
//   <data>/easel.lock            the queue owner: {pid, hostname, startedAt, token}. Made complete in
//                                a temp file and hard-linked into place (atomic, fails if it exists;
//                                `wx` where links are unsupported).
//   <data>/sessions/<token>.json one per open Studio (owner or not), so an owner that starts while
//                                another process is still running its own jobs skips recovery.
//
// A lock or session is stale when it was written on this host by a process that is gone (its pid is
// dead, or it is our own pid but not one of this process's tokens: a previous process had the same
// pid — usual in containers). Stale locks are taken over inside an IMMEDIATE SQLite transaction on
// the library database, so two processes never both take over. Entries from another host are
// always treated as live (a pid cannot be checked there).
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EaselError } from '../../../src-shared/errors.ts';
import type { Db } from '../storage/index.ts';

export const LOCK_FILE = 'easel.lock';
export const SESSIONS_DIR = 'sessions';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** UTC ISO time the process opened the data folder. */
  startedAt: string;
}

const EntrySchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  token: z.string(),
});
type Entry = z.infer<typeof EntrySchema>;

/** Tokens of the locks and sessions this process holds (several Studios may share a process). */
const OWN_TOKENS = new Set<string>();

export interface DataFolderLockOptions {
  /** Test seams: this host's name, this process's id, and the liveness check of a pid. */
  hostname?: string;
  pid?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

export interface DataFolderLock {
  /** True when this process owns the queue of the data folder (runs recovery and resumes queued jobs). */
  readonly owner: boolean;
  /** The owner of the queue: this process, or the other one (null: the lock file cannot be read). */
  readonly heldBy: LockOwner | null;
  /** Live sessions of other processes (the app, a CLI) on this data folder. */
  otherSessions(): LockOwner[];
  /** Removes this process's session and, when owner, the lock (only if they are still ours). */
  release(): void;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens the data folder's lock: registers this process's session, then takes the queue lock if it
 * is free or stale. Never throws for a lock held by someone else: the result says who holds it.
 */
export function openDataFolderLock(dataDir: string, db: Db, options: DataFolderLockOptions = {}): DataFolderLock {
  const host = options.hostname ?? osHostname();
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now ?? (() => new Date());
  const lockPath = join(dataDir, LOCK_FILE);
  const sessionsDir = join(dataDir, SESSIONS_DIR);
  const me: Entry = { pid, hostname: host, startedAt: now().toISOString(), token: randomBytes(12).toString('hex') };
  OWN_TOKENS.add(me.token);

  const live = (entry: Entry): boolean => {
    if (entry.hostname !== host) return true;
    if (entry.pid === pid) return OWN_TOKENS.has(entry.token);
    return isAlive(entry.pid);
  };

  mkdirSync(sessionsDir, { recursive: true });
  const sessionPath = join(sessionsDir, `${me.token}.json`);
  writeExclusive(sessionPath, me, dataDir);

  let holder: Entry | null = null;
  let owner = false;
  if (writeExclusive(lockPath, me, dataDir)) owner = true;
  else {
    // Serialise take-overs between processes with SQLite's write lock.
    db.transaction(() => {
      const current = readEntry(lockPath);
      if (current === 'missing' || current === 'garbled' || !live(current)) {
        if (current !== 'missing') unlinkQuiet(lockPath);
        owner = writeExclusive(lockPath, me, dataDir);
        if (!owner) holder = asEntry(readEntry(lockPath));
      } else holder = current;
    }).immediate();
  }

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (owner && asEntry(readEntry(lockPath))?.token === me.token) unlinkQuiet(lockPath);
    unlinkQuiet(sessionPath);
    OWN_TOKENS.delete(me.token);
  };
  // A process that exits without closing its Studio (the CLI on an error) still frees the folder.
  process.once('exit', release);

  const heldBy: Entry | null = owner ? me : holder;
  return {
    owner,
    heldBy: heldBy ? publicOwner(heldBy) : null,
    otherSessions() {
      const others: LockOwner[] = [];
      let names: string[];
      try {
        names = readdirSync(sessionsDir);
      } catch {
        return others;
      }
      for (const name of names) {
        if (!name.endsWith('.json') || name === `${me.token}.json`) continue;
        const file = join(sessionsDir, name);
        const entry = asEntry(readEntry(file));
        if (entry && live(entry)) others.push(publicOwner(entry));
        else if (entry) unlinkQuiet(file); // stale: its process is gone
      }
      return others;
    },
    release,
  };
}

/**
 * Takes the data folder for work that must be alone on it and cannot open its database (restoring
 * a backup over a damaged one): the lock, taken over only when stale, and no other live session.
 * Returns the release. Two restores racing for a stale lock is the one case not serialised (no
 * database to take SQLite's write lock on); the loser's check of its own token then refuses.
 * @throws EaselError 'io' naming the process that has the folder
 */
export function claimDataFolderAlone(dataDir: string, what: string, options: DataFolderLockOptions = {}): () => void {
  const host = options.hostname ?? osHostname();
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const lockPath = join(dataDir, LOCK_FILE);
  const me: Entry = {
    pid,
    hostname: host,
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const live = (entry: Entry): boolean =>
    entry.hostname !== host || (entry.pid === pid ? OWN_TOKENS.has(entry.token) : isAlive(entry.pid));
  const refuse = (owner: LockOwner | null): never => {
    throw new EaselError(
      'io',
      `Easel is running with this data folder (${describeOwner(owner)}). Quit it first to ${what}. (If no Easel is running, delete the file ${LOCK_FILE} in ${dataDir}.)`,
    );
  };
  if (!writeExclusive(lockPath, me, dataDir)) {
    const current = readEntry(lockPath);
    if (current !== 'missing' && current !== 'garbled' && live(current)) refuse(publicOwner(current));
    unlinkQuiet(lockPath);
    if (!writeExclusive(lockPath, me, dataDir)) refuse(asEntry(readEntry(lockPath)));
  }
  const release = (): void => {
    if (asEntry(readEntry(lockPath))?.token === me.token) unlinkQuiet(lockPath);
  };
  if (asEntry(readEntry(lockPath))?.token !== me.token) refuse(asEntry(readEntry(lockPath)));
  const sessionsDir = join(dataDir, SESSIONS_DIR);
  const names = existsSync(sessionsDir) ? readdirSync(sessionsDir) : [];
  for (const name of names) {
    const entry = name.endsWith('.json') ? asEntry(readEntry(join(sessionsDir, name))) : null;
    if (entry && live(entry)) {
      release();
      refuse(publicOwner(entry));
    }
  }
  return release;
}

/** "pid 4242 on host studio-mac, since 2026-01-02T10:00:00.000Z" */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'another process';
  return `pid ${owner.pid} on host ${owner.hostname}, since ${owner.startedAt}`;
}

function publicOwner(entry: Entry): LockOwner {
  return { pid: entry.pid, hostname: entry.hostname, startedAt: entry.startedAt };
}

function asEntry(read: Entry | 'missing' | 'garbled'): Entry | null {
  return typeof read === 'string' ? null : read;
}

function readEntry(file: string): Entry | 'missing' | 'garbled' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = EntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'garbled';
  } catch {
    return 'garbled';
  }
}

/** Creates `file` with the entry, complete, or returns false when it already exists. */
function writeExclusive(file: string, entry: Entry, dataDir: string): boolean {
  const text = `${JSON.stringify(entry)}\n`;
  const temp = join(dataDir, `.easel-lock-${entry.token}-${randomBytes(4).toString('hex')}.tmp`);
  writeFileSynced(temp, text, 'w');
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    // No hard links on this file system: exclusive create (a crash mid-write leaves a garbled
    // file, which counts as stale).
    try {
      writeFileSynced(file, text, 'wx');
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    unlinkQuiet(temp);
  }
}

function writeFileSynced(file: string, text: string, flags: 'w' | 'wx'): void {
  const fd = openSync(file, flags, 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
