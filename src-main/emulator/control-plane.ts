// The control plane's listings for one region: ListFoundationModels (with its filters, unknown enum
// values refused as Bedrock does) and ListInferenceProfiles (system-defined profiles, paginated).
import { constraintErrors, validationError } from './aws-errors.ts';
import type { EmulatedModel } from './models.ts';
import { MODELS } from './models.ts';
import { EMULATOR_ACCOUNT_ID } from './routing.ts';

export interface ListingState {
  region: string;
  bedrock2025: boolean;
  /** Models answering end of life through the `endOfLifeModels` knob. */
  isEndOfLife(model: EmulatedModel): boolean;
  /** Models marked Legacy through the `legacyInactiveModels` knob. */
  isLegacyInactive(model: EmulatedModel): boolean;
  /** The account is enrolled in the preview models (the `previewAccess` knob). */
  previewAccess: boolean;
}

const FILTER_ENUMS: Record<string, readonly string[]> = {
  byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
  byInferenceType: ['ON_DEMAND', 'PROVISIONED'],
  byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
};

/** Every broken filter, in Coral's words ("Value 'X' at 'byY' failed to satisfy constraint: …"). */
function filterViolations(params: URLSearchParams): string[] {
  const violations: string[] = [];
  for (const [name, values] of Object.entries(FILTER_ENUMS)) {
    const value = params.get(name);
    if (value !== null && !values.includes(value))
      violations.push(
        `Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
      );
  }
  const provider = params.get('byProvider');
  if (provider !== null && !/^[A-Za-z0-9- ]{1,63}$/.test(provider))
    violations.push(
      `Value '${provider}' at 'byProvider' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}`,
    );
  return violations;
}

/** Where a model can be called from (2026): on demand there, or through a profile sourced there. */
function offeredIn(model: EmulatedModel, region: string): boolean {
  return model.onDemandRegions.includes(region) || model.profiles.some((p) => p.regions.includes(region));
}

function listedModels(state: ListingState): EmulatedModel[] {
  if (state.bedrock2025) return MODELS.filter((m) => m.in2025 && !state.isEndOfLife(m));
  return MODELS.filter(
    (m) =>
      !m.retired && !state.isEndOfLife(m) && offeredIn(m, state.region) && (state.previewAccess || m.preview !== true),
  );
}

export function listFoundationModels(params: URLSearchParams, state: ListingState): unknown {
  const violations = filterViolations(params);
  if (violations.length > 0) throw constraintErrors(violations);
  const modality = params.get('byOutputModality');
  const provider = params.get('byProvider');
  const inference = params.get('byInferenceType');
  const customization = params.get('byCustomizationType');
  const summaries = listedModels(state)
    .filter((m) => modality === null || (m.outputModalities as string[]).includes(modality))
    .filter((m) => provider === null || m.provider.toLowerCase().startsWith(provider.toLowerCase()))
    .filter((m) => inference === null || (m.inferenceTypes as string[]).includes(inference))
    .filter(() => customization === null)
    .map((m) => ({
      modelArn: `arn:aws:bedrock:${state.region}::foundation-model/${m.id}`,
      modelId: m.id,
      modelName: m.name,
      providerName: m.provider,
      inputModalities: m.inputModalities,
      outputModalities: m.outputModalities,
      responseStreamingSupported: false,
      customizationsSupported: [],
      inferenceTypesSupported: m.inferenceTypes,
      modelLifecycle: { status: state.isLegacyInactive(m) ? 'LEGACY' : m.lifecycle },
    }));
  return { modelSummaries: summaries };
}

/** When AWS created the US Stability profiles (fixed, so listings are reproducible). */
const PROFILES_CREATED_AT = '2025-09-18T00:00:00Z';

function profileSummaries(state: ListingState): unknown[] {
  return listedModels(state).flatMap((m) =>
    m.profiles
      .filter((p) => p.regions.includes(state.region))
      .map((p) => ({
        inferenceProfileName: `${p.label} ${m.name}`,
        description: `Routes requests to ${m.name} in ${p.regions.join(', ')}.`,
        createdAt: PROFILES_CREATED_AT,
        updatedAt: PROFILES_CREATED_AT,
        inferenceProfileArn: `arn:aws:bedrock:${state.region}:${EMULATOR_ACCOUNT_ID}:inference-profile/${p.prefix}.${m.id}`,
        models: p.regions.map((r) => ({ modelArn: `arn:aws:bedrock:${r}::foundation-model/${m.id}` })),
        inferenceProfileId: `${p.prefix}.${m.id}`,
        status: 'ACTIVE',
        type: 'SYSTEM_DEFINED',
      })),
  );
}

/** The page's offset inside an opaque token (base64 JSON, as opaque to clients as AWS's). */
function decodeToken(token: string | null): number {
  if (token === null) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the refusal below
  }
  throw validationError('The pagination token is invalid.');
}

export function listInferenceProfiles(params: URLSearchParams, state: ListingState): unknown {
  const violations: string[] = [];
  const maxText = params.get('maxResults');
  const max = maxText === null ? 1000 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    violations.push(
      `Value '${maxText ?? ''}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  const type = params.get('type');
  if (type !== null && type !== 'SYSTEM_DEFINED' && type !== 'APPLICATION')
    violations.push(
      `Value '${type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`,
    );
  if (violations.length > 0) throw constraintErrors(violations);
  const all = type === 'APPLICATION' ? [] : profileSummaries(state);
  const offset = decodeToken(params.get('nextToken'));
  const page = all.slice(offset, offset + max);
  const next =
    offset + max < all.length ? Buffer.from(JSON.stringify({ offset: offset + max })).toString('base64') : undefined;
  return { inferenceProfileSummaries: page, ...(next ? { nextToken: next } : {}) };
}
