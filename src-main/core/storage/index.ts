// Public surface of core/storage: the database, its repositories and the image files of one data
// folder. Row types (Db*) stay inside this folder.
export { openStorage } from './storage.ts';
export type { Storage, StorageBackups, OpenStorageOptions } from './storage.ts';
export {
  backupDatabase,
  listBackups,
  newestBackup,
  verifyDatabaseCopy,
  KEEP_BACKUPS,
  DAILY_BACKUP_MS,
} from './backups.ts';
export type { BackupInfo } from './backups.ts';
export { damagedDatabaseError, databaseFileProblem, inspectDatabaseFile } from './damage.ts';
export { integrityReport } from './integrity.ts';
export type { IntegrityReport } from './integrity.ts';
export { dataPaths, imageRelPath, thumbRelPath, IMAGE_EXTENSIONS } from './layout.ts';
export type { DataPaths } from './layout.ts';
export { openDatabase, migrate, appliedMigrations, checkMigrationPrefix, QUICK_CHECK_AT_OPEN_MAX_BYTES } from './db.ts';
export type { Db, OpenOptions, AppliedMigration } from './db.ts';
export { MIGRATIONS } from './migrations/index.ts';
export type { Migration } from './migrations/index.ts';
export { systemClock, localDayStart, localMonthStart } from './clock.ts';
export type { Clock } from './clock.ts';
export { toFtsQuery } from './fts-query.ts';
export { ImageStore, decodeAhead, sha256Hex, THUMBNAIL_SIZE, MAX_IMAGE_PIXELS } from './image-store.ts';
export type { StoredImage, PutOptions, DecodeAhead } from './image-store.ts';
export { ResponseSpool } from './spool.ts';
export { freeBytes, isDiskFull, megabytes } from './free-space.ts';
export { checkLibrary } from './check-library.ts';
export type { CheckLibraryOptions, LibraryCheck } from './check-library.ts';
export { ImagesRepo } from './images-repo.ts';
export { InPlaceRepo } from './in-place-repo.ts';
export type { ExternalFile, LibraryFolder } from './in-place-repo.ts';
export type { NewImage, ImageLineage, ImagePage, PurgedFile } from './images-repo.ts';
export { GenerationsRepo } from './generations-repo.ts';
export type {
  QueueJobInput,
  GenerationOutcome,
  OutcomeCharge,
  TerminalStatus,
  RunningStatus,
  JobListOptions,
} from './generations-repo.ts';
export { PromptsRepo } from './prompts-repo.ts';
export type { PromptListOptions } from './prompts-repo.ts';
export { TagsRepo, normaliseTagName } from './tags-repo.ts';
export { CollectionsRepo } from './collections-repo.ts';
export { CanvasesRepo } from './canvases-repo.ts';
export { ChatRepo } from './chat-repo.ts';
export { UncertainSpendRepo } from './uncertain-spend.ts';
export type { SettleRequest } from './uncertain-spend.ts';
export type { StartTurnInput, TurnOutcome, TurnSpend } from './chat-repo.ts';
export type { CanvasItemInput } from './canvases-repo.ts';
export { FORECAST_MIN_DAYS, SpendRepo, forecastMonthEnd } from './spend-repo.ts';
export type {
  SpendRange,
  SpendSummary,
  ModelSpend,
  ProfileSpend,
  DaySpend,
  ModelOutcomes,
  MonthForecast,
} from './spend-repo.ts';
export { BudgetsRepo, periodBounds } from './budgets-repo.ts';
export type { BudgetUsage, BudgetWarning, Reservation } from './budgets-repo.ts';
export { PricesRepo } from './prices-repo.ts';
export type { PriceOverride } from './prices-repo.ts';
export { SettingsRepo } from './settings-repo.ts';
export { VideosRepo } from './videos-repo.ts';
export type { QueueVideoInput, SegmentWork } from './videos-repo.ts';
export { VideoAssetsRepo, storeVideoFile, videoRelPath } from './video-assets.ts';
export type { StoredVideo, VideoFacts } from './video-assets.ts';
