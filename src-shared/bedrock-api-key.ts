// The shape of a Bedrock API key, for everyone who checks or shows one: the IPC gate (apiKey.set),
// core's credentials (the AWS_BEARER_TOKEN_BEDROCK variable) and the Settings card. Long-term keys
// are `ABSK` + base64 (~130 characters); short-term ones `bedrock-api-key-` + base64 of a presigned
// URL (a few thousand). Nothing here ever quotes a key: `maskApiKey` shows the prefix and 4 characters.

export const API_KEY_MIN_LENGTH = 24;
export const API_KEY_MAX_LENGTH = 8192;
export const LONG_TERM_KEY_PREFIX = 'ABSK';
export const SHORT_TERM_KEY_PREFIX = 'bedrock-api-key-';
export const API_KEY_PATTERN = /^(?:ABSK|bedrock-api-key-)[A-Za-z0-9+/=]+$/;

/** Why this text is not a Bedrock API key, or null when its shape is right. Never quotes the key. */
export function apiKeyFormatProblem(key: string): string | null {
  if (!key.startsWith(LONG_TERM_KEY_PREFIX) && !key.startsWith(SHORT_TERM_KEY_PREFIX))
    return 'A Bedrock API key starts with "ABSK" (long-term) or "bedrock-api-key-" (short-term): copy the whole key from the Bedrock console.';
  if (key.length < API_KEY_MIN_LENGTH || key.length > API_KEY_MAX_LENGTH)
    return `A Bedrock API key is between ${API_KEY_MIN_LENGTH} and ${API_KEY_MAX_LENGTH} characters long: copy the whole key, without anything around it.`;
  if (!API_KEY_PATTERN.test(key))
    return 'A Bedrock API key has only letters, digits and + / = after its prefix: copy it again, without spaces or quotes.';
  return null;
}

/** `ABSK…1234` or `bedrock-api-key-…1234`: the prefix and the last four characters, no more. */
export function maskApiKey(key: string): string {
  const prefix = key.startsWith(SHORT_TERM_KEY_PREFIX) ? SHORT_TERM_KEY_PREFIX : key.slice(0, 4);
  return key.length < API_KEY_MIN_LENGTH ? `${prefix}…` : `${prefix}…${key.slice(-4)}`;
}
