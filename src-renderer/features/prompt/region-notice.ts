// Which text-to-image models the prompt panel offers (only those that can run for this profile
// within "Regions Easel may call"), and when the chosen one or none can run, the notice that says
// why in plain words and the one-click fix: add the region the models run in ("Use us-west-2"), or
// switch the profile's region to it ("Switch region", when the model runs only in one region that is
// not us-west-2). A short-term Bedrock API key is bound to its region: no button then, the reason only.
import { PREFERRED_IMAGE_REGION } from '../../../src-shared/models/index.ts';
import type { CallRegions, ModelSummary } from '../session/index.ts';

export type RegionFix = { kind: 'allow'; region: string } | { kind: 'switch'; region: string };

export interface RegionNotice {
  message: string;
  fix: RegionFix | null;
}

/** A model the panel may offer: it can run (or nobody knows the profile's region yet). */
export function canRun(model: ModelSummary): boolean {
  return model.run === null || model.run.ok;
}

/**
 * The text-to-image models the panel offers: those that can run here (a retired model cannot: main
 * says so in its `run`; without a known region, run is null and the model is offered).
 */
export function offeredModels(models: readonly ModelSummary[]): ModelSummary[] {
  return models.filter((m) => m.tasks.includes('text-to-image') && canRun(m));
}

function fixFor(suggested: string | null, regions: CallRegions | null): RegionFix | null {
  if (suggested === null || regions?.keyRegion !== undefined) return null;
  // Adding us-west-2 is the usual fix; a model of one other region is reached by switching to it.
  return suggested === PREFERRED_IMAGE_REGION || regions === null
    ? { kind: 'allow', region: suggested }
    : { kind: 'switch', region: suggested };
}

/**
 * When no text-to-image model can run, the notice for all of them; else for the chosen model when it
 * cannot run for a region reason; null when there is nothing to say.
 */
export function regionNotice(
  models: readonly ModelSummary[],
  chosenId: string,
  regions: CallRegions | null,
): RegionNotice | null {
  const offered = offeredModels(models);
  const blocked = (m: ModelSummary) => m.run !== null && !m.run.ok && m.run.reason === 'region';
  const chosen = models.find((m) => m.id === chosenId);
  const t2i = models.filter((m) => m.tasks.includes('text-to-image') && m.lifecycle.status !== 'end-of-life');
  const subject = offered.length === 0 ? t2i.filter(blocked) : chosen && blocked(chosen) ? [chosen] : [];
  const first = subject[0]?.run;
  if (!first || first.ok) return null;
  if (regions?.keyRegion !== undefined) return { message: first.message ?? '', fix: null };
  const runsIn = [...new Set(subject.flatMap((m) => m.run?.runsIn ?? []))];
  const who = subject.length === 1 ? `${subject[0]?.label ?? 'This model'} runs` : 'Text-to-image models run';
  const where = runsIn.length === 1 ? runsIn[0] : runsIn.join(', ');
  const profileRegion = regions ? ` (its region is ${regions.profile})` : '';
  return {
    message: `${who} in ${where}, which Easel may not call for this profile${profileRegion}.`,
    fix: fixFor(first.suggestedRegion, regions),
  };
}

/** The setting "Regions Easel may call" with `region` added (the profile's own region is always allowed). */
export function allowedWith(regions: CallRegions, region: string): string[] {
  return [...new Set([...regions.allowed.filter((r) => r !== regions.profile), region])];
}
