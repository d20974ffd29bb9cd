// The layering rule (eslint/layers.js) on probe snippets: the real ESLint with the repository's own
// config lints each snippet as if it were a file at `filePath` in the tree. Each forbidden probe must
// be flagged by the named rule; each allowed one must pass clean. The forbidden list starts with the
// leaks issue 9 found in the old deny-list and the six bypasses of the facade.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

interface Probe {
  /** Where the snippet pretends to live (relative to the repository root; the file need not exist). */
  file: string;
  code: string;
}

async function lint({ file, code }: Probe): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const DEPENDENCIES = 'boundaries/dependencies';
const UNKNOWN_FILE = 'boundaries/no-unknown-files';

const forbidden: (Probe & { why: string; rule: string })[] = [
  // The leaks of the old deny-list (issue 9).
  {
    why: 'src-shared reaching into src-main two folders up',
    file: 'src-shared/models/probe.ts',
    code: "export { openStorage } from '../../src-main/core/storage/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'sharp in src-shared',
    file: 'src-shared/probe.ts',
    code: "export { default } from 'sharp';",
    rule: DEPENDENCIES,
  },
  {
    why: 'better-sqlite3 in the renderer',
    file: 'src-renderer/features/library/probe.ts',
    code: "import Database from 'better-sqlite3';\nexport const db = new Database(':memory:');",
    rule: DEPENDENCIES,
  },
  {
    why: 'the shell reaching the database file',
    file: 'src-main/electron/probe.ts',
    code: "export { openDatabase } from '../core/storage/db.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: "one core module reaching another module's internal file",
    file: 'src-main/core/jobs/probe.ts',
    code: "export { GenerationsRepo } from '../storage/generations-repo.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'a new folder that no layer covers (importing electron and react-dom)',
    file: 'src-main/plugins/probe.ts',
    code: "import { app } from 'electron';\nimport { createRoot } from 'react-dom/client';\nexport { app, createRoot };",
    rule: UNKNOWN_FILE,
  },
  // The six bypasses of the facade.
  {
    why: 'the shell reaching core/credentials (log.ts)',
    file: 'src-main/electron/probe.ts',
    code: "export { credentialsFor } from '../core/credentials/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'the CLI reaching core/credentials (run.ts)',
    file: 'src-main/cli/probe.ts',
    code: "export { credentialsFor } from '../core/credentials/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'the shell reaching core/data-folder (main.ts)',
    file: 'src-main/electron/probe.ts',
    code: "export { resolveDataLocation } from '../core/data-folder/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: "the CLI importing data-folder's internal file dynamically (context.ts)",
    file: 'src-main/cli/probe.ts',
    code: "export const load = () => import('../core/data-folder/location.ts');",
    rule: DEPENDENCIES,
  },
  {
    why: "the shell reaching a file of the facade behind its index (a domain's handlers)",
    file: 'src-main/electron/probe.ts',
    code: "export { jobHandlers } from '../core/studio/jobs.ts';",
    rule: DEPENDENCIES,
  },
  // Packages and folders outside each layer's list.
  {
    why: 'node:* in src-shared',
    file: 'src-shared/probe.ts',
    code: "export { readFile } from 'node:fs';",
    rule: DEPENDENCIES,
  },
  {
    why: 'react in src-shared',
    file: 'src-shared/probe.ts',
    code: "export { useState } from 'react';",
    rule: DEPENDENCIES,
  },
  {
    why: 'node:* in the renderer',
    file: 'src-renderer/probe.ts',
    code: "export { readFile } from 'node:fs/promises';",
    rule: DEPENDENCIES,
  },
  {
    why: 'the renderer reaching main',
    file: 'src-renderer/probe.ts',
    code: "export { resolveDataLocation } from '../src-main/core/studio/location.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'electron in core',
    file: 'src-main/core/jobs/probe.ts',
    code: "export { app } from 'electron';",
    rule: DEPENDENCIES,
  },
  {
    why: 'react in core',
    file: 'src-main/core/storage/probe.ts',
    code: "export { useState } from 'react';",
    rule: DEPENDENCIES,
  },
  {
    why: 'core reaching the shell',
    file: 'src-main/core/jobs/probe.ts',
    code: "export { logFault } from '../../electron/log.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'core reaching the emulator',
    file: 'src-main/core/bedrock/probe.ts',
    code: "export { startEmulator } from '../../emulator/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'a type-only import of an internal file still counts',
    file: 'src-main/electron/probe.ts',
    code: "import type { Db } from '../core/storage/db.ts';\nexport type Handle = Db;",
    rule: DEPENDENCIES,
  },
  {
    why: 'a require() call counts too',
    file: 'src-main/core/jobs/probe.ts',
    code: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const react: unknown = require('react');",
    rule: DEPENDENCIES,
  },
  {
    why: 'an import that resolves to no file',
    file: 'src-main/cli/probe.ts',
    code: "export { nothing } from '../core/nowhere/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'electron in the CLI',
    file: 'src-main/cli/probe.ts',
    code: "export { app } from 'electron';",
    rule: DEPENDENCIES,
  },
  {
    why: 'the emulator reaching the app catalog',
    file: 'src-main/emulator/probe.ts',
    code: "export { findModel } from '../../src-shared/models/index.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'the bridge loading the Electron main process',
    file: 'test/bridge/probe.ts',
    code: "export { default } from '../../src-main/electron/main.ts';",
    rule: DEPENDENCIES,
  },
  {
    why: 'electron in a test',
    file: 'test/integration/probe.test.ts',
    code: "export { app } from 'electron';",
    rule: DEPENDENCIES,
  },
  {
    why: 'electron in a script',
    file: 'scripts/probe.ts',
    code: "export { app } from 'electron';",
    rule: DEPENDENCIES,
  },
  {
    why: "a unit test still keeps its layer's rules",
    file: 'src-shared/probe.test.ts',
    code: "export { readFile } from 'node:fs';",
    rule: DEPENDENCIES,
  },
  {
    why: 'a file directly in core/, outside any module',
    file: 'src-main/core/probe.ts',
    code: 'export const x = 1;',
    rule: UNKNOWN_FILE,
  },
  {
    why: 'a file under src-* that no layer covers',
    file: 'src-worker/probe.ts',
    code: 'export const x = 1;',
    rule: UNKNOWN_FILE,
  },
];

