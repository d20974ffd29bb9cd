// Where a job is invoked: the region it calls and the model id or inference profile it sends, chosen
// by the catalog (`resolveInvocation`) from the profile's region and the regions the user allows,
// before anything is reserved or sent. A model that cannot run there is refused with the reason.
import { EaselError } from '../../../src-shared/errors.ts';
import { correctAcross, findModel, resolveInvocation } from '../../../src-shared/models/index.ts';
import type { RegionDiscovery } from '../../../src-shared/models/index.ts';

export interface InvocationTarget {
  /** The region called (where the model runs). */
  region: string;
  /** The model id (on demand) or inference profile id sent to InvokeModel. */
  invokeId: string;
}

export interface InvocationOptions {
  /** The Bedrock of 2025 (the emulator's BEDROCK_2025 mode, still used by some tests): every model by its own id in the profile's region, retired ones included. */
  asGiven?: boolean;
  /** What the allowed regions reported lately (ListFoundationModels, ListInferenceProfiles): they correct the built-in table. */
  discoveries?: readonly RegionDiscovery[];
  /** A short-term Bedrock API key's region: the only one it may call. */
  keyRegion?: string | undefined;
}

/**
 * How to call `modelId` for a profile in `profileRegion`, within `allowedRegions`.
 * @throws EaselError 'model-end-of-life' (naming the successor), 'model-not-available' (saying where it runs).
 */
export function invocationTarget(
  modelId: string,
  profileRegion: string,
  allowedRegions: readonly string[],
  options: InvocationOptions = {},
): InvocationTarget {
  const found = findModel(modelId);
  if (options.asGiven || !found) return { region: profileRegion, invokeId: modelId };
  const spec = correctAcross(found, options.discoveries ?? []);
  const invocation = resolveInvocation(spec, profileRegion, allowedRegions, { keyRegion: options.keyRegion });
  if (invocation.ok) return { region: invocation.region, invokeId: invocation.invokeId };
  const code = invocation.reason === 'end-of-life' ? 'model-end-of-life' : 'model-not-available';
  throw new EaselError(code, invocation.message, { field: 'modelId' });
}
