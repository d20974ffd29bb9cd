// Batch manifests (YAML or JSON): a list of assets to generate, each with a key, a prompt, a model,
// parameters and a number of variants. Validated with zod, then each variant's request is checked
// (CheckedRequest: shape and the model's limits); every problem is reported with its path.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_SEED, type GenerationParams, type GenerationParamsInput } from '../../src-shared/domain.ts';
import { CheckedRequest } from '../../src-shared/generation-check.ts';
import { imageSeed } from '../../src-shared/models/index.ts';
import { ChunkingFailed, readManifestSource, type ManifestSource } from './manifest-source.ts';

const ParamsSchema = z.strictObject({
  negativePrompt: z.string().max(10_000).optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  aspectRatio: z.string().max(10).optional(),
  steps: z.number().int().positive().optional(),
  cfgScale: z.number().min(0).optional(),
  sampler: z.string().max(40).optional(),
  stylePreset: z.string().max(40).optional(),
  quality: z.enum(['standard', 'premium']).optional(),
  outputFormat: z.enum(['png', 'jpeg', 'webp']).optional(),
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const KEY = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, 'use letters, digits, "-", "_" and "." only (it names files)');

const AssetSchema = z.strictObject({
  key: KEY.optional(),
  name: KEY.optional(),
  prompt: z.string().min(1, 'the prompt is empty').max(10_000),
  negative: z.string().max(10_000).optional(),
  model: z.string().min(1).optional(),
  variants: z.number().int().min(1).max(100).optional(),
  /** With several variants, variant i uses seed + i (imageSeed: the app's rule for Images > 1). */
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
  params: ParamsSchema.optional(),
  tags: z.array(z.string().min(1).max(100)).max(20).optional(),
});

const DefaultsSchema = z.strictObject({
  model: z.string().min(1).optional(),
  variants: z.number().int().min(1).max(100).optional(),
  params: ParamsSchema.optional(),
  tags: z.array(z.string().min(1).max(100)).max(20).optional(),
});

const ManifestObjectSchema = z.strictObject({
  name: KEY.optional(),
  defaults: DefaultsSchema.optional(),
  assets: z.array(AssetSchema).min(1, 'the manifest has no assets'),
});

export type Manifest = z.infer<typeof ManifestObjectSchema>;

/** The manifest object with its assets read apart (one at a time, see loadManifest). */
const ManifestHeadSchema = ManifestObjectSchema.extend({ assets: z.array(z.unknown()) });
type ManifestHead = Partial<z.infer<typeof ManifestHeadSchema>>;

export interface ManifestIssue {
  path: string;
  message: string;
}

/** One image to make: an asset's variant, with a key that stays the same while its request does. */
export interface BatchItem {
  asset: string;
  variant: number;
  /** Stored as the job's batch key: "<batch>/<asset>#<variant>@<hash of the request>". */
  batchKey: string;
  /** The variant's request, checked (shape and the model's limits). */
  request: CheckedRequest;
  tags: string[];
}

export class ManifestError extends Error {
  readonly issues: ManifestIssue[];
  constructor(issues: ManifestIssue[]) {
    super(issues.map((i) => `${i.path || '(manifest)'}: ${i.message}`).join('\n'));
    this.name = 'ManifestError';
    this.issues = issues;
  }
}

/** `assets[2].params.width`; `nested`: the path continues one (`.params.width`). */
function pathText(path: readonly PropertyKey[], nested = false): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out || nested ? '.' : ''}${String(part)}`;
  return out;
}

/**
 * Parses and validates a manifest's text; `fallbackName` (the file name) names the batch. Assets
 * are validated one at a time as they are read (a large YAML manifest is read in chunks).
 */
export function loadManifest(text: string, fallbackName: string): { name: string; items: BatchItem[] } {
  try {
    return loadFrom(readSource(text, true), fallbackName);
  } catch (error) {
    if (!(error instanceof ChunkingFailed)) throw error;
    return loadFrom(readSource(text, false), fallbackName);
  }
}

function readSource(text: string, chunked: boolean): ManifestSource {
  try {
    return readManifestSource(text, { chunked });
  } catch (error) {
    throw new ManifestError([
      {
        path: '',
        message: `not valid YAML/JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      },
    ]);
  }
}

