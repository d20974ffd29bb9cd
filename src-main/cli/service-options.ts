// `easel generate` on a Stability Image Service: `--option key=value` read as the service's own
// Bedrock fields (search_prompt, grow_mask, control_strength, style_preset, left, ...), each typed
// and checked against the catalog's limits (src-shared/models/service-table.ts) before the studio
// opens, so a wrong key or value is a usage error (exit 2) and nothing is sent.
import type { GenerationParamsInput } from '../../src-shared/domain.ts';
import { findModel, SERVICES, serviceOf } from '../../src-shared/models/index.ts';
import type { ModelSpec, ServiceModel } from '../../src-shared/models/index.ts';
import { UsageError } from './args.ts';

const SIDES = ['left', 'right', 'up', 'down'] as const;
type Side = (typeof SIDES)[number];

/** What `--option` adds to the request. */
export type ServiceFields = Pick<GenerationParamsInput, 'extra' | 'outputFormat' | 'stylePreset' | 'aspectRatio'> & {
  outpaint?: Record<Side, number>;
};

export interface ServiceTarget {
  spec: ModelSpec;
  service: ServiceModel;
}

/** The Image Service a model id names (base id or `us.` profile), or undefined for other models. */
export function serviceTarget(modelId: string): ServiceTarget | undefined {
  const spec = findModel(modelId);
  if (!spec || spec.family !== 'stability-services') return undefined;
  const service = serviceOf(spec);
  return service ? { spec, service } : undefined;
}

/** The `--option` keys a service takes, in the order Bedrock's page lists its fields. */
export function optionKeys({ spec, service }: ServiceTarget): string[] {
  return [
    ...service.texts.map((t) => t.key),
    ...service.numbers.map((n) => n.key),
    ...(service.outpaint ? SIDES : []),
    ...(service.aspectRatio && spec.limits.aspectRatios ? ['aspect_ratio'] : []),
    ...(service.stylePreset && spec.limits.stylePresets ? ['style_preset'] : []),
    ...(spec.limits.outputFormats ? ['output_format'] : []),
  ];
}

const trim = (n: number) => String(Number(n.toFixed(6)));

function fail(message: string): never {
  throw new UsageError(message, 'generate');
}

function choice<T extends string>(key: string, text: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === text);
  if (found === undefined) fail(`--option ${key} must be one of ${choices.join(', ')}, not "${text}".`);
  return found;
}

function number(
  key: string,
  text: string,
  range: { min: number; max: number },
  integer: boolean,
  label: string,
): number {
  const what = `${integer ? 'a whole number' : 'a number'} from ${trim(range.min)} to ${trim(range.max)}`;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
    fail(`--option ${key} must be ${what} for ${label}, not "${text}".`);
  if (value < range.min || value > range.max) fail(`--option ${key} must be ${what} for ${label}, not ${text}.`);
  return value;
}

/** `key=value` pairs, each key once. */
function pairs(options: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const option of options) {
    const at = option.indexOf('=');
    if (at <= 0) fail(`--option takes key=value, e.g. --option grow_mask=5, not "${option}".`);
    const key = option.slice(0, at).trim();
    if (found.has(key)) fail(`--option ${key} is given twice.`);
    found.set(key, option.slice(at + 1));
  }
  return found;
}

/**
 * `--option key=value` as request fields for this service.
 * @throws UsageError naming the allowed keys (unknown key) or the allowed range or choices (bad value).
 */
export function readServiceOptions(target: ServiceTarget, options: readonly string[]): ServiceFields {
  const { spec, service } = target;
  const allowed = optionKeys(target);
  const fields: ServiceFields = {};
  const extra: Record<string, string | number> = {};
  for (const [key, text] of pairs(options)) {
    const numberOption = service.numbers.find((n) => n.key === key);
    if (!allowed.includes(key))
      fail(
        `${spec.label} takes no option ${key}; its options: ${allowed.join(', ')} (prompt, --negative, --seed apart).`,
      );
    else if (numberOption)
      extra[key] = number(key, text, numberOption.range, numberOption.integer ?? false, spec.label);
    else if (service.texts.some((t) => t.key === key)) {
      if (text.trim() === '') fail(`--option ${key} needs some text.`);
      extra[key] = text;
    } else if ((SIDES as readonly string[]).includes(key)) {
      const max = spec.limits.outpaintMax ?? 0;
      fields.outpaint = { left: 0, right: 0, up: 0, down: 0, ...fields.outpaint };
      fields.outpaint[key as Side] = number(key, text, { min: 0, max }, true, spec.label);
    } else if (key === 'aspect_ratio') fields.aspectRatio = choice(key, text, spec.limits.aspectRatios ?? []);
    else if (key === 'style_preset') fields.stylePreset = choice(key, text, spec.limits.stylePresets ?? []);
    else fields.outputFormat = choice(key, text, spec.limits.outputFormats ?? []);
  }
  if (Object.keys(extra).length > 0) fields.extra = extra;
  return fields;
}

