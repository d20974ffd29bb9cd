// The start-up offer to restore a damaged database, on a real data folder: a garbage header is
// refused and left alone when the user quits, and restoring brings back the ledger's budget.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio, type RestoreResult } from '../core/studio/index.ts';
import { openStudioOrOfferRestore, type DamagedDatabaseDialog } from './damaged-database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function damagedFolder(withBackup: boolean): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'easel-damaged-'));
  dirs.push(dataDir);
  const studio = createStudio({ dataDir, env: {} });
  studio.library.budgets.set({ period: 'month', limitMicroUsd: 20_000_000, hard: true });
  if (withBackup) await studio.backupNow();
  await studio.close();
  const file = join(dataDir, 'easel.db');
  const bytes = readFileSync(file);
  bytes.write('scrambled header', 0, 'latin1');
  writeFileSync(file, bytes);
  return dataDir;
}

function recordingDialog(choice: 'restore' | 'quit') {
  const asked: { message: string; backup: unknown }[] = [];
  const restored: RestoreResult[] = [];
  const dialog: DamagedDatabaseDialog = {
    ask: async (message, backup) => {
      asked.push({ message, backup });
      return choice;
    },
    restored: async (result) => {
      restored.push(result);
    },
  };
  return { dialog, asked, restored };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a damaged database at start', () => {
  it('quitting leaves the damaged file as it was', async () => {
    const dataDir = await damagedFolder(true);
    const before = sha(join(dataDir, 'easel.db'));
    const { dialog, asked } = recordingDialog('quit');
    await expect(
      openStudioOrOfferRestore(() => createStudio({ dataDir, env: {} }), dataDir, dialog),
    ).rejects.toMatchObject({ code: 'database-damaged' });
    expect(asked[0]?.message).toContain(join(dataDir, 'easel.db'));
    expect(asked[0]?.backup).toMatchObject({ file: expect.stringContaining(join(dataDir, 'backups')) });
    expect(sha(join(dataDir, 'easel.db'))).toBe(before);
  });

  it('restoring opens the studio on the newest backup, the damaged file kept aside', async () => {
    const dataDir = await damagedFolder(true);
    const before = sha(join(dataDir, 'easel.db'));
    const { dialog, restored } = recordingDialog('restore');
    const studio = await openStudioOrOfferRestore(() => createStudio({ dataDir, env: {} }), dataDir, dialog);
    try {
      expect(studio.library.budgets.list()).toEqual([
        expect.objectContaining({ period: 'month', limitMicroUsd: 20_000_000, hard: true }),
      ]);
      expect(restored[0]?.replacedWasDamaged).toBe(true);
      expect(sha(restored[0]?.keptAs ?? '')).toBe(before);
    } finally {
      await studio.close();
    }
  });

  it('without a backup there is nothing to offer: the error stands', async () => {
    const dataDir = await damagedFolder(false);
    const { dialog, asked } = recordingDialog('restore');
    await expect(openStudioOrOfferRestore(() => createStudio({ dataDir, env: {} }), dataDir, dialog)).rejects.toThrow(
      /There is no backup/,
    );
    expect(asked[0]?.backup).toBeNull();
  });
});
