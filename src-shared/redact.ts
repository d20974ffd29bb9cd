// Removes AWS secrets from any text before it reaches a message, a log or the renderer.
// Over-redaction is acceptable; a leaked secret is not.

const REDACTED = '[REDACTED]';

// Access key ids: AKIA (long-term), ASIA (temporary) and the other IAM unique-id prefixes, plus the
// documentation example `AKIDEXAMPLE` and its relatives.
// Matched also when glued to other text (`keyAKIA…`, `AKIA…_backup`): no word boundaries.
const ACCESS_KEY_ID =
  /(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA|AGPA|AIPA|ANPA|ANVA|APKA|ASCA)[A-Z0-9]{12,}|(?<![A-Z])AKID[A-Z0-9]*/g;

// Bedrock API keys: long-term `ABSK<base64>` and short-term `bedrock-api-key-<base64 of a presigned
// URL>` (sent as `Authorization: Bearer <key>`). Matched whole, before the base64 rules below could
// cut them in pieces and leave a prefix behind.
const BEDROCK_API_KEY = /\bABSK[A-Za-z0-9+/=]{16,}|\bbedrock-api-key-[A-Za-z0-9+/=%._~-]+/g;

// The credential of an `Authorization: Bearer <token>` header (16+ characters: "bearer token" in prose stays).
const BEARER_VALUE = /\b(bearer\s+)[A-Za-z0-9+/=._~-]{16,}/gi;

// A value after a secret-bearing marker: `aws_secret_access_key = x`, `"SecretAccessKey":"x"`,
// `<SessionToken>x</SessionToken>`, `X-Amz-Security-Token: x`, `accessToken: x`, ... also JSON
// inside a JSON string (`\"secretAccessKey\":\"x\"`) and a URL-encoded `=` (`%3D`).
const MARKED_VALUE =
  /((?:aws_)?secret[_ -]?(?:access[_ -]?)?key|secretAccessKey|(?:aws_)?session[_ -]?token|x-amz-security-token|security[_ -]?token|access[_ -]?token|refresh[_ -]?token|client[_ -]?secret|aws_bearer_token_[a-z0-9_]+)(\\?["']?\s*(?:[:=]|>|%3D)\s*\\?["']?)([^\s"'<>,;&\\]+)/gi;

// A bare 40-character base64-ish run with both upper- and lower-case letters: the shape of a secret
// access key. Pure hex (SHA-1 cache file names, commit ids) does not match. May follow `=`
// (`secret=…` in a query or a config line).
const BARE_SECRET =
  /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

// Session tokens are long base64 blobs that start with a recognisable prefix.
const BARE_SESSION_TOKEN = /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=]*/g;

// Any other long base64 blob (100+ characters): a session token of an unknown prefix, or an SSO
// token. Over-redacts the odd long base64 payload in an error message, which is acceptable.
const LONG_BLOB = /[A-Za-z0-9/+]{100,}={0,2}/g;

// A run of text that may hide a secret behind an encoding: URL percent-escapes (`%2F`, `%2B`) and
// JSON escapes (`\/`, `\u002F`) split a secret into pieces no pattern above recognises.
const ENCODED_RUN = /(?:[A-Za-z0-9/+=_.~-]|%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\[/"\\])+/g;

export function redactSecrets(text: string): string {
  // Encoded runs first: the plain patterns would stop at the first escape and leave the rest.
  const decodedRuns = text.replace(ENCODED_RUN, (run) => {
    if (!run.includes('%') && !run.includes('\\')) return run;
    const decoded = decodeRun(run);
    return decoded !== run && redactPlain(decoded) !== decoded ? REDACTED : run;
  });
  return redactPlain(decodedRuns);
}

function redactPlain(text: string): string {
  return text
    .replace(BEDROCK_API_KEY, REDACTED)
    .replace(BEARER_VALUE, (_match, marker: string) => `${marker}${REDACTED}`)
    .replace(MARKED_VALUE, (_match, marker: string, separator: string) => `${marker}${separator}${REDACTED}`)
    .replace(BARE_SESSION_TOKEN, REDACTED)
    .replace(LONG_BLOB, REDACTED)
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(BARE_SECRET, REDACTED);
}

function decodeRun(run: string): string {
  return run
    .replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\u([0-9A-Fa-f]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\([/"\\])/g, '$1');
}
