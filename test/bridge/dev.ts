// `npm run dev:browser -- --port N [--data DIR]`: builds the renderer, starts the Bedrock
// emulator and the bridge on 127.0.0.1 with a throwaway data folder, and prints the URL to open.
// Until the facade (src-main/core/studio.ts) exists the bridge runs the shell's placeholder host;
// when it does, build the facade here against the emulator (one place, marked below).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRenderer } from '../../scripts/build.ts';
import { createPlaceholderHost } from '../../src-main/electron/placeholder-host.ts';
import { startEmulator } from '../../src-main/emulator/index.ts';
import { startBridge } from './bridge.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, data: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);

const root = path.resolve(import.meta.dirname, '../..');
const throwaway = values.data === undefined;
const dataDir = values.data ?? (await mkdtemp(path.join(os.tmpdir(), 'easel-dev-')));
await buildRenderer(path.join(root, 'out'));
const emulator = await startEmulator();

// ==== The facade goes here (with emulator.env() as its AWS endpoint and credentials). ====
const host = createPlaceholderHost({ version: 'dev', dataDir, libraryRoot: path.join(dataDir, 'library') });

const bridge = await startBridge({ handlers: host.handlers, subscribe: (l) => host.subscribe(l), resolveImage: host.resolveImage, libraryRoot: host.libraryRoot, rendererDir: path.join(root, 'out/renderer'), port });
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
