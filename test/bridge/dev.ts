// `npm run dev:browser -- --port N [--data DIR]`: builds the renderer, starts the Bedrock
// emulator and the bridge on 127.0.0.1 over the real studio facade with a throwaway data folder
// (unless --data is given) and AWS settings that point at the emulator, and prints the URL.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRenderer } from '../../scripts/build.ts';
import { createStudio } from '../../src-main/core/studio/index.ts';
import { hostFromStudio } from '../../src-main/electron/studio-host.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import { startBridge } from './bridge.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, data: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`--port must be a port number, not ${values.port}`);

const root = path.resolve(import.meta.dirname, '../..');
const throwaway = values.data === undefined;
const dataDir = values.data ?? (await mkdtemp(path.join(os.tmpdir(), 'easel-dev-')));
await buildRenderer(path.join(root, 'out'));
// Today's Bedrock (2026): the profile is in us-east-1, text-to-image runs in us-west-2.
const emulator = await startEmulator({ previewAccess: true });

// A [default] profile with the emulator's test keys, so the studio works exactly as with AWS.
const awsDir = path.join(dataDir, 'aws');
await mkdir(awsDir, { recursive: true });
const { accessKeyId, secretAccessKey } = EMULATOR_DEFAULT_CREDENTIALS;
await writeFile(
  path.join(awsDir, 'credentials'),
  `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
);
await writeFile(path.join(awsDir, 'config'), '[default]\nregion = us-east-1\n');
const studio = createStudio({
  dataDir: path.join(dataDir, 'data'),
  demoMode: true,
  env: {
    HOME: dataDir,
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url,
    AWS_ENDPOINT_URL_BEDROCK: emulator.url,
  },
});
const host = hostFromStudio(studio);

const bridge = await startBridge({
  handlers: host.handlers,
  subscribe: (l) => host.subscribe(l),
  resolveImage: host.resolveImage,
  libraryRoot: host.libraryRoot,
  rendererDir: path.join(root, 'out/renderer'),
  port,
});
console.log(`Easel (browser bridge): ${bridge.url}`);
console.log(`Bedrock emulator: ${emulator.url}   data folder: ${dataDir}${throwaway ? ' (deleted on exit)' : ''}`);

const stop = async () => {
  await bridge.close();
  await host.close();
  await emulator.stop();
  if (throwaway) await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
