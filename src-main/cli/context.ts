// What every command gets: its parsed arguments, the output, and a way to open the studio (the
// facade: the CLI never touches repositories). Exit codes are defined here.
import { join, resolve as resolvePath } from 'node:path';
import type { ImageRecord, Job, JobStatus } from '../../src-shared/domain.ts';
import type { Studio } from '../core/studio/index.ts';
import { str, type OptionTable, type Parsed } from './args.ts';
import type { CliIo, Output } from './io.ts';

/** 0 ok; 1 a runtime failure (AWS, budget, files, some images failed); 2 bad usage or input; 130 stopped by Ctrl-C. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionTable;
  /** Extra help text after the options (examples, JSON shape). */
  details?: string;
  /** More help after `details`, built only when help is shown (e.g. from the model catalog, loaded then). */
  moreHelp?: () => Promise<string>;
  run(ctx: CommandContext, args: Parsed): Promise<number>;
}

export interface CommandContext {
  io: CliIo;
  out: Output;
  /** The data folder the studio opens: --data-dir, else EASEL_HOME, else a moved folder's pointer, else the app-data folder. */
  readonly dataDir: string;
  /**
   * How the data folder was chosen, and the pointer file a move writes (null with --data-dir or
   * EASEL_HOME), or the error that stopped it being found (a moved folder that is not there).
   */
  readonly location:
    | { dataDir: string; source: 'option' | 'env' | 'pointer' | 'default'; locationFile: string | null }
    | { error: Error };
  profile: string | undefined;
  region: string | undefined;
  /**
   * Opens the studio. `resumeQueued`: pick up jobs an earlier session left queued (generation
   * commands only: a read-only command must not start paid work it would then abort on exit).
   */
  openStudio(options?: { resumeQueued?: boolean; concurrency?: number }): Promise<Studio>;
  /** Called on Ctrl-C (SIGINT); the latest handler wins. */
  onInterrupt(handler: (count: number) => void): void;
}

export async function contextFor(
  io: CliIo,
  out: Output,
  parsed: Parsed,
  opened: Studio[],
  interrupts: { handler: ((count: number) => void) | null },
): Promise<CommandContext> {
  // The facade (AWS SDK, SQLite, sharp) loads only when a command needs it: --help and usage
  // errors answer at once.
  const { resolveDataLocation } = await import('../core/studio/location.ts');
  const option = str(parsed.values, 'data-dir');
  let location: CommandContext['location'];
  try {
    location =
      option === undefined
        ? resolveDataLocation(io.env)
        : { dataDir: resolvePath(io.cwd, option), source: 'option', locationFile: null };
  } catch (error) {
    location = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  const where = location;
  // Only `easel data where` reads the location without its folder; everything else needs the folder.
  const folder = (): string => {
    if ('error' in where) throw where.error;
    return where.dataDir;
  };
  return {
    io,
    out,
    get dataDir() {
      return folder();
    },
    location,
    // AWS_PROFILE is the profile the SDK would use anyway; naming it makes jobs and spend record it.
    profile: str(parsed.values, 'profile') ?? (io.env.AWS_PROFILE?.trim() || undefined),
    region: str(parsed.values, 'region'),
    async openStudio(options = {}) {
      const { createStudio } = await import('../core/studio/index.ts');
      const studio = createStudio({
        dataDir: folder(),
        ...('error' in where || where.locationFile === null ? {} : { locationFile: where.locationFile }),
        env: io.env,
        resumeQueued: options.resumeQueued ?? false,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      });
      opened.push(studio);
      return studio;
    },
    onInterrupt(handler) {
      interrupts.handler = handler;
    },
  };
}

/** Absolute path of an image file in the data folder. */
export function imagePath(studio: Studio, image: ImageRecord): string {
  return join(studio.dataDir, ...image.path.split('/'));
}

/** Same list as the domain's TERMINAL_JOB_STATUSES (kept here so --help does not load zod). */
export const TERMINAL: readonly JobStatus[] = ['succeeded', 'failed', 'filtered', 'cancelled', 'interrupted'];

export function isTerminal(job: Job): boolean {
  return TERMINAL.includes(job.status);
}

/**
 * Resolves when every job in `ids` has reached a terminal status, with their final state. Listens
 * to job updates and also polls (a job may have finished before we subscribed).
 */
export function waitForJobs(
  studio: Studio,
  ids: readonly string[],
  onChange?: (job: Job) => void,
): Promise<Map<string, Job>> {
  const wanted = new Set(ids);
  const final = new Map<string, Job>();
  return new Promise((resolve) => {
    let off = (): void => undefined;
    const settle = (job: Job): void => {
      if (!wanted.has(job.id) || final.has(job.id)) return;
      if (isTerminal(job)) {
        final.set(job.id, job);
        onChange?.(job);
      }
      if (final.size === wanted.size) {
        off();
        clearInterval(timer);
        resolve(final);
      }
    };
    const poll = (): void => {
      for (const id of wanted) if (!final.has(id)) settle(studio.getJob(id));
    };
    off = studio.onJobUpdate((update) => {
      if (wanted.has(update.job.id) && !isTerminal(update.job)) onChange?.(update.job);
      settle(update.job);
    });
    const timer = setInterval(poll, 500);
    if (wanted.size === 0) {
      off();
      clearInterval(timer);
      resolve(final);
      return;
    }
    poll();
  });
}