const allowed: (Probe & { why: string })[] = [
  {
    why: 'src-shared: itself and zod',
    file: 'src-shared/models/probe.ts',
    code: "export { z } from 'zod';\nexport { EaselError } from '../errors.ts';\nexport { findModel } from './index.ts';",
  },
  {
    why: 'the renderer: itself, src-shared, its UI packages',
    file: 'src-renderer/features/probe.ts',
    code: [
      "export { useState } from 'react';",
      "export { createRoot } from 'react-dom/client';",
      "export { create } from 'zustand';",
      "export { useShallow } from 'zustand/react/shallow';",
      "export { default as Konva } from 'konva';",
      "export { Stage } from 'react-konva';",
      "export { useVirtualizer } from '@tanstack/react-virtual';",
      "export { formatMicros } from '../../src-shared/money.ts';",
      "export { api } from '../api.ts';",
    ].join('\n'),
  },
  {
    why: "a core module: its own files, another module's index.ts, node:*, src-shared, its packages",
    file: 'src-main/core/jobs/probe.ts',
    code: [
      "export { JobQueue } from './queue.ts';",
      "export { openStorage } from '../storage/index.ts';",
      "export { readFile } from 'node:fs/promises';",
      "export { default as Database } from 'better-sqlite3';",
      "export { default as sharp } from 'sharp';",
      "export { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';",
      "export { EaselError } from '../../../src-shared/errors.ts';",
    ].join('\n'),
  },
  {
    why: "the shell: itself, electron, the facade's light entry, the emulator's index",
    file: 'src-main/electron/probe.ts',
    code: [
      "export { app } from 'electron';",
      "export { logFault } from './log.ts';",
      "export { resolveDataLocation } from '../core/studio/location.ts';",
      "export { startEmulator } from '../emulator/index.ts';",
      "export { redactSecrets } from '../../src-shared/redact.ts';",
    ].join('\n'),
  },
  {
    why: "the CLI: the facade's light entry, loaded lazily",
    file: 'src-main/cli/probe.ts',
    code: "export const load = () => import('../core/studio/location.ts');\nexport { parse } from 'yaml';",
  },
  {
    why: 'the emulator: itself, node:*, its packages',
    file: 'src-main/emulator/probe.ts',
    code: "export { startEmulator } from './index.ts';\nexport { SignatureV4 } from '@smithy/signature-v4';\nexport { createServer } from 'node:http';",
  },
  {
    why: "the bridge: the shell's Electron-free pieces, the facade's light entry, the build script",
    file: 'test/bridge/probe.ts',
    code: [
      "export { createGate } from '../../src-main/electron/ipc.ts';",
      "export { resolveDataLocation } from '../../src-main/core/studio/location.ts';",
      "export { buildRenderer } from '../../scripts/build.ts';",
      "export { build } from 'esbuild';",
    ].join('\n'),
  },
  {
    why: 'an integration test: anything in the repository and any package but electron',
    file: 'test/integration/probe.test.ts',
    code: [
      "export { openDatabase } from '../../src-main/core/storage/db.ts';",
      "export { describe } from 'vitest';",
      "export { BedrockClient } from '@aws-sdk/client-bedrock';",
    ].join('\n'),
  },
  {
    why: 'a unit test beside core code: vitest and the shared test support',
    file: 'src-main/core/storage/probe.test.ts',
    code: "export { it } from 'vitest';\nexport { openDatabase } from './db.ts';\nexport { NodeSha256 } from '../../../test/support/node-sha256.ts';",
  },
];

describe('the layering allow-list', () => {
  it.each(forbidden)('flags $why ($file)', async (probe) => {
    const messages = await lint(probe);
    expect(
      messages.some((m) => m.startsWith(`${probe.rule}:`)),
      messages.join('\n') || 'no message',
    ).toBe(true);
  });

  it.each(allowed)('allows $why ($file)', async (probe) => {
    expect(await lint(probe)).toEqual([]);
  });

  // The facade's index is created by the facade split (issue 9 item 1); until then it cannot resolve.
  it.runIf(existsSync(path.join(root, 'src-main/core/studio/index.ts')))(
    "allows the shell, the CLI and the bridge the facade's index",
    async () => {
      for (const file of ['src-main/electron/probe.ts', 'src-main/cli/probe.ts'])
        expect(await lint({ file, code: "export * from '../core/studio/index.ts';" })).toEqual([]);
      expect(
        await lint({ file: 'test/bridge/probe.ts', code: "export * from '../../src-main/core/studio/index.ts';" }),
      ).toEqual([]);
    },
  );
});
