// Merges what Bedrock reports per region (ListFoundationModels with byOutputModality=IMAGE, and
// ListInferenceProfiles) with the built-in catalog of today.ts: AWS decides what is callable where.
import { invokeIdIn, regionsOf } from './invocation.ts';
import { baseModelId, findModel, listKnownModels, withoutArn } from './registry.ts';
import type { Availability, ModelSpec } from './types.ts';

/** One model summary from ListFoundationModels, reduced to what Easel uses. */
export interface DiscoveredSummary {
  modelId: string;
  modelName?: string;
  providerName?: string;
  inputModalities?: string[];
  outputModalities?: string[];
  /** `inferenceTypesSupported`: ON_DEMAND, INFERENCE_PROFILE, PROVISIONED. */
  inferenceTypes?: string[];
  /** `modelLifecycle.status`: ACTIVE or LEGACY. */
  lifecycleStatus?: string;
}

/** One inference profile summary from ListInferenceProfiles, reduced to what Easel uses. */
export interface DiscoveredProfile {
  inferenceProfileId: string;
  /** The foundation-model ARNs (or ids) the profile routes to. */
  modelArns: string[];
  /** ACTIVE when usable. */
  status?: string;
  /** SYSTEM_DEFINED (cross-region) or APPLICATION. */
  type?: string;
}

/** What one region reported; `undefined` lists mean that call failed (the built-in table stands). */
export interface RegionDiscovery {
  region: string;
  summaries: readonly DiscoveredSummary[] | undefined;
  profiles?: readonly DiscoveredProfile[] | undefined;
}

export interface CatalogEntry {
  spec: ModelSpec;
  /** Whether the region's ListFoundationModels listed it; 'unknown' when discovery was unavailable. */
  listed: boolean | 'unknown';
  /** Easel can build requests for it (a known model, or an unknown id of a known family with tasks). */
  usable: boolean;
  /** The lifecycle status AWS reported, if any. */
  awsLifecycle?: string;
  /** Where it runs (built-in table corrected by discovery); empty when unknown or retired. */
  regions: string[];
  /** With a region: the id or inference profile Easel invokes from it, or null when it cannot run there. */
  invokeId?: string | null;
}

function usable(spec: ModelSpec): boolean {
  return spec.tasks.length > 0;
}

function without(list: readonly string[], region: string): string[] {
  return list.filter((r) => r !== region);
}

function withRegion(list: readonly string[], region: string): string[] {
  return list.includes(region) ? [...list] : [...list, region];
}

/** The profiles of a listing that route to `baseId` and can be used. */
function profilesFor(baseId: string, profiles: readonly DiscoveredProfile[]): DiscoveredProfile[] {
  return profiles.filter(
    (p) =>
      (p.status === undefined || p.status.toUpperCase() === 'ACTIVE') &&
      (baseModelId(p.inferenceProfileId) === baseId || p.modelArns.some((arn) => baseModelId(arn) === baseId)),
  );
}

/**
 * A spec's availability corrected by one region's discovery: listed with ON_DEMAND → callable there
 * by its id; not listed, or listed for profiles only → not on demand there (listed without its
 * inference types → unchanged); its inference profile
 * listed (ACTIVE) → callable there through it, not listed → not. Retired models stay nowhere.
 */
export function correctAvailability(spec: ModelSpec, discovery: RegionDiscovery): Availability | undefined {
  if (spec.lifecycle.status === 'end-of-life') return spec.availability;
  const { region, summaries, profiles } = discovery;
  let availability = spec.availability;
  if (summaries !== undefined) {
    const summary = summaries.find((s) => baseModelId(s.modelId) === spec.baseId);
    const types = summary?.inferenceTypes;
    const current = availability?.onDemandRegions ?? [];
    // Listed without its inference types: the built-in verdict for this region stands.
    if (types?.includes('ON_DEMAND')) availability = { ...availability, onDemandRegions: withRegion(current, region) };
    else if (availability && (!summary || types)) {
      availability = { ...availability, onDemandRegions: without(current, region) };
    }
  }
  if (profiles !== undefined) {
    const listed = profilesFor(spec.baseId, profiles);
    const known = availability?.profile;
    const match = listed.find((p) => p.inferenceProfileId === known?.id) ?? (known ? undefined : listed[0]);
    if (match) {
      const sourceRegions = withRegion(known?.id === match.inferenceProfileId ? known.sourceRegions : [], region);
      availability = {
        onDemandRegions: availability?.onDemandRegions ?? [],
        profile: { id: withoutArn(match.inferenceProfileId), sourceRegions },
      };
    } else if (availability && known) {
      availability = { ...availability, profile: { ...known, sourceRegions: without(known.sourceRegions, region) } };
    }
  }
  return availability;
}

function markLegacy(spec: ModelSpec, status: string | undefined): ModelSpec {
  if (status !== 'LEGACY' || spec.lifecycle.status !== 'active') return spec;
  return {
    ...spec,
    lifecycle: {
      ...spec.lifecycle,
      status: 'legacy',
      note: `${spec.label} is marked LEGACY by AWS in this region: it will be retired. Accounts that have not used it lately may lose access.`,
    },
  };
}

