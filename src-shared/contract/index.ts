// The IPC contract: the one map of every call the renderer may make and every event main may
// send. Main's gate (src-main/electron/ipc.ts), the test bridge and the renderer's client
// (src-renderer/api.ts) are all typed and validated from here.
//
// Each domain keeps its calls in its own file (./images.ts, ./jobs.ts, ...); this file composes
// them into `contract` and derives the types. Adding a call is one entry in its domain's map
// (request + response schemas); the facade then fails to compile until it implements it
// (`satisfies StudioHandlers`). Request schemas are strict (unknown keys are rejected); responses
// are validated by the gate in development and tests.
import type { z } from 'zod';
import type { ErrorData } from '../errors.ts';
import type { DroppedFile, ImageVariant } from '../ipc.ts';
import { apiKeyCalls } from './api-key.ts';
import { appCalls } from './app.ts';
import { backupCalls } from './backups.ts';
import { canvasCalls } from './canvases.ts';
import { chatCalls } from './chat.ts';
import { dataFolderCalls } from './data-folder.ts';
import type { CallMap } from './define.ts';
import type { EventName, EventPayload } from './events.ts';
import { imageCalls } from './images.ts';
import { jobCalls } from './jobs.ts';
import { modelCalls } from './models.ts';
import { organisationCalls } from './organisation.ts';
import { priceCalls } from './prices.ts';
import { settingsCalls } from './settings.ts';
import { spendCalls } from './spend.ts';
import { videoCalls } from './video.ts';

/** Each domain's calls, by domain (the contract test checks that no name is in two). */
export const CALLS_BY_DOMAIN = {
  app: appCalls,
  models: modelCalls,
  apiKey: apiKeyCalls,
  jobs: jobCalls,
  images: imageCalls,
  organisation: organisationCalls,
  canvases: canvasCalls,
  spend: spendCalls,
  prices: priceCalls,
  settings: settingsCalls,
  dataFolder: dataFolderCalls,
  backups: backupCalls,
  video: videoCalls,
  chat: chatCalls,
} as const satisfies Record<string, CallMap>;

export const contract = {
  ...appCalls,
  ...modelCalls,
  ...apiKeyCalls,
  ...jobCalls,
  ...imageCalls,
  ...organisationCalls,
  ...canvasCalls,
  ...spendCalls,
  ...priceCalls,
  ...settingsCalls,
  ...dataFolderCalls,
  ...backupCalls,
  ...videoCalls,
  ...chatCalls,
} as const satisfies CallMap;

// ---------------------------------------------------------------------------------------------
// Types derived from the map

export type Contract = typeof contract;
export type CallName = keyof Contract;
/** What a handler receives (after parsing: defaults applied). */
export type CallRequest<K extends CallName> = z.output<Contract[K]['request']>;
/** What a caller may send (before parsing: defaulted fields optional). */
export type CallRequestInput<K extends CallName> = z.input<Contract[K]['request']>;
export type CallResponse<K extends CallName> = z.output<Contract[K]['response']>;

/** The facade implements exactly this (`satisfies StudioHandlers`). */
export type StudioHandlers = { [K in CallName]: (req: CallRequest<K>) => Promise<CallResponse<K>> };

/** Errors cross the boundary as data, never as thrown exceptions. */
export type InvokeResult<K extends CallName> = { ok: true; value: CallResponse<K> } | { ok: false; error: ErrorData };

export const CALL_NAMES = Object.keys(contract) as CallName[];

/** Own-property check: `toString`, `__proto__`, `constructor` are not calls. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** window.easel: the preload in Electron, the shim in the test bridge. */
export interface EaselApi {
  invoke<K extends CallName>(call: K, request: CallRequestInput<K>): Promise<InvokeResult<K>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  imageUrl(imageId: string, variant: ImageVariant): string;
  /** Call from a dragstart handler: the OS drag carries the images' library files. */
  startDrag(imageIds: string[]): void;
  /** The file-system path of a dropped file ('' when it has none). */
  pathForFile(file: DroppedFile): string;
}

// ---------------------------------------------------------------------------------------------
// Every public name of the domains, so importers need only this file

export { defineCall } from './define.ts';
export type { CallEntry, CallMap } from './define.ts';
export { ErrorDataSchema, ID_PATTERN, IdSchema, RegionSchema } from './values.ts';
export { MODEL_LIFECYCLES, ModelSummarySchema, PROFILE_KINDS, ProfileSummarySchema } from './models.ts';
export { API_KEY_SOURCES, ApiKeyStatusSchema } from './api-key.ts';
export { JobSummarySchema, StrictGenerationParamsSchema } from './jobs.ts';
export { ImageRecordSchema, ImageSummarySchema } from './images.ts';
export { BackupSummarySchema } from './backups.ts';
export type { BackupSummary } from './backups.ts';
export { CHAT_TURN_STATUSES, ChatThreadSchema, ChatTurnSchema, ChatUsageSchema } from './chat.ts';
export type { ChatThread, ChatTurn, ChatTurnStatus } from './chat.ts';
export { SettlementSchema, UNCERTAIN_KINDS, UncertainSpendSchema } from './spend.ts';
export type { Settlement, UncertainKind, UncertainSpend } from './spend.ts';
export { EVENT_NAMES, events, isEventName } from './events.ts';
export type { EventEnvelope, EventName, EventPayload } from './events.ts';
// Job statuses and image sources are the domain's (queued → sending → waiting → saving → terminal).
export { IMAGE_SOURCES, JOB_STATUSES } from '../domain.ts';
export type { SettingKey, Settings, SettingUpdate, SettingValue } from '../settings.ts';
// Schemes, channels, image URLs and the CSP live in the zod-free ../ipc.ts (the preload bundles it).
export {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  IMAGE_HOST,
  IMAGE_SCHEME,
  IMAGE_VARIANTS,
  IPC_CHANNELS,
  imageProtocolUrl,
} from '../ipc.ts';
export type { DroppedFile, ImageVariant } from '../ipc.ts';
