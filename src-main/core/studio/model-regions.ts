// Where a profile may call Bedrock and what each region offers it: the regions of "Regions Easel
// may call" (Settings; null = the profile's region plus us-west-2), narrowed to one region by a
// short-term Bedrock API key, and what ListFoundationModels + ListInferenceProfiles report in each
// of them. Reports are kept in memory so that a submit corrects the built-in table with what the
// last model list learned, without ever waiting for the network (offline work goes on).
import { createHash } from 'node:crypto';
import { defaultAllowedRegions, type RegionDiscovery } from '../../../src-shared/models/index.ts';
import { discoverImageModels } from '../bedrock/index.ts';
import { apiKeyFor, credentialsFor, keyBoundRegion, resolveRegion } from '../credentials/index.ts';
import type { BedrockApiKey } from '../credentials/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Env } from './context.ts';

/** A report older than this is not used at submit: the built-in table stands until the next list. */
export const REPORT_TTL_MS = 6 * 60 * 60_000;

/** Who calls and where they may call. */
export interface CallScope {
  /** The profile's region (explicit, a short-term key's, AWS_REGION, then the profile's). */
  region: string;
  /** Every region Easel may call for this profile, the profile's region first. */
  allowed: string[];
  /** Set when a short-term Bedrock API key binds every call to the region it was made for. */
  keyRegion?: string;
  /** The profile as named by the caller (undefined: the default). */
  profile?: string;
  /** The Bedrock API key to send, null for SigV4. */
  apiKey: string | null;
}

/** One region's answer: the discovery (lists undefined when it failed) and the failure, if any. */
export interface RegionReport {
  discovery: RegionDiscovery;
  error?: unknown;
}

export interface ModelRegionsDeps {
  env: Env;
  storage: Storage;
  apiKey(): Promise<BedrockApiKey | null>;
  now?: () => number;
}

export class ModelRegions {
  readonly #deps: ModelRegionsDeps;
  readonly #reports = new Map<string, { at: number; discovery: RegionDiscovery }>();

  constructor(deps: ModelRegionsDeps) {
    this.#deps = deps;
  }

  /** "Regions Easel may call" (Settings), else the default: the profile's region plus us-west-2. */
  allowedRegions(profileRegion: string): string[] {
    const chosen = this.#deps.storage.settings.read('bedrock.allowedRegions');
    return [...new Set([profileRegion, ...(chosen ?? defaultAllowedRegions(profileRegion))])];
  }

  /**
   * The profile's region, the regions it may call and how it authenticates.
   * @throws EaselError 'no-region', 'unknown-profile', 'credentials-missing' (as resolveRegion / apiKeyFor).
   */
  async scope(profile: string | undefined, explicitRegion: string | undefined): Promise<CallScope> {
    const { env } = this.#deps;
    const keys = await this.#deps.apiKey();
    const apiKey = apiKeyFor(profile, env, keys);
    const region = await resolveRegion(profile, explicitRegion, env, keys);
    const keyRegion = keyBoundRegion(profile, env, keys);
    return {
      region,
      allowed: keyRegion === undefined ? this.allowedRegions(region) : [keyRegion],
      ...(keyRegion === undefined ? {} : { keyRegion }),
      ...(profile === undefined ? {} : { profile }),
      apiKey,
    };
  }

  /** Asks every region of the scope at once; each answer that came is kept for `known`. */
  async discover(scope: CallScope, timeoutMs: number): Promise<RegionReport[]> {
    const { env } = this.#deps;
    const endpoint = env.AWS_ENDPOINT_URL_BEDROCK ?? env.AWS_ENDPOINT_URL;
    return Promise.all(
      scope.allowed.map(async (region): Promise<RegionReport> => {
        try {
          const { summaries, profiles } = await discoverImageModels(
            {
              region,
              ...(scope.apiKey === null
                ? { credentials: credentialsFor(scope.profile, env) }
                : { apiKey: scope.apiKey }),
              ...(scope.profile === undefined || scope.apiKey !== null ? {} : { profile: scope.profile }),
              ...(endpoint ? { endpoint } : {}),
            },
            { signal: AbortSignal.timeout(timeoutMs) },
          );
          const discovery: RegionDiscovery = { region, summaries, profiles };
          this.#reports.set(this.#keyOf(scope, region), { at: this.#now(), discovery });
          return { discovery };
        } catch (error) {
          return { discovery: { region, summaries: undefined, profiles: undefined }, error };
        }
      }),
    );
  }

  /** What the scope's regions reported lately (none asked now): the corrections a submit applies. */
  known(scope: CallScope): RegionDiscovery[] {
    const fresh = this.#now() - REPORT_TTL_MS;
    return scope.allowed.flatMap((region) => {
      const report = this.#reports.get(this.#keyOf(scope, region));
      return report && report.at >= fresh ? [report.discovery] : [];
    });
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }

  /** Reports belong to who asked: the profile, or the key (hashed, never kept as is), and the endpoint. */
  #keyOf(scope: CallScope, region: string): string {
    const who =
      scope.apiKey === null
        ? `profile:${scope.profile ?? ''}`
        : `key:${createHash('sha256').update(scope.apiKey).digest('hex')}`;
    const endpoint = this.#deps.env.AWS_ENDPOINT_URL_BEDROCK ?? this.#deps.env.AWS_ENDPOINT_URL ?? '';
    return `${who}\u0000${endpoint}\u0000${region}`;
  }
}