function entryOf(
  spec: ModelSpec,
  listed: CatalogEntry['listed'],
  discovery: RegionDiscovery | undefined,
  awsLifecycle?: string,
): CatalogEntry {
  const availability = discovery ? correctAvailability(spec, discovery) : spec.availability;
  const corrected: ModelSpec = availability ? { ...spec, availability } : spec;
  return {
    spec: corrected,
    listed,
    usable: usable(corrected),
    ...(awsLifecycle ? { awsLifecycle } : {}),
    regions: regionsOf(corrected.availability),
    ...(discovery ? { invokeId: invokeIdIn(corrected, discovery.region) } : {}),
  };
}

/**
 * The catalog to show. With `summaries` undefined (offline, no permission), the built-in list with
 * `listed: 'unknown'`. Otherwise: every listed image model of a known family (unknown ids usable by
 * their family; AWS's LEGACY marks an active spec legacy), then the known models the listing did not
 * include (`listed: false`: they may still work through a cross-region profile). Listed models of no
 * known family are left out: Easel cannot build their requests. With `options.region`, availability
 * is corrected by that region's listings (and `profiles`, from ListInferenceProfiles) and each entry
 * says what Easel invokes from there (`invokeId`).
 */
export function mergeDiscovered(
  summaries: readonly DiscoveredSummary[] | undefined,
  options: { region?: string; profiles?: readonly DiscoveredProfile[] | undefined } = {},
): CatalogEntry[] {
  const known = listKnownModels();
  const discovery = options.region ? { region: options.region, summaries, profiles: options.profiles } : undefined;
  if (summaries === undefined) return known.map((spec) => entryOf(spec, 'unknown', discovery));
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    if (summary.outputModalities && !summary.outputModalities.includes('IMAGE')) continue;
    const base = baseModelId(summary.modelId);
    if (seen.has(base)) continue;
    let spec = known.find((s) => s.baseId === base) ?? findModel(base);
    if (!spec) continue;
    seen.add(base);
    if (!spec.known && summary.modelName) spec = { ...spec, label: summary.modelName };
    const status = summary.lifecycleStatus?.toUpperCase();
    entries.push(entryOf(markLegacy(spec, status), true, discovery, status));
  }
  for (const spec of known) {
    if (!seen.has(spec.baseId)) entries.push(entryOf(spec, false, discovery));
  }
  return entries;
}

/**
 * The catalog corrected by several regions' discoveries (e.g. every region the user allows):
 * availability is corrected region by region; `listed` is true when any region listed the model.
 */
export function mergeRegions(discoveries: readonly RegionDiscovery[]): CatalogEntry[] {
  const byBase = new Map<string, CatalogEntry>();
  for (const discovery of discoveries) {
    for (const entry of mergeDiscovered(discovery.summaries, {
      region: discovery.region,
      profiles: discovery.profiles,
    })) {
      const previous = byBase.get(entry.spec.baseId);
      if (!previous) {
        byBase.set(entry.spec.baseId, entry);
        continue;
      }
      const availability = mergeAvailability(previous.spec.availability, entry.spec.availability, discovery.region);
      const spec = { ...previous.spec, availability };
      byBase.set(entry.spec.baseId, {
        ...previous,
        spec,
        listed: previous.listed === true || entry.listed === true ? true : previous.listed,
        regions: regionsOf(spec.availability),
      });
    }
  }
  // No single region: entries say where the model runs, not what to invoke (see resolveInvocation).
  return [...byBase.values()].map((e) => ({
    spec: e.spec,
    listed: e.listed,
    usable: e.usable,
    regions: e.regions,
    ...(e.awsLifecycle ? { awsLifecycle: e.awsLifecycle } : {}),
  }));
}

/**
 * One model corrected by several regions' discoveries (the regions Easel may call): each region's
 * verdict from its own report, the built-in table for the regions not reported. What the queue uses
 * at submit, from the reports the last model list cached.
 */
export function correctAcross<S extends ModelSpec>(spec: S, discoveries: readonly RegionDiscovery[]): S {
  if (discoveries.length === 0) return spec;
  let availability = spec.availability;
  for (const discovery of discoveries) {
    availability = mergeAvailability(availability, correctAvailability(spec, discovery), discovery.region);
  }
  return availability ? { ...spec, availability } : spec;
}

/** Takes `region`'s verdict from `b` and everything else from `a`. */
function mergeAvailability(
  a: Availability | undefined,
  b: Availability | undefined,
  region: string,
): Availability | undefined {
  if (!a || !b) return a ?? b;
  const onDemand = b.onDemandRegions.includes(region)
    ? withRegion(a.onDemandRegions, region)
    : without(a.onDemandRegions, region);
  const profile = b.profile ?? a.profile;
  if (!profile) return { onDemandRegions: onDemand };
  const sources = b.profile?.sourceRegions.includes(region)
    ? withRegion(a.profile?.sourceRegions ?? [], region)
    : without(a.profile?.sourceRegions ?? [], region);
  return { onDemandRegions: onDemand, profile: { id: profile.id, sourceRegions: sources } };
}
