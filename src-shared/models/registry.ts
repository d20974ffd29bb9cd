// The families and id lookup: cross-region prefixes, ARNs, and unknown ids matched by prefix.
import { amazonImage } from './amazon-image.ts';
import { stabilityServices } from './stability-services.ts';
import { stabilityV1 } from './stability-v1.ts';
import { stabilityV2 } from './stability-v2.ts';
import { builtInAvailability, builtInLifecycle, RETIRED_IMAGE_LABELS } from './today.ts';
import type { FamilyId, FamilyModule, ModelSpec } from './types.ts';

/** Order matters for unknown ids: the more specific Stability prefixes come before the services'. */
export const FAMILIES: readonly FamilyModule[] = [stabilityV1, stabilityV2, stabilityServices, amazonImage];

const REGION_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

/**
 * The base model id of any form a model may be named by: a model id, a cross-region inference
 * profile id (`us.stability...`), a foundation-model ARN or an inference-profile ARN.
 */
export function baseModelId(modelId: string): string {
  return withoutArn(modelId).replace(REGION_PREFIX, '');
}

/** Whether an id names a cross-region inference profile (`us.stability...`, or its ARN). */
export function isInferenceProfileId(modelId: string): boolean {
  return REGION_PREFIX.test(withoutArn(modelId));
}

/** The model or inference-profile id inside an ARN (`arn:aws:bedrock:...:foundation-model/<id>`). */
export function withoutArn(modelId: string): string {
  const trimmed = modelId.trim();
  return trimmed.startsWith('arn:') ? trimmed.slice(trimmed.lastIndexOf('/') + 1) : trimmed;
}

/** A known spec with today's lifecycle and regions (today.ts), which the family files do not own. */
function withToday(spec: ModelSpec): ModelSpec {
  const lifecycle = builtInLifecycle(spec.baseId) ?? spec.lifecycle;
  const availability = builtInAvailability(spec.baseId);
  return { ...spec, lifecycle, ...(availability ? { availability } : {}) };
}

function templateSpec(baseId: string): ModelSpec | undefined {
  for (const family of FAMILIES) {
    const spec = family.template(baseId);
    if (spec) return spec;
  }
  return undefined;
}

const KNOWN = new Map<string, ModelSpec>();
for (const family of FAMILIES) for (const spec of family.models) KNOWN.set(spec.baseId, withToday(spec));
// Retired versions of a known family: known, so they are refused by name with their successor.
for (const [baseId, label] of Object.entries(RETIRED_IMAGE_LABELS)) {
  const spec = templateSpec(baseId);
  if (spec) KNOWN.set(baseId, withToday({ ...spec, id: baseId, label, known: true }));
}

export function listKnownModels(): ModelSpec[] {
  return [...KNOWN.values()];
}

/**
 * The spec for a model id. Cross-region (`us.`, `eu.`, `apac.`) and ARN forms find the same model,
 * and the returned spec's `id` is the one asked for, without an ARN wrapper. Unknown ids whose prefix
 * matches a family get that family's limits, labelled from the id, with `known: false`.
 */
export function findModel(modelId: string): ModelSpec | undefined {
  const base = baseModelId(modelId);
  if (base === '') return undefined;
  const spec = KNOWN.get(base) ?? templateSpec(base);
  if (!spec) return undefined;
  const id = withoutArn(modelId);
  return spec.id === id ? spec : { ...spec, id };
}

export function familyModule(family: FamilyId): FamilyModule {
  const found = FAMILIES.find((f) => f.id === family);
  if (!found) throw new Error(`unknown family ${family}`);
  return found;
}
