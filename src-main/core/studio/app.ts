// App info, AWS profiles and the model list (the built-in catalog merged with what Bedrock's
// control plane reports), and the calls only the shell can answer (reveal a file, demo mode).
import { PROFILE_KINDS as CONTRACT_PROFILE_KINDS } from '../../../src-shared/contract/index.ts';
import { EaselError, type ErrorData } from '../../../src-shared/errors.ts';
import { correctAcross, mergeDiscovered, resolveInvocation, runSummary } from '../../../src-shared/models/index.ts';
import type { CatalogEntry, Invocation } from '../../../src-shared/models/index.ts';
import { listProfiles, type ProfileInfo } from '../credentials/index.ts';
import type { LockOwner } from '../data-folder/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';
import type { CallScope, RegionReport } from './model-regions.ts';
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

/** A catalog entry and whether it can run for the profile within the regions it may call. */
export type ListedModel = CatalogEntry & { run?: Invocation };

export interface ModelListing {
  /** `run` is absent only when the profile's region is unknown (the list is then the built-in one). */
  entries: ListedModel[];
  /** The profile's region and every region Easel may call for it (the profile's first). */
  regions?: { profile: string; allowed: string[]; keyRegion?: string };
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

  /** The Bedrock of 2025 (EASEL_BEDROCK_2025=1, tests only): every model runs as given, as the queue calls it. */
  get #asGiven(): boolean {
    return this.#ctx.env.EASEL_BEDROCK_2025 === '1';
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
   * (each entry says what Easel invokes from the region), and per model whether it can run for this
   * profile within the regions it may call (`run`, from every allowed region's report; the built-in
   * table where a region could not be asked). Works offline: when the profile's own region cannot
   * be asked, the built-in list comes back with `discovered: false`.
   */
  async listModels(options: { profile?: string; region?: string; timeoutMs?: number } = {}): Promise<ModelListing> {
    let scope: CallScope | undefined;
    try {
      scope = await this.#ctx.regions.scope(options.profile, options.region);
      const reports = await this.#ctx.regions.discover(scope, options.timeoutMs ?? 8_000);
      const own = reports.find((r) => r.discovery.region === scope?.region) ?? reports[0];
      if (own?.error !== undefined) throw own.error;
      const { summaries, profiles } = own?.discovery ?? { summaries: undefined, profiles: undefined };
      const entries = mergeDiscovered(summaries, { region: scope.region, profiles });
      return { ...withRuns(entries, scope, reports, this.#asGiven), discovered: true };
    } catch (error) {
      const problem = error instanceof EaselError ? error.message : 'The model list could not be fetched.';
      const data: ErrorData = error instanceof EaselError ? error.toData() : { code: 'network', message: problem };
      const entries = mergeDiscovered(undefined);
      const known = scope ? this.#ctx.regions.known(scope).map((discovery) => ({ discovery })) : [];
      return {
        ...(scope ? withRuns(entries, scope, known, this.#asGiven) : { entries }),
        discovered: false,
        problem,
        error: data,
      };
    }
  }
}

/** Each entry with where it can run for `scope` (corrected by the regions that answered). */
function withRuns(
  entries: CatalogEntry[],
  scope: CallScope,
  reports: readonly RegionReport[],
  asGiven: boolean,
): Pick<ModelListing, 'entries' | 'regions'> {
  const discoveries = reports.filter((r) => r.error === undefined).map((r) => r.discovery);
  const runOf = (entry: CatalogEntry): Invocation =>
    asGiven
      ? { ok: true, region: scope.region, invokeId: entry.spec.id, via: 'as-given' }
      : resolveInvocation(correctAcross(entry.spec, discoveries), scope.region, scope.allowed, {
          keyRegion: scope.keyRegion,
        });
  return {
    entries: entries.map((entry) => ({ ...entry, run: runOf(entry) })),
    regions: {
      profile: scope.region,
      allowed: scope.allowed,
      ...(scope.keyRegion === undefined ? {} : { keyRegion: scope.keyRegion }),
    },
  };
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
        ...(listing.regions ? { regions: listing.regions } : {}),
        models: listing.entries
          .filter((e) => e.usable)
          .map(({ spec, run }) => ({
            id: spec.id,
            label: spec.label,
            provider: spec.provider,
            family: spec.family,
            lifecycle: { status: spec.lifecycle.status, note: spec.lifecycle.note },
            tasks: [...spec.tasks],
            run: run ? runSummary(run) : null,
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
