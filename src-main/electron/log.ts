// Logging for the shell with AWS secrets redacted. Anything the gate or the protocol handlers log
// passes through `redactSecrets` first: access key ids, secret keys and session tokens never
// reach a log file, even inside an unexpected error's message or stack.

const REDACTIONS: [RegExp, string][] = [
  // Access key ids: AKIA/ASIA + 16, and the documentation example id.
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g, '[redacted-access-key-id]'],
  [/\bAKIDEXAMPLE\b/g, '[redacted-access-key-id]'],
  // key = value pairs from ini files, env dumps or JSON.
  [/((?:aws_)?(?:secret_access_key|session_token|security_token|secretAccessKey|sessionToken)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]'],
  // A bare 40-character secret key (base64 alphabet with at least one / or + or mixed case + digit).
  [/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))(?=[^\s]*[0-9])(?=[^\s]*[a-z])(?=[^\s]*[A-Z])[A-Za-z0-9/+]{40}/g, '[redacted-secret]'],
  // Session tokens are long base64 blobs.
  [/[A-Za-z0-9/+]{100,}={0,2}/g, '[redacted-token]'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

export type LogFn = (message: string, error?: unknown) => void;

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** The default logger: one redacted line (plus the redacted error) on stderr. */
export const logFault: LogFn = (message, error) => {
  const detail = error === undefined ? '' : `\n${describe(error)}`;
  console.error(redactSecrets(`[easel] ${message}${detail}`));
};

/** A logger for tests or the file log: formats and redacts like logFault, hands the line to `sink`. */
export function createLogger(sink: (line: string) => void): LogFn {
  return (message, error) => sink(redactSecrets(`[easel] ${message}${error === undefined ? '' : `\n${describe(error)}`}`));
}

/** Wraps any logger so that what reaches it (message and error text) is already redacted. */
export function redacting(log: LogFn): LogFn {
  return (message, error) => log(redactSecrets(error === undefined ? message : `${message}\n${describe(error)}`));
}
