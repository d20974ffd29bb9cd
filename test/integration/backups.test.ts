// Backups from the app's side: backups.info / backups.create through the IPC gate over a real
// studio, the daily backup when a folder opens (a fake clock), and only by the folder's owner.
import { afterEach, describe, expect, it } from 'vitest';
import { createIpcGate } from '../../src-main/electron/ipc.ts';
import type { CallName, InvokeResult } from '../../src-shared/contract/index.ts';
import { CORE } from './cli-harness.ts';
import { createHarness, type Harness } from './studio-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function gateOver(harness: Harness, studio = harness.studio) {
  const gate = createIpcGate(studio.handlers, { isTrustedSender: () => true, validateResponses: true, log: () => {} });
  return <K extends CallName>(name: K, payload: unknown) => gate({}, name, payload) as Promise<InvokeResult<K>>;
}

describe('backups in the app', () => {
  it('backups.info and backups.create through the gate, validated both ways', async () => {
    let now = new Date('2026-06-01T09:00:00.000Z');
    h = await createHarness({ studio: { clock: () => now } });
    await h.studio.generate({ modelId: CORE, prompt: 'a lighthouse' });
    await h.studio.whenIdle();
    const call = gateOver(h);

    const none = await call('backups.info', {});
    expect(none).toEqual({
      ok: true,
      value: { folder: expect.stringMatching(/backups$/), last: null, count: 0, keep: 7, lastError: null },
    });
    const made = await call('backups.create', {});
    expect(made).toEqual({
      ok: true,
      value: { name: 'easel-2026-06-01T09-00-00-000Z.db', bytes: expect.any(Number), createdAt: now.toISOString() },
    });
    now = new Date('2026-06-01T10:00:00.000Z');
    await call('backups.create', {});
    const info = await call('backups.info', {});
    expect(info.ok && info.value).toMatchObject({
      count: 2,
      last: { name: 'easel-2026-06-01T10-00-00-000Z.db', createdAt: '2026-06-01T10:00:00.000Z' },
    });
    // The gate refuses what the contract does not allow.
    expect(await call('backups.create', { file: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('backs up once a day when the folder opens (the owner only), not for a new library', async () => {
    let now = new Date('2026-06-01T09:00:00.000Z');
    const clock = () => now;
    h = await createHarness({ studio: { clock } });
    await h.studio.whenBackupsDone();
    expect(h.studio.listBackups()).toEqual([]); // a new library
    await h.studio.close();

    const first = h.open({ clock });
    // A second process on the folder (not the owner) leaves backups to the owner.
    const second = h.open({ clock });
    expect(second.dataFolder.owner).toBe(false);
    await Promise.all([first.whenBackupsDone(), second.whenBackupsDone()]);
    expect(first.listBackups().map((b) => b.createdAt)).toEqual(['2026-06-01T09:00:00.000Z']);
    await second.close();
    await first.close();

    now = new Date('2026-06-02T08:59:00.000Z');
    const sameDay = h.open({ clock });
    await sameDay.whenBackupsDone();
    expect(sameDay.listBackups()).toHaveLength(1);
    await sameDay.close();

    now = new Date('2026-06-02T09:00:00.000Z');
    const nextDay = h.open({ clock });
    await nextDay.whenBackupsDone();
    expect(nextDay.listBackups().map((b) => b.createdAt)).toEqual([
      '2026-06-02T09:00:00.000Z',
      '2026-06-01T09:00:00.000Z',
    ]);
  });
});
