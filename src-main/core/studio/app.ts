// App info, AWS profiles and the model list (the built-in catalog merged with what Bedrock's
// control plane reports), and the calls only the shell can answer (reveal a file, demo mode).
import { PROFILE_KINDS as CONTRACT_PROFILE_KINDS } from '../../../src-shared/contract/index.ts';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import { mergeDiscovered, type CatalogEntry } from '../../../src-shared/models/index.ts';
import { discoverImageModels } from '../bedrock/index.ts';
import { apiKeyFor, credentialsFor, listProfiles, resolveRegion, type ProfileInfo } from '../credentials/index.ts';
import type { LockOwner } from '../data-folder/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import { regionOrNull } from './summaries.ts';

export const APP_NAME = 'Easel';
export const APP_VERSION = '0.1.0';

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  demoMode: boolean;
  /** Set when another Easel process holds the data folder (this one does not run recovery). */
  otherProcess?: LockOwner | null;
}

/** Who runs the queue of the data folder (see core/data-folder/README.md, "One data folder, several processes"). */
export interface DataFolderState {
  /** This process holds the data folder's lock: it runs recovery and picks up jobs left queued. */
  owner: boolean;
  /** The lock holder: this process, or the other one (the app, a CLI). */
  heldBy: LockOwner | null;
  /** Crash recovery ran when this studio opened (owner, and no other live process on the folder). */
  recovered: boolean;
}

export interface ModelListing {
  entries: CatalogEntry[];
  /** False when discovery was unavailable (offline, no permission): the built-in list is shown. */
  discovered: boolean;
  /** Why discovery was unavailable, for the UI. */
  problem?: string;
  /** The same as a typed error (code + message), so the UI can give advice per failure kind. */
  error?: ErrorData;
}

export class AppCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  appInfo(): AppInfo {
    const { dataDir, demoMode, lock } = this.#ctx;
    return { name: APP_NAME, version: APP_VERSION, dataDir, demoMode, otherProcess: lock.owner ? null : lock.heldBy };
  }

  /** Whether this process owns the data folder's queue (see DataFolderState). */
  get dataFolder(): DataFolderState {
    const { lock, recovered } = this.#ctx;
    return { owner: lock.owner, heldBy: lock.heldBy, recovered };
  }

  /** AWS profiles, and the Bedrock API key as the pseudo-profile '(Bedrock API key)' (masked; never a secret). */
  async listProfiles(): Promise<ProfileInfo[]> {
    return listProfiles(this.#ctx.env, { apiKey: await this.#ctx.apiKey() });
  }

  /**
   * The catalog merged with what the region's ListFoundationModels and ListInferenceProfiles report
   * (each entry says what Easel invokes from the region). Works offline: when
   * discovery fails for any reason, the built-in list comes back with `discovered: false`.
   */
  async listModels(options: { profile?: string; region?: string; timeoutMs?: number } = {}): Promise<ModelListing> {
    const { env } = this.#ctx;
    try {
      const keys = await this.#ctx.apiKey();
      const apiKey = apiKeyFor(options.profile, env, keys);
      const region = await resolveRegion(options.profile, options.region, env, keys);
      const endpoint = env.AWS_ENDPOINT_URL_BEDROCK ?? env.AWS_ENDPOINT_URL;
      const { summaries, profiles } = await discoverImageModels(
        {
          region,
          ...(apiKey === null ? { credentials: credentialsFor(options.profile, env) } : { apiKey }),
          ...(options.profile === undefined || apiKey !== null ? {} : { profile: options.profile }),
          ...(endpoint ? { endpoint } : {}),
        },
        { signal: AbortSignal.timeout(options.timeoutMs ?? 8_000) },
      );
      return { entries: mergeDiscovered(summaries, { region, profiles }), discovered: true };
    } catch (error) {
      const problem = error instanceof EaselError ? error.message : 'The model list could not be fetched.';
      const data: ErrorData = error instanceof EaselError ? error.toData() : { code: 'network', message: problem };
      return { entries: mergeDiscovered(undefined), discovered: false, problem, error: data };
    }
  }
}

/** The profile kinds the contract knows; any other is sent as 'unknown'. */
const PROFILE_KINDS: ReadonlySet<string> = new Set(CONTRACT_PROFILE_KINDS);

export function appHandlers(app: AppCalls) {
  return {
    'app.info': async () => app.appInfo(),
    'profiles.list': async () => ({
      profiles: (await app.listProfiles()).map((p) => ({
        name: p.name,
        kind: (PROFILE_KINDS.has(p.kind) ? p.kind : p.kind === 'environment' ? 'static' : 'unknown') as 'static',
        region: regionOrNull(p.region),
        isDefault: p.isDefault,
        ...(p.maskedKey === undefined ? {} : { maskedKey: p.maskedKey }),
      })),
    }),
    'models.list': async (req) => {
      const listing = await app.listModels({
        ...(req.profile ? { profile: req.profile } : {}),
        ...(req.region ? { region: req.region } : {}),
      });
      const error = listing.discovered
        ? null
        : (listing.error ?? {
            code: 'internal' as const,
            message: listing.problem ?? 'The model list could not be fetched.',
          });
      return {
        discovery: { ok: listing.discovered, error },
        models: listing.entries
          .filter((e) => e.usable)
          .map(({ spec }) => ({
            id: spec.id,
            label: spec.label,
            provider: spec.provider,
            family: spec.family,
            lifecycle: { status: spec.lifecycle.status, note: spec.lifecycle.note },
            tasks: [...spec.tasks],
          })),
      };
    },
    // Done by the shell (hostFromStudio's platform hooks); the facade alone cannot.
    'shell.reveal': async () => {
      throw new EaselError('validation', 'Showing files in the file manager is not available here.');
    },
    'app.startDemo': async () => {
      throw new EaselError('validation', 'Demo mode cannot be started from here: run Easel with EASEL_DEMO=1.');
    },
    'shell.capabilities': async () => ({ pickFolder: false }),
    'shell.pickFolder': async () => {
      throw new EaselError('validation', 'There is no folder picker here: type the folder’s full path.');
    },
  } satisfies Pick<
    StudioHandlers,
    | 'app.info'
    | 'profiles.list'
    | 'models.list'
    | 'shell.reveal'
    | 'app.startDemo'
    | 'shell.capabilities'
    | 'shell.pickFolder'
  >;
}
