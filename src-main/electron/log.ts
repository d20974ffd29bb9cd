// Logging for the shell with AWS secrets redacted. Anything the gate or the protocol handlers log
// passes through `redactSecrets` (src-shared/redact.ts) first: access key ids, secret keys and
// session tokens never reach stderr or the log file, even inside an unexpected error's message or
// stack. Faults go to stderr and, once `attachLogFile` has been called, to `<data>/logs/easel.log`.
import { redactSecrets } from '../../src-shared/redact.ts';
import type { FileLog } from './log-file.ts';

export type LogFn = (message: string, error?: unknown) => void;

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function entry(message: string, error: unknown): string {
  return error === undefined ? message : `${message}\n${describe(error)}`;
}

let logFile: FileLog | null = null;

/** From now on logFault also writes to this file (null: stderr only). */
export function attachLogFile(file: FileLog | null): void {
  logFile = file;
}

/** The default logger: one redacted line (plus the redacted error) on stderr and in the log file. */
export const logFault: LogFn = (message, error) => {
  const text = entry(message, error);
  console.error(redactSecrets(`[easel] ${text}`));
  logFile?.write(text);
};

/** A logger for tests: formats and redacts like logFault, hands the line to `sink`. */
export function createLogger(sink: (line: string) => void): LogFn {
  return (message, error) => sink(redactSecrets(`[easel] ${entry(message, error)}`));
}

/** Wraps any logger so that what reaches it (message and error text) is already redacted. */
export function redacting(log: LogFn): LogFn {
  return (message, error) => log(redactSecrets(entry(message, error)));
}