function loadFrom(source: ManifestSource, fallbackName: string): { name: string; items: BatchItem[] } {
  // A bare list of assets, or {name?, defaults?, assets}; picked by shape so errors name the right path.
  const isList = Array.isArray(source.top);
  let top: ManifestHead = {};
  if (!isList) {
    const head = ManifestHeadSchema.safeParse(source.top);
    if (!head.success)
      throw new ManifestError(head.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })));
    top = head.data;
  }
  const assets: Iterable<unknown> = source.assets ?? (isList ? (source.top as unknown[]) : (top.assets ?? []));
  const name = top.name ?? (fallbackName.replace(/[^\w.-]+/g, '-') || 'batch');
  const issues: ManifestIssue[] = [];
  const seen = new Map<string, number>();
  const items: BatchItem[] = [];
  let index = 0;
  for (const raw of assets) {
    const at = `assets[${index}]`;
    const parsed = AssetSchema.safeParse(raw);
    if (parsed.success) addAsset(parsed.data, index, { name, defaults: top.defaults, seen, items, issues });
    else
      for (const i of parsed.error.issues) issues.push({ path: `${at}${pathText(i.path, true)}`, message: i.message });
    index += 1;
  }
  if (index === 0) issues.push({ path: 'assets', message: 'the manifest has no assets' });
  if (issues.length) throw new ManifestError(issues);
  return { name, items };
}

interface AssetContext {
  name: string;
  defaults: Manifest['defaults'];
  seen: Map<string, number>;
  items: BatchItem[];
  issues: ManifestIssue[];
}

/** One valid asset's variants, each checked, into `items`; problems into `issues`. */
function addAsset(asset: z.infer<typeof AssetSchema>, index: number, ctx: AssetContext): void {
  const { defaults, issues } = ctx;
  const at = `assets[${index}]`;
  const key = asset.key ?? asset.name;
  if (!key) {
    issues.push({
      path: `${at}.key`,
      message: 'each asset needs a key (or name): it names the files and makes the batch resumable',
    });
    return;
  }
  const earlier = ctx.seen.get(key);
  if (earlier !== undefined)
    issues.push({ path: `${at}.key`, message: `"${key}" is already the key of assets[${earlier}]` });
  ctx.seen.set(key, index);
  const modelId = asset.model ?? defaults?.model;
  if (!modelId) {
    issues.push({ path: `${at}.model`, message: 'no model (give one here or in defaults.model)' });
    return;
  }
  const variants = asset.variants ?? defaults?.variants ?? 1;
  const base: GenerationParamsInput = {
    ...defaults?.params,
    ...asset.params,
    modelId,
    prompt: asset.prompt,
    ...(asset.negative === undefined ? {} : { negativePrompt: asset.negative }),
  };
  for (let variant = 0; variant < variants; variant++) {
    const params: GenerationParamsInput = {
      ...base,
      count: 1,
      ...(asset.seed === undefined ? {} : { seed: imageSeed(modelId, asset.seed, variant) }),
    };
    const request = checkVariant(params, at, issues);
    if (!request) return;
    ctx.items.push({
      asset: key,
      variant,
      batchKey: `${ctx.name}/${key}#${variant}@${fingerprint(request.params)}`,
      request,
      tags: [...(defaults?.tags ?? []), ...(asset.tags ?? [])],
    });
  }
}

/** The batch's one check of a variant's request (the facade does not check a CheckedRequest again). */
function checkVariant(params: GenerationParamsInput, at: string, issues: ManifestIssue[]): CheckedRequest | null {
  const { request, issues: problems } = CheckedRequest.check(params);
  for (const p of problems) {
    const where = p.kind === 'shape' ? pathText(p.path) : fieldPath(String(p.path[0]));
    issues.push({ path: `${at}.${where}`, message: p.message });
  }
  return request;
}

function fieldPath(field: string): string {
  if (field === 'modelId') return 'model';
  if (field === 'prompt') return 'prompt';
  if (field === 'negativePrompt') return 'negative';
  return `params.${field}`;
}

/** Short hash of the request: editing an asset's prompt or parameters makes it new work. */
function fingerprint(params: GenerationParams): string {
  const { count: _count, ...rest } = params;
  return createHash('sha256').update(stableJson(rest)).digest('hex').slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
