// Where to call a model from: a region and the id or inference profile to invoke there, chosen
// within the regions the user allows, or why it cannot run (for the UI's region notice).
import type { CatalogEntry } from './discovery.ts';
import { isInferenceProfileId } from './registry.ts';
import type { Availability, ModelSpec } from './types.ts';

/** The region Easel prefers to suggest for image models: the text-to-image models run only there. */
export const PREFERRED_IMAGE_REGION = 'us-west-2';

export type Invocation =
  | {
      ok: true;
      region: string;
      /** The model id (on demand) or inference profile id to send to InvokeModel. */
      invokeId: string;
      via: 'on-demand' | 'inference-profile' | 'as-given';
    }
  | {
      ok: false;
      /** end-of-life: retired; region: runs only in regions not allowed; nowhere: not offered anywhere known. */
      reason: 'end-of-life' | 'region' | 'nowhere';
      message: string;
      /** The regions the model runs in (empty when retired or not offered). */
      runsIn: readonly string[];
      /** The region to offer ("Use us-west-2"), when there is one (never with a short-term key). */
      suggestedRegion?: string;
      /** The short-term Bedrock API key's region, when the key is what keeps the model out of reach. */
      keyRegion?: string;
      /** The successor of a retired model. */
      replacementId?: string;
    };

type Invocable = Pick<ModelSpec, 'id' | 'baseId' | 'label' | 'lifecycle' | 'availability'>;

/** Every region a model runs in: on demand, then its profile's source regions. */
export function regionsOf(availability: Availability | undefined): string[] {
  if (!availability) return [];
  return [...new Set([...availability.onDemandRegions, ...(availability.profile?.sourceRegions ?? [])])];
}

function callableIn(spec: Invocable, availability: Availability, region: string): Invocation | undefined {
  const profile = availability.profile;
  const viaProfile = profile?.sourceRegions.includes(region)
    ? ({ ok: true, region, invokeId: profile.id, via: 'inference-profile' } as const)
    : undefined;
  const onDemand = availability.onDemandRegions.includes(region)
    ? ({ ok: true, region, invokeId: spec.baseId, via: 'on-demand' } as const)
    : undefined;
  // A profile id asked for explicitly is honoured where the profile works.
  return isInferenceProfileId(spec.id) ? (viaProfile ?? onDemand) : (onDemand ?? viaProfile);
}

function suggestion(runsIn: readonly string[]): string | undefined {
  return runsIn.includes(PREFERRED_IMAGE_REGION) ? PREFERRED_IMAGE_REGION : runsIn[0];
}

/**
 * Where to invoke a model for a profile whose region is `region`, trying that region first and then
 * `allowedRegions` in order. Unknown ids (no availability data) are called as given in `region`.
 * With `keyRegion` (a short-term Bedrock API key, valid only in the region it was made for) only
 * that region is tried, and a refusal says the key is why. Pure: discovery's corrections arrive
 * through the entry's availability.
 */
export function resolveInvocation(
  entry: Invocable | CatalogEntry,
  region: string,
  allowedRegions: readonly string[],
  options: { keyRegion?: string | undefined } = {},
): Invocation {
  const spec = 'spec' in entry ? entry.spec : entry;
  const { lifecycle } = spec;
  if (lifecycle.status === 'end-of-life') {
    return {
      ok: false,
      reason: 'end-of-life',
      message: lifecycle.note,
      runsIn: [],
      ...(lifecycle.replacementId ? { replacementId: lifecycle.replacementId } : {}),
    };
  }
  const availability = spec.availability;
  if (!availability) return { ok: true, region, invokeId: spec.id, via: 'as-given' };
  const { keyRegion } = options;
  const candidates = keyRegion === undefined ? [...new Set([region, ...allowedRegions])] : [keyRegion];
  for (const candidate of candidates) {
    const found = callableIn(spec, availability, candidate);
    if (found) return found;
  }
  const runsIn = regionsOf(availability);
  const suggested = suggestion(runsIn);
  if (!suggested) {
    return { ok: false, reason: 'nowhere', message: `${spec.label} is not offered in any region Easel knows.`, runsIn };
  }
  if (keyRegion !== undefined) {
    return {
      ok: false,
      reason: 'region',
      message: `${spec.label} runs only in ${runsIn.join(', ')}, and your short-term Bedrock API key works only in ${keyRegion}, the region it was made for. Make a key in ${suggested}, or use a long-term key or an AWS profile.`,
      runsIn,
      keyRegion,
    };
  }
  const allowed = [...new Set([region, ...allowedRegions])].join(', ');
  return {
    ok: false,
    reason: 'region',
    message: `${spec.label} runs only in ${runsIn.join(', ')}, and Easel may call only ${allowed}. Use ${suggested} or switch region.`,
    runsIn,
    suggestedRegion: suggested,
  };
}

/**
 * The regions Easel may call by default: the profile's region plus us-west-2, where the
 * text-to-image models run (Settings: "Regions Easel may call").
 */
export function defaultAllowedRegions(profileRegion: string): string[] {
  return [...new Set([profileRegion, PREFERRED_IMAGE_REGION])];
}

/** The id Easel invokes from `region` alone (no other region), or null when the model cannot run there. */
export function invokeIdIn(entry: Invocable | CatalogEntry, region: string): string | null {
  const invocation = resolveInvocation(entry, region, []);
  return invocation.ok ? invocation.invokeId : null;
}

/** An Invocation as the contract's ModelRun (models.list, `easel models --json`): every field present, null where it does not apply. */
export function runSummary(run: Invocation) {
  return run.ok
    ? {
        ok: true,
        region: run.region,
        invokeId: run.invokeId,
        reason: null,
        message: null,
        runsIn: [],
        suggestedRegion: null,
      }
    : {
        ok: false,
        region: null,
        invokeId: null,
        reason: run.reason,
        message: run.message,
        runsIn: [...run.runsIn],
        suggestedRegion: run.suggestedRegion ?? null,
      };
}
