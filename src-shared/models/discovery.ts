// Merges what ListFoundationModels (byOutputModality=IMAGE) reports with the built-in catalog.
import { baseModelId, findModel, listKnownModels } from './registry.ts';
import type { ModelSpec } from './types.ts';

/** One model summary from ListFoundationModels, reduced to what Easel uses. */
export interface DiscoveredSummary {
  modelId: string;
  modelName?: string;
  providerName?: string;
  inputModalities?: string[];
  outputModalities?: string[];
  /** `modelLifecycle.status`: ACTIVE or LEGACY. */
  lifecycleStatus?: string;
}

export interface CatalogEntry {
  spec: ModelSpec;
  /** Whether the region's ListFoundationModels listed it; 'unknown' when discovery was unavailable. */
  listed: boolean | 'unknown';
  /** Easel can build requests for it (a known model, or an unknown id of a known family with tasks). */
  usable: boolean;
  /** The lifecycle status AWS reported, if any. */
  awsLifecycle?: string;
}

function usable(spec: ModelSpec): boolean {
  return spec.tasks.length > 0;
}

/**
 * The catalog to show. With `summaries` undefined (offline, no permission), the built-in list with
 * `listed: 'unknown'`. Otherwise: every listed image model of a known family (unknown ids usable by
 * their family; AWS's LEGACY marks an active spec legacy), then the known models the listing did not
 * include (`listed: false`: they may still work through a cross-region profile). Listed models of no
 * known family are left out: Easel cannot build their requests.
 */
export function mergeDiscovered(summaries: readonly DiscoveredSummary[] | undefined): CatalogEntry[] {
  const known = listKnownModels();
  if (summaries === undefined) return known.map((spec) => ({ spec, listed: 'unknown', usable: usable(spec) }));
  const entries: CatalogEntry[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    if (summary.outputModalities && !summary.outputModalities.includes('IMAGE')) continue;
    const base = baseModelId(summary.modelId);
    if (seen.has(base)) continue;
    const builtIn = known.find((spec) => spec.baseId === base);
    let spec = builtIn ?? findModel(summary.modelId);
    if (!spec) continue;
    seen.add(base);
    if (!spec.known && summary.modelName) spec = { ...spec, label: summary.modelName };
    const status = summary.lifecycleStatus?.toUpperCase();
    if (status === 'LEGACY' && spec.lifecycle.status === 'active') {
      spec = {
        ...spec,
        lifecycle: {
          ...spec.lifecycle,
          status: 'legacy',
          note: `${spec.label} is marked LEGACY by AWS in this region: it will be retired.`,
        },
      };
    }
    entries.push({ spec, listed: true, usable: usable(spec), ...(status ? { awsLifecycle: status } : {}) });
  }
  for (const spec of known) {
    if (!seen.has(spec.baseId)) entries.push({ spec, listed: false, usable: usable(spec) });
  }
  return entries;
}
