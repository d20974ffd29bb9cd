// Bedrock as Easel knows it offline: each model's lifecycle and the regions it runs in, as of
// CATALOG_AS_OF. Discovery (discovery.ts) corrects the regions at run time; this table is the
// one place to edit when Bedrock changes.
import type { Availability, Lifecycle } from './types.ts';

export const CATALOG_AS_OF = '2026-12-01';

/** Regions that may call the US cross-region inference profiles of the Stability Image Services. */
export const US_PROFILE_SOURCE_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'] as const;

/** Where the text-to-image models run: on demand, in us-west-2 only (no cross-region profile). */
export const TEXT_TO_IMAGE_REGIONS = ['us-west-2'] as const;

const CORE = 'stability.stable-image-core-v1:1';
const ULTRA = 'stability.stable-image-ultra-v1:1';
const SD35 = 'stability.sd3-5-large-v1:0';

const ACTIVE: Lifecycle = { status: 'active', note: 'Current model on Bedrock.' };

const SUCCESSOR_LABELS: Readonly<Record<string, string>> = {
  [SD35]: 'SD3.5 Large',
  [CORE]: 'Stable Image Core',
  [ULTRA]: 'Stable Image Ultra',
  'luma.ray-v2:0': 'Luma Ray2',
};

/** A retired model; `date` is absent where AWS's date is not known to Easel. */
function retired(label: string, date: string | undefined, replacementId: string, legacySince?: string): Lifecycle {
  const on = date ? ` on ${date}` : '';
  return {
    status: 'end-of-life',
    ...(date ? { since: date, endOfLife: date } : {}),
    ...(legacySince ? { legacySince } : {}),
    replacementId,
    note: `${label} reached its end of life on Bedrock${on}: calls fail. Use ${SUCCESSOR_LABELS[replacementId] ?? replacementId} instead.`,
  };
}

/** The lifecycle of every model id Easel knows, current and retired (Nova Reel: video, named for errors). */
export const LIFECYCLES: Readonly<Record<string, Lifecycle>> = {
  [SD35]: ACTIVE,
  [CORE]: ACTIVE,
  [ULTRA]: ACTIVE,
  'stability.stable-diffusion-xl-v1': retired('SDXL 1.0', '2025-05-20', CORE),
  'stability.sd3-large-v1:0': retired('SD3 Large', undefined, SD35),
  'stability.stable-image-core-v1:0': retired('Stable Image Core v1.0', undefined, CORE),
  'stability.stable-image-ultra-v1:0': retired('Stable Image Ultra v1.0', undefined, ULTRA),
  'amazon.titan-image-generator-v1': retired('Titan Image Generator v1', '2026-06-30', CORE),
  'amazon.titan-image-generator-v2:0': retired('Titan Image Generator v2', '2026-06-30', CORE),
  'amazon.nova-canvas-v1:0': retired('Nova Canvas', '2026-09-30', CORE, '2026-03-30'),
  'amazon.nova-reel-v1:0': retired('Nova Reel v1.0', '2026-09-30', 'luma.ray-v2:0'),
  'amazon.nova-reel-v1:1': retired('Nova Reel v1.1', '2026-09-30', 'luma.ray-v2:0'),
};

/** Retired image ids of a known family that no family file lists (older versions). */
export const RETIRED_IMAGE_LABELS: Readonly<Record<string, string>> = {
  'stability.sd3-large-v1:0': 'SD3 Large',
  'stability.stable-image-core-v1:0': 'Stable Image Core v1.0',
  'stability.stable-image-ultra-v1:0': 'Stable Image Ultra v1.0',
  'amazon.titan-image-generator-v1': 'Titan Image Generator v1',
};

const NOWHERE: Availability = { onDemandRegions: [] };

/** Where a known model runs, by base id. Image Services: the `us.` profile; end of life: nowhere. */
export function builtInAvailability(baseId: string): Availability | undefined {
  const lifecycle = LIFECYCLES[baseId];
  if (lifecycle?.status === 'end-of-life') return NOWHERE;
  if (lifecycle) return { onDemandRegions: TEXT_TO_IMAGE_REGIONS };
  if (IMAGE_SERVICE_IDS.includes(baseId)) {
    return { onDemandRegions: [], profile: { id: `us.${baseId}`, sourceRegions: US_PROFILE_SOURCE_REGIONS } };
  }
  return undefined;
}

/** Lifecycle of a known Image Service: all thirteen are active. */
export function builtInLifecycle(baseId: string): Lifecycle | undefined {
  if (LIFECYCLES[baseId]) return LIFECYCLES[baseId];
  if (IMAGE_SERVICE_IDS.includes(baseId)) return ACTIVE;
  return undefined;
}

/** The thirteen Stability Image Services (base ids). */
export const IMAGE_SERVICE_IDS: readonly string[] = [
  'stable-image-inpaint',
  'stable-outpaint',
  'stable-image-erase-object',
  'stable-image-remove-background',
  'stable-image-search-replace',
  'stable-image-search-recolor',
  'stable-image-control-sketch',
  'stable-image-control-structure',
  'stable-image-style-guide',
  'stable-style-transfer',
  'stable-fast-upscale',
  'stable-conservative-upscale',
  'stable-creative-upscale',
].map((name) => `stability.${name}-v1:0`);
