// The malformed-payload battery against the REAL studio behind the gate (SQLite, files, the AWS
// SDK and the emulator): every call refuses every payload as validation data, nothing crashes, and
// the library (every table's rows, every file in the data folder) is exactly as it was.
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src-shared/contract/index.ts';
import { createHarness, type Harness } from '../../test/integration/studio-harness.ts';
import { createIpcGate } from './ipc.ts';
import { MALFORMED } from './malformed-payloads.ts';

let h: Harness;

async function filesUnder(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(root, path)));
    // The WAL's size moves with checkpoints, not with content.
    else if (!/\.db-(wal|shm)$/.test(entry.name)) out.push(`${relative(root, path)} ${(await stat(path)).size}`);
  }
  return out.sort();
}

async function snapshot(): Promise<{ rows: Record<string, number>; files: string[] }> {
  const db = h.studio.library.db;
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  const rows: Record<string, number> = {};
  for (const { name } of tables)
    rows[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`).get()?.n ?? -1;
  return { rows, files: await filesUnder(h.dataDir) };
}

beforeAll(async () => {
  h = await createHarness();
  await h.studio.generate({
    modelId: 'stability.stable-image-core-v1:1',
    task: 'text-to-image',
    prompt: 'a lighthouse',
    count: 1,
  });
  await h.studio.whenIdle();
});
afterAll(() => h?.cleanup());

describe('the IPC gate over the real studio', () => {
  it('refuses every malformed payload for every call, and the library does not change', async () => {
    const gate = createIpcGate(h.studio.handlers, {
      isTrustedSender: () => true,
      validateResponses: true,
      log: () => {},
    });
    const before = await snapshot();
    expect(before.rows['images']).toBe(1);
    for (const name of CALL_NAMES) {
      for (const [label, payload] of MALFORMED) {
        const result = await gate({}, name, payload);
        expect(result.ok, `${name} / ${label}`).toBe(false);
        if (!result.ok) expect(result.error.code, `${name} / ${label}`).toBe('validation');
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(h.emulator.requests()).toBe(1);
  });
});

describe('settings through the gate over the real studio', () => {
  it('stores what the table accepts, refuses the rest, and reads every key back typed', async () => {
    const gate = createIpcGate(h.studio.handlers, {
      isTrustedSender: () => true,
      validateResponses: true,
      log: () => {},
    });
    const ok = { ok: true, value: {} };
    expect(await gate({}, 'settings.set', { key: 'defaults.size', value: '768x768' })).toEqual(ok);
    expect(await gate({}, 'settings.set', { key: 'jobs.concurrency', value: 3 })).toEqual(ok);
    expect(h.studio.concurrency).toBe(3);
    expect(await gate({}, 'settings.set', { key: 'jobs.concurrency', value: 99 })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'value' },
    });
    expect(await gate({}, 'settings.set', { key: 'mystery', value: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'key' },
    });
    expect(h.studio.concurrency).toBe(3);
    expect(h.studio.library.settings.getRaw('mystery')).toBeUndefined();
    // A value another version wrote that the table no longer accepts reads as the default.
    h.studio.library.settings.set('ui.theme', { mode: 'purple' });
    expect(await gate({}, 'settings.get', {})).toEqual({
      ok: true,
      value: {
        settings: {
          'defaults.modelId': '',
          'defaults.size': '768x768',
          'jobs.concurrency': 3,
          'ui.theme': 'dark',
          'data.previousDir': null,
          'bedrock.allowedRegions': null,
          'video.outputBucket': null,
          'video.deleteAfterDownload': false,
        },
      },
    });
  });
});