export interface ServiceInputs {
  prompt: string;
  initImage: string | undefined;
  mask: string | undefined;
  styleImage: string | undefined;
  fields: ServiceFields;
}

/** What the service needs that the command line left out (or gave to a service that takes none). */
export function checkServiceInputs({ spec, service }: ServiceTarget, given: ServiceInputs): void {
  const name = spec.label;
  if (service.prompt === 'required' && given.prompt === '')
    fail(`${name} needs a prompt, e.g. easel generate "a red barn" --model ${spec.id} --init-image FILE.`);
  if (service.prompt === 'none' && given.prompt !== '') fail(`${name} takes no prompt.`);
  if (!given.initImage) fail(`${name} edits an image: give it with --init-image FILE.`);
  if (service.mask === 'required' && !given.mask)
    fail(`${name} needs a mask: --mask FILE (a PNG of the image's size, white where it changes).`);
  if (service.mask === 'none' && given.mask) fail(`${name} takes no mask.`);
  if (service.styleImage && !given.styleImage) fail(`${name} needs a style image: --style-image FILE.`);
  if (!service.styleImage && given.styleImage) fail(`${name} takes no style image.`);
  for (const text of service.texts) {
    if (given.fields.extra?.[text.key] === undefined)
      fail(`${name} needs --option ${text.key}=TEXT (${text.question.toLowerCase()}).`);
  }
  if (service.outpaint && !SIDES.some((side) => (given.fields.outpaint?.[side] ?? 0) > 0))
    fail(`${name} needs at least one side to extend: --option left=N, right=N, up=N or down=N.`);
}

function describeOption(target: ServiceTarget, key: string): string {
  const number = target.service.numbers.find((n) => n.key === key);
  if (number) {
    const { min, max, default: fallback } = number.range;
    return `${key}=${trim(min)}–${trim(max)} (${trim(fallback)})`;
  }
  if (target.service.texts.some((t) => t.key === key)) return `${key}=TEXT`;
  if ((SIDES as readonly string[]).includes(key)) return `${key}=0–${target.spec.limits.outpaintMax ?? 0}`;
  return key === 'output_format' ? '' : `${key}=…`;
}

/** One line per service for `easel generate --help`: its id, what it needs, its options and ranges. */
export function serviceOptionsHelp(): string {
  return SERVICES.map((service) => {
    const target = serviceTarget(`stability.${service.name}-v1:0`);
    if (!target) return '';
    const needs = [
      service.prompt === 'required' ? 'prompt' : service.prompt === 'optional' ? '[prompt]' : '',
      service.mask === 'required' ? '--mask' : service.mask === 'optional' ? '[--mask]' : '',
      service.styleImage ? '--style-image' : '',
    ].filter(Boolean);
    const keys = optionKeys(target)
      .map((key) => describeOption(target, key))
      .filter(Boolean);
    return `  ${target.spec.id}\n      ${[...needs, ...keys].join('  ') || '(nothing else)'}`;
  })
    .filter(Boolean)
    .join('\n');
}

/** The choices behind `style_preset=…`, `aspect_ratio=…` and `output_format`, from the catalog. */
export function serviceChoicesHelp(): string {
  const specs = SERVICES.map((s) => serviceTarget(`stability.${s.name}-v1:0`)?.spec);
  const first = (pick: (spec: ModelSpec) => readonly string[] | undefined) =>
    specs.map((spec) => (spec ? pick(spec) : undefined)).find((list) => list !== undefined) ?? [];
  return [
    `  output_format (every service): ${first((s) => s.limits.outputFormats).join(', ')}`,
    `  style_preset: ${first((s) => s.limits.stylePresets).join(', ')}`,
    `  aspect_ratio: ${first((s) => s.limits.aspectRatios).join(', ')}`,
  ].join('\n');
}
