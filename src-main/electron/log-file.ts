// The log file in the data folder (`<data>/logs/easel.log`): one line per entry, UTC time first,
// every line through src-shared's redactSecrets (issue 4: logs a user can attach to a
// bug report without leaking keys). Size-capped: past `maxBytes` the file becomes easel.log.1
// (easel.log.1 → .2, ...; the oldest beyond `keep` is dropped). Plain Node, no Electron, so it is
// unit-tested directly. Writes are synchronous: faults are rare, and a line written just before a
// crash must be on disk.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../../src-shared/redact.ts';

export const LOG_FILE_NAME = 'easel.log';
export const DEFAULT_MAX_LOG_BYTES = 1024 * 1024;
export const DEFAULT_KEPT_LOGS = 3;

export interface FileLogOptions {
  /** Size at which the file is rotated (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one (default 3: easel.log.1 to easel.log.3). */
  keep?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Told once when the file cannot be written (then the file log stops); default stderr. */
  onWriteError?: (message: string) => void;
}

export interface FileLog {
  /** The current file. */
  readonly file: string;
  /** Appends one entry (redacted, line breaks folded so that an entry stays one line). */
  write(entry: string): void;
}

/** `<logsDir>/easel.log`; the folder is created on the first write. */
export function openFileLog(logsDir: string, options: FileLogOptions = {}): FileLog {
  const file = path.join(logsDir, LOG_FILE_NAME);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const keep = options.keep ?? DEFAULT_KEPT_LOGS;
  const now = options.now ?? (() => new Date());
  const onWriteError = options.onWriteError ?? ((message: string) => console.error(`[easel] ${message}`));
  let size: number | undefined;
  let broken = false;

  const rotate = (): void => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) renameIfPresent(`${file}.${n}`, `${file}.${n + 1}`);
    if (keep >= 1) renameIfPresent(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };

  return {
    file,
    write(entry) {
      if (broken) return;
      const line = `${now().toISOString()} ${redactSecrets(oneLine(entry))}\n`;
      const bytes = Buffer.byteLength(line, 'utf8');
      try {
        if (size === undefined) {
          mkdirSync(logsDir, { recursive: true });
          size = fileSize(file);
        }
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(file, line, 'utf8');
        size = (size ?? 0) + bytes;
      } catch (error) {
        broken = true;
        onWriteError(
          redactSecrets(
            `could not write the log file ${file} (${(error as Error).message}); logging to the terminal only from now on`,
          ),
        );
      }
    },
  };
}

/** Stack traces and multi-line messages as one line: line breaks become " | ". */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' | ');
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
