// At start, a damaged database stops the studio from opening (core/storage refuses it, untouched).
// The user is told which file and what is wrong and, when there is a backup, offered the newest one:
// restored (the damaged file kept aside), then the studio opens on it. Electron-free: the dialog is
// passed in (main.ts uses dialog.showMessageBox).
import { isEaselError } from '../../src-shared/errors.ts';
import { newestBackupIn, restoreBackup, type RestoreResult, type Studio } from '../core/studio/index.ts';

export interface DamagedDatabaseDialog {
  /** The damage (the error's message) and the newest backup, if any: restore it, or quit. */
  ask(message: string, backup: { file: string; createdAt: string } | null): Promise<'restore' | 'quit'>;
  /** After a restore: what was restored and where the damaged file was kept. */
  restored(result: RestoreResult): Promise<void>;
}

export async function openStudioOrOfferRestore(
  open: () => Studio,
  dataDir: string,
  dialog: DamagedDatabaseDialog,
): Promise<Studio> {
  try {
    return open();
  } catch (error) {
    if (!isEaselError(error) || error.code !== 'database-damaged') throw error;
    const backup = newestBackupIn(dataDir);
    if ((await dialog.ask(error.message, backup)) !== 'restore' || backup === null) throw error;
    const result = await restoreBackup({ dataDir, file: backup.file });
    await dialog.restored(result);
    return open();
  }
}
