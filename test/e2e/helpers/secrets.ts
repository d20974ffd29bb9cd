// Every e2e test records every bridge response (invoke results, events, drags) and asserts that
// no AWS access key id, secret key or session token ever reached the page.
import type { TrafficRecord } from '../../bridge/bridge.ts';

/** The emulator's default credentials (AWS's documentation pair) and a session token for tests. */
export const TEST_ACCESS_KEY_ID = 'AKIDEXAMPLE';
export const TEST_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const TEST_SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLEeaseltestSESSIONtokenAQoDYXdzEJr//////////wEaDEXAMPLE==';

const GENERIC_PATTERNS: RegExp[] = [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, /aws_secret_access_key/i, /aws_session_token/i];

export interface SecretWatch {
  /** Pass as the bridge's onTraffic. */
  record: (record: TrafficRecord) => void;
  readonly records: TrafficRecord[];
  /** Throws when any recorded body contains a secret, or when nothing was recorded at all. */
  assertNoSecrets(): void;
}

export function watchForSecrets(
  secrets: readonly string[] = [TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, TEST_SESSION_TOKEN],
): SecretWatch {
  const records: TrafficRecord[] = [];
  return {
    records,
    record: (record) => {
      records.push(record);
    },
    assertNoSecrets() {
      if (records.length === 0)
        throw new Error('No bridge traffic was recorded: the secret check would prove nothing.');
      for (const record of records) {
        // JSON escapes '/' optionally; check the decoded text as well as the raw body.
        const texts = [record.body, record.body.replaceAll('\\/', '/')];
        for (const secret of secrets) {
          if (texts.some((t) => t.includes(secret)))
            throw new Error(`A secret reached the page in ${record.kind} ${record.name}: ${secret.slice(0, 4)}…`);
        }
        for (const pattern of GENERIC_PATTERNS) {
          if (texts.some((t) => pattern.test(t)))
            throw new Error(
              `Something credential-shaped (${pattern}) reached the page in ${record.kind} ${record.name}`,
            );
        }
      }
    },
  };
}
