// easel profiles, easel models: what AWS access and which models Easel sees.
import type { ListedModel, PriceTableView } from '../../core/studio/index.ts';
import { noPositionals, type OptionTable } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { table, usd } from '../io.ts';
import { optional } from './generate.ts';

export const profilesCommand: Command = {
  name: 'profiles',
  summary: 'List the AWS profiles Easel can use, and a Bedrock API key (masked; never a secret)',
  usage: 'easel profiles [--json]',
  options: {},
  details: `--json prints {"profiles": [{"name", "kind", "region"?, "sources", "isDefault", "problems", ...}]}
AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key) is listed as "(Bedrock API key)", kind api-key, with "maskedKey".`,
  async run(ctx, { positionals }) {
    noPositionals(positionals, 'profiles');
    const studio = await ctx.openStudio();
    const profiles = await studio.listProfiles();
    if (ctx.out.json) ctx.out.result({ profiles });
    else if (profiles.length === 0)
      ctx.out.print(
        'No AWS profiles found. Run `aws configure`, set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key.',
      );
    else {
      ctx.out.print(
        table([
          ['PROFILE', 'KIND', 'REGION', 'NOTES'],
          ...profiles.map((p) => [
            `${p.isDefault ? '*' : ' '} ${p.name}`,
            p.kind,
            p.region ?? '-',
            p.problems.join('; '),
          ]),
        ]),
      );
    }
    return EXIT.ok;
  },
};

const modelOptions: OptionTable = {
  all: { type: 'boolean', help: 'include end-of-life models and ones Easel cannot use' },
};

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List image models (discovered in the region, with lifecycle and price)',
  usage: 'easel models [--all] [--profile P] [--region R] [--json]',
  options: modelOptions,
  details: `--json prints {"discovered": bool, "problem"?: string, "allowedRegions"?: [...], "models": [{"id", "label",
  "provider", "lifecycle", "listed", "usable", "regions", "invokeId", "run", "tasks", "priceMicroUsd", "priceKnown",
  "priceSource"}]} — the price is one image at the model's defaults (null when unknown); invokeId is the id or inference
  profile called from the region; run says whether it can run for this profile within the regions Easel may call
  ({"ok", "region", "invokeId", "reason", "message", "runsIn", "suggestedRegion"}; null when the region is unknown).`,
  async run(ctx, { values, positionals }) {
    noPositionals(positionals, 'models');
    const studio = await ctx.openStudio();
    const { GenerationParamsSchema } = await import('../../../src-shared/domain.ts');
    const { priceMicroUsd, runSummary } = await import('../../../src-shared/models/index.ts');
    const listing = await studio.listModels({ ...optional('profile', ctx.profile), ...optional('region', ctx.region) });
    const models = listing.entries
      // Legacy models still run on Bedrock until their end of life: shown, with their lifecycle.
      .filter((e) => values.all === true || shownByDefault(e))
      .map((e) => {
        const quote = priceMicroUsd(
          GenerationParamsSchema.parse({ modelId: e.spec.id }),
          overridesOf(studio.priceTable()),
        );
        return {
          id: e.spec.id,
          label: e.spec.label,
          provider: e.spec.provider,
          lifecycle: e.spec.lifecycle.status,
          ...optional('awsLifecycle', e.awsLifecycle),
          ...optional('replacementId', e.spec.lifecycle.replacementId),
          listed: e.listed,
          usable: e.usable,
          regions: e.regions,
          // The id or inference profile called from the listing's region; null when it cannot run there.
          invokeId: e.invokeId ?? null,
          // Within "Regions Easel may call" (the setting, else the profile's region plus us-west-2).
          run: e.run ? runSummary(e.run) : null,
          tasks: [...e.spec.tasks],
          priceMicroUsd: quote.known ? quote.perImageMicroUsd : null,
          priceKnown: quote.known,
          priceSource: quote.source,
        };
      });
    if (ctx.out.json) {
      ctx.out.result({
        discovered: listing.discovered,
        ...optional('problem', listing.problem),
        ...optional('allowedRegions', listing.regions?.allowed),
        models,
      });
      return EXIT.ok;
    }
    if (!listing.discovered)
      ctx.out.warn(`model discovery unavailable (${listing.problem ?? 'unknown reason'}); showing the built-in list.`);
    ctx.out.print(
      table([
        ['MODEL ID', 'NAME', 'LIFECYCLE', 'LISTED', 'PRICE/IMAGE'],
        ...models.map((m) => [
          m.id,
          m.label,
          m.lifecycle,
          String(m.listed),
          m.priceMicroUsd === null ? 'unknown' : usd(m.priceMicroUsd),
        ]),
      ]),
    );
    if (values.all !== true) {
      const retired = listing.entries.filter((e) => e.spec.lifecycle.status === 'end-of-life');
      for (const e of retired)
        ctx.out.print(`Not shown (end of life): ${e.spec.label} (${e.spec.id}). ${e.spec.lifecycle.note}`);
      if (retired.length > 0)
        ctx.out.print('`easel models --all` lists them too; Easel still speaks their request format.');
    }
    return EXIT.ok;
  },
};

function overridesOf(view: PriceTableView): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of view.entries) if (e.overrideMicroUsd !== null) out[e.key] = e.overrideMicroUsd;
  for (const o of view.modelOverrides) out[o.modelId] = o.microUsd;
  return out;
}

function shownByDefault(entry: ListedModel): boolean {
  return entry.usable && entry.spec.lifecycle.status !== 'end-of-life';
}
