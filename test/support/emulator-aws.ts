// Temp AWS config files for tests that run Easel against the local Bedrock emulator: a [default]
// profile with the emulator's test credentials (region us-east-1), and the environment that points
// the real AWS SDK at those files and at the emulator. Nothing of the developer's own AWS setup is used.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMULATOR_DEFAULT_CREDENTIALS, type RunningEmulator } from '../../src-main/emulator/index.ts';

export interface EmulatorAwsEnv {
  HOME: string;
  AWS_CONFIG_FILE: string;
  AWS_SHARED_CREDENTIALS_FILE: string;
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: string;
  AWS_ENDPOINT_URL_BEDROCK: string;
}

/** Writes `<home>/aws/config` and `<home>/aws/credentials`; returns the env to run with (HOME = home). */
export async function writeEmulatorAwsProfile(home: string, emulator: RunningEmulator): Promise<EmulatorAwsEnv> {
  const awsDir = join(home, 'aws');
  await mkdir(awsDir);
  const { accessKeyId, secretAccessKey } = EMULATOR_DEFAULT_CREDENTIALS;
  await writeFile(
    join(awsDir, 'credentials'),
    `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
  );
  await writeFile(join(awsDir, 'config'), '[default]\nregion = us-east-1\n');
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ENDPOINT_URL_BEDROCK: emulator.url,
  };
}

/** What AWS would have charged for the emulator's requests so far, in micro-USD. */
export function billedTotal(emulator: RunningEmulator): number {
  return emulator.billing().reduce((sum, entry) => sum + entry.priceMicroUsd, 0);
}
