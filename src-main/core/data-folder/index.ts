// Public surface of core/data-folder: where the data folder is (EASEL_HOME, the pointer a move
// writes, the OS default), the lock that lets one process at a time run its queue, and moving it.
export {
  resolveDataDir,
  resolveDataLocation,
  defaultDataDir,
  readDataLocation,
  writeDataLocation,
  APP_FOLDER_NAME,
  LOCATION_FILE_NAME,
} from './location.ts';
export type { DataLocation } from './location.ts';
export { claimDataFolderAlone, describeOwner, openDataFolderLock } from './lock.ts';
export type { DataFolderLock, DataFolderLockOptions, LockOwner } from './lock.ts';
export { moveDataFolder, PREVIOUS_DATA_DIR_SETTING } from './move.ts';
export type { DataMoveProgress, DataMoveResult } from './move.ts';
export { restoreDatabase } from './restore.ts';
export type { RestoreOptions, RestoreResult } from './restore.ts';
