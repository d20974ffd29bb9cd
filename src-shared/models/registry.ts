// The families and id lookup: cross-region prefixes, ARNs, and unknown ids matched by prefix.
import { amazonImage } from './amazon-image.ts';
import { stabilityServices } from './stability-services.ts';
import { stabilityV1 } from './stability-v1.ts';
import { stabilityV2 } from './stability-v2.ts';
import type { FamilyId, FamilyModule, ModelSpec } from './types.ts';

/** Order matters for unknown ids: the more specific Stability prefixes come before the services'. */
export const FAMILIES: readonly FamilyModule[] = [stabilityV1, stabilityV2, stabilityServices, amazonImage];

const REGION_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

/** The id without an ARN wrapper or a cross-region inference profile prefix. */
export function baseModelId(modelId: string): string {
  const trimmed = modelId.trim();
  const afterArn = trimmed.startsWith('arn:') ? trimmed.slice(trimmed.lastIndexOf('/') + 1) : trimmed;
  return afterArn.replace(REGION_PREFIX, '');
}

const KNOWN = new Map<string, ModelSpec>();
for (const family of FAMILIES) for (const spec of family.models) KNOWN.set(spec.baseId, spec);

export function listKnownModels(): ModelSpec[] {
  return [...KNOWN.values()];
}

/**
 * The spec for a model id. Cross-region (`us.`, `eu.`, `apac.`) and ARN forms find the same model,
 * and the returned spec's `id` is the one asked for (the id to invoke). Unknown ids whose prefix
 * matches a family get that family's limits, labelled from the id, with `known: false`.
 */
export function findModel(modelId: string): ModelSpec | undefined {
  const base = baseModelId(modelId);
  if (base === '') return undefined;
  let spec = KNOWN.get(base);
  if (!spec) {
    for (const family of FAMILIES) {
      spec = family.template(base);
      if (spec) break;
    }
  }
  if (!spec) return undefined;
  return spec.id === modelId ? spec : { ...spec, id: modelId };
}

export function familyModule(family: FamilyId): FamilyModule {
  const found = FAMILIES.find((f) => f.id === family);
  if (!found) throw new Error(`unknown family ${family}`);
  return found;
}
