// Whether the prompt panel can generate, and why not: the one check the Generate button and
// Ctrl/Cmd+Enter share, so both behave the same (the form never relies on the browser's own
// constraint validation, which refused valid model defaults such as Titan's CFG 8).
import type { GenerationParams } from '../../../src-shared/domain.ts';
import { estimate, findModel, validateParams } from '../../../src-shared/models/index.ts';
import { buildParams, parseSeed, runSeedsFor } from './params.ts';
import type { PromptFields } from './params.ts';

export interface Readiness {
  /** The request as the fields describe it (seed only when locked to a valid one). */
  params: GenerationParams;
  quote: ReturnType<typeof estimate>;
  /** The model's complaints by field ("width", "cfgScale", …). */
  issues: Map<string, string>;
  /** What stops Generate now, for the user (the prompt's own complaint only once one is typed). */
  blocking: string[];
  seedInvalid: boolean;
  ready: boolean;
}

export function readiness(fields: PromptFields): Readiness {
  const spec = findModel(fields.modelId);
  const seeds = runSeedsFor(fields);
  const params = buildParams(fields, seeds?.[0]);
  const list = fields.modelId === '' ? [] : validateParams(params);
  const issues = new Map(list.map((i) => [String(i.field), i.message]));
  const typed = fields.prompt.trim() !== '';
  const blocking = list.filter((i) => i.field !== 'prompt' || typed).map((i) => i.message);
  const seedInvalid = fields.seedText.trim() !== '' && parseSeed(fields.seedText, spec) === null;
  const promptMissing = spec?.limits.promptRequired === true && !typed;
  const ready = spec !== undefined && !promptMissing && blocking.length === 0 && !(fields.seedLocked && seedInvalid);
  return { params, quote: estimate(params), issues, blocking, seedInvalid, ready };
}
