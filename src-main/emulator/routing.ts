// Which model an InvokeModel call reaches from a region, or the error Bedrock answers: plain ids and
// foundation-model ARNs run where the model runs on demand; inference-profile ids and ARNs run from
// the profile's source regions; a model only offered through a profile refuses its plain id.
import type { AwsError } from './aws-errors.ts';
import { endOfLifeError, MESSAGES, onDemandUnsupported, validationError } from './aws-errors.ts';
import type { EmulatedModel } from './models.ts';
import { findModel, resolveModel } from './models.ts';

/** The account the emulator plays (IAM messages and inference-profile ARNs). */
export const EMULATOR_ACCOUNT_ID = '000000000000';

export interface RoutingRules {
  region: string;
  bedrock2025: boolean;
}

interface ParsedId {
  /** A model id, or `<prefix>.<model id>` for an inference profile. */
  id: string;
  kind: 'plain' | 'foundation-model' | 'inference-profile';
}

const invalid = (): AwsError => validationError(MESSAGES.invalidModel);

/** Splits an ARN into its id; an ARN for another region or account is an identifier Bedrock rejects. */
function parseModelId(invokedId: string, region: string): ParsedId {
  if (!invokedId.startsWith('arn:')) return { id: invokedId, kind: 'plain' };
  const match = /^arn:aws:bedrock:([a-z0-9-]+):(\d{12})?:(foundation-model|inference-profile)\/(.+)$/.exec(invokedId);
  if (!match) throw invalid();
  const [, arnRegion, account = '', kind, id = ''] = match;
  if (arnRegion !== region) throw invalid();
  if (kind === 'foundation-model' && account !== '') throw invalid();
  if (kind === 'inference-profile' && account !== EMULATOR_ACCOUNT_ID) throw invalid();
  return { id, kind: kind === 'foundation-model' ? 'foundation-model' : 'inference-profile' };
}

/** The 2025 emulator: every model everywhere, with or without a profile prefix. */
function resolve2025(parsed: ParsedId): EmulatedModel {
  const model = resolveModel(parsed.id);
  if (!model || !model.in2025 || model.family === null) throw invalid();
  return model;
}

function resolveProfile(id: string, region: string): EmulatedModel | undefined {
  const dot = id.indexOf('.');
  const model = findModel(id.slice(dot + 1));
  const profile = model?.profiles.find((p) => p.prefix === id.slice(0, dot));
  if (!model || !profile) return undefined;
  if (model.retired) return model;
  return profile.regions.includes(region) ? model : undefined;
}

/**
 * The model `invokedId` reaches when called from `rules.region`.
 * @throws AwsError: ValidationException (unknown id, not offered in this region, on-demand not
 * supported), or the end-of-life error for a retired model.
 */
export function routeInvocation(invokedId: string, rules: RoutingRules): EmulatedModel {
  const parsed = parseModelId(invokedId, rules.region);
  if (rules.bedrock2025) return resolve2025(parsed);
  const direct = parsed.kind === 'inference-profile' ? undefined : findModel(parsed.id);
  const model = direct ?? (parsed.kind === 'foundation-model' ? undefined : resolveProfile(parsed.id, rules.region));
  if (!model) throw invalid();
  if (model.retired) throw endOfLifeError();
  if (direct && !direct.onDemandRegions.includes(rules.region)) {
    if (direct.profiles.some((p) => p.regions.includes(rules.region))) throw onDemandUnsupported(direct.id);
    throw invalid();
  }
  return model;
}
