// ComfyUI graphs: the `prompt` chunk (API graph: {id: {class_type, inputs}}) and, when that is
// missing, the `workflow` chunk (editor graph: nodes + links + positional widgets_values), which is
// converted to the API shape first.
//
// Which sampler speaks for the image: walk back from each output node (SaveImage, PreviewImage...)
// through decodes, upscales and composites to the sampler that produced it, then on along the main
// latent line (latent_image / samples / samples_to) to the first sampler of that chain: the pass that
// started from noise or from the input image. Its seed, steps, cfg, sampler, checkpoint and the texts
// reachable from its positive/negative inputs are reported. With several outputs, the one with the
// longest sampler chain (the most refined picture) wins.
import type { ImportedMetadata } from './interpret.ts';

/** The generation fields a ComfyUI graph can state (seeds only when exact, as in ImportedMetadata). */
export type ComfyExtract = Pick<
  ImportedMetadata,
  'prompt' | 'negativePrompt' | 'seed' | 'steps' | 'cfgScale' | 'sampler' | 'model' | 'width' | 'height'
>;

interface ApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
}
export type ApiGraph = Map<string, ApiNode>;

type Link = [string, number];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asLink(value: unknown): Link | undefined {
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    (typeof value[0] === 'string' || typeof value[0] === 'number') &&
    typeof value[1] === 'number'
  ) {
    return [String(value[0]), value[1]];
  }
  return undefined;
}

/** Parses the API graph; undefined when the JSON is not one. */
export function apiGraphFrom(json: unknown): ApiGraph | undefined {
  if (!isRecord(json)) return undefined;
  const graph: ApiGraph = new Map();
  for (const [id, node] of Object.entries(json)) {
    if (isRecord(node) && typeof node.class_type === 'string' && isRecord(node.inputs)) {
      graph.set(id, { class_type: node.class_type, inputs: node.inputs });
    }
  }
  return graph.size > 0 ? graph : undefined;
}

// Names of the widgets of the common nodes, in widgets_values order. A sampler's seed widget is
// followed by a "control after generate" value that older files store as a boolean and newer as a
// string; it is skipped when present.
const WIDGETS: Record<string, string[]> = {
  CLIPTextEncode: ['text'],
  CLIPTextEncodeSDXL: ['width', 'height', 'crop_w', 'crop_h', 'target_width', 'target_height', 'text_g', 'text_l'],
  CLIPTextEncodeSDXLRefiner: ['ascore', 'width', 'height', 'text'],
  KSampler: ['seed', '*control', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'],
  KSamplerAdvanced: [
    'add_noise',
    'noise_seed',
    '*control',
    'steps',
    'cfg',
    'sampler_name',
    'scheduler',
    'start_at_step',
    'end_at_step',
    'return_with_leftover_noise',
  ],
  CheckpointLoaderSimple: ['ckpt_name'],
  CheckpointLoader: ['config_name', 'ckpt_name'],
  unCLIPCheckpointLoader: ['ckpt_name'],
  ImageOnlyCheckpointLoader: ['ckpt_name'],
  UNETLoader: ['unet_name', 'weight_dtype'],
  EmptyLatentImage: ['width', 'height', 'batch_size'],
  EmptySD3LatentImage: ['width', 'height', 'batch_size'],
};

function widgetInputs(type: string, values: unknown[]): Record<string, unknown> {
  const names = WIDGETS[type];
  const out: Record<string, unknown> = {};
  if (names === undefined) return out;
  let i = 0;
  for (const name of names) {
    const value = values[i];
    if (name === '*control') {
      if (typeof value === 'boolean' || typeof value === 'string') i++;
      continue;
    }
    if (value !== undefined) out[name] = value;
    i++;
  }
  return out;
}

/** Converts the editor graph (`workflow` chunk) to the API shape; undefined when the JSON is not one. */
export function apiGraphFromWorkflow(json: unknown): ApiGraph | undefined {
  if (!isRecord(json) || !Array.isArray(json.nodes)) return undefined;
  const linkSource = new Map<number, Link>();
  if (Array.isArray(json.links)) {
    for (const link of json.links) {
      // [id, from_node, from_slot, to_node, to_slot, type]
      if (
        Array.isArray(link) &&
        typeof link[0] === 'number' &&
        (typeof link[1] === 'number' || typeof link[1] === 'string') &&
        typeof link[2] === 'number'
      ) {
        linkSource.set(link[0], [String(link[1]), link[2]]);
      }
    }
  }
  const graph: ApiGraph = new Map();
  for (const node of json.nodes) {
    if (
      !isRecord(node) ||
      typeof node.type !== 'string' ||
      (typeof node.id !== 'number' && typeof node.id !== 'string')
    )
      continue;
    if (node.mode === 2 || node.mode === 4) continue; // muted or bypassed
    const inputs = Array.isArray(node.widgets_values) ? widgetInputs(node.type, node.widgets_values) : {};
    if (Array.isArray(node.inputs)) {
      for (const input of node.inputs) {
        if (!isRecord(input) || typeof input.name !== 'string' || typeof input.link !== 'number') continue;
        const source = linkSource.get(input.link);
        if (source !== undefined) inputs[input.name] = source;
      }
    }
    graph.set(String(node.id), { class_type: node.type, inputs });
  }
  return graph.size > 0 ? graph : undefined;
}

function isSampler(node: ApiNode): boolean {
  return (
    asLink(node.inputs.positive) !== undefined &&
    asLink(node.inputs.negative) !== undefined &&
    ('seed' in node.inputs || 'noise_seed' in node.inputs || /sampler/i.test(node.class_type))
  );
}

function isOutput(node: ApiNode): boolean {
  return (
    /^(SaveImage|PreviewImage)/.test(node.class_type) || (/save/i.test(node.class_type) && 'images' in node.inputs)
  );
}

// Inputs that carry the picture along the main line, in preference order.
const MAIN_LINE = ['latent_image', 'samples_to', 'samples', 'latent', 'pixels', 'images', 'image'];

/** Graphs larger than this are not read (ComfyUI workflows of real use have hundreds of nodes). */
export const MAX_GRAPH_NODES = 20_000;

/**
 * For every node, the nearest sampler upstream along the main picture line (exclusive of the node
 * itself), memoised so the whole graph is walked once: each node's answer is either found while
 * walking or reused. Linear in the graph's size (a crafted graph of 8,000 chained samplers used to
 * take minutes with a walk per sampler per chain step).
 */
function upstreamSamplers(graph: ApiGraph): (start: string) => string | undefined {
  const memo = new Map<string, string | null>();
  const nextOnMainLine = (node: ApiNode): string | undefined => {
    for (const name of MAIN_LINE) {
      const link = asLink(node.inputs[name]);
      if (link !== undefined) return link[0];
    }
    return undefined;
  };
  return (start) => {
    const startNode = graph.get(start);
    if (startNode === undefined) return undefined;
    // Walk until a sampler, a node with a known answer, or the end; then record the answer for
    // every node passed (a cycle ends the walk with no sampler).
    const path: string[] = [];
    const onPath = new Set<string>([start]);
    let current = nextOnMainLine(startNode);
    let answer: string | null = null;
    while (current !== undefined) {
      const node = graph.get(current);
      if (node === undefined) break;
      if (isSampler(node)) {
        answer = current;
        break;
      }
      if (onPath.has(current)) break;
      const known = memo.get(current);
      if (known !== undefined) {
        answer = known;
        break;
      }
      path.push(current);
      onPath.add(current);
      current = nextOnMainLine(node);
    }
    for (const id of path) memo.set(id, answer);
    return answer ?? undefined;
  };
}

/** The first pass of the longest sampler chain among the candidates (each chain's length memoised). */
function pickSampler(graph: ApiGraph): string | undefined {
  if (graph.size > MAX_GRAPH_NODES) return undefined;
  const upstream = upstreamSamplers(graph);
  const samplers = [...graph.entries()].filter(([, n]) => isSampler(n)).map(([id]) => id);
  if (samplers.length === 0) return undefined;
  const finals = [...graph.entries()]
    .filter(([, n]) => isOutput(n))
    .map(([id]) => upstream(id))
    .filter((id): id is string => id !== undefined);
  const candidates = finals.length > 0 ? finals : samplers;
  // chain[s] = {length, first}: s's chain of samplers, first pass first. Computed iteratively
  // (no recursion depth limit); a cycle of samplers ends the chain where it closes.
  const chain = new Map<string, { length: number; first: string }>();
  const chainOf = (last: string): { length: number; first: string } => {
    const stack: string[] = [];
    const onStack = new Set<string>();
    let current: string | undefined = last;
    let base: { length: number; first: string } | undefined;
    while (current !== undefined) {
      const known = chain.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onStack.has(current)) break;
      stack.push(current);
      onStack.add(current);
      current = upstream(current);
    }
    for (let i = stack.length - 1; i >= 0; i--) {
      const id = stack[i] as string;
      base = base === undefined ? { length: 1, first: id } : { length: base.length + 1, first: base.first };
      chain.set(id, base);
    }
    return chain.get(last) ?? { length: 1, first: last };
  };
  let best: { length: number; first: string } | undefined;
  for (const id of candidates) {
    const found = chainOf(id);
    if (best === undefined || found.length > best.length) best = found;
  }
  return best?.first;
}

const TEXT_INPUTS = ['text', 'text_g', 'text_l', 'prompt', 'string', 'value'];

/** Resolves a widget value that may be a link to a primitive/string node. */
function resolveValue(graph: ApiGraph, value: unknown, names: readonly string[], depth = 0): unknown {
  const link = asLink(value);
  if (link === undefined || depth > 20) return value;
  const node = graph.get(link[0]);
  if (node === undefined) return undefined;
  for (const name of names) {
    if (name in node.inputs) return resolveValue(graph, node.inputs[name], names, depth + 1);
  }
  return undefined;
}

/** Every prompt text reachable from a sampler's positive or negative input, in graph order. */
function collectTexts(graph: ApiGraph, start: Link, side: 'positive' | 'negative'): string[] {
  const texts: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number): void => {
    if (seen.has(id) || depth > 200) return;
    seen.add(id);
    const node = graph.get(id);
    if (node === undefined) return;
    let found = false;
    for (const name of TEXT_INPUTS) {
      const value = resolveValue(graph, node.inputs[name], TEXT_INPUTS);
      if (
        typeof value === 'string' &&
        value.trim() !== '' &&
        (name.startsWith('text') || /encode|prompt/i.test(node.class_type))
      ) {
        const text = value.trim();
        if (!texts.includes(text)) texts.push(text);
        found = true;
      }
    }
    if (found) return;
    for (const [name, value] of Object.entries(node.inputs)) {
      const link = asLink(value);
      if (link === undefined) continue;
      if (name === side || (/conditioning/i.test(name) && !/clip_vision/i.test(name))) visit(link[0], depth + 1);
    }
  };
  visit(start[0], 0);
  return texts;
}

/** Follows `model` inputs (through LoRA loaders etc.) to the checkpoint's file name. */
function findModel(graph: ApiGraph, start: unknown): string | undefined {
  let link = asLink(start);
  const seen = new Set<string>();
  while (link !== undefined && !seen.has(link[0])) {
    seen.add(link[0]);
    const node = graph.get(link[0]);
    if (node === undefined) return undefined;
    for (const name of ['ckpt_name', 'unet_name', 'model_name']) {
      const value = resolveValue(graph, node.inputs[name], [name, 'value']);
      if (typeof value === 'string' && value !== '') return value;
    }
    link = asLink(node.inputs.model);
  }
  return undefined;
}

/** Follows the latent line up to a node that states the size (EmptyLatentImage and kin). */
function findSize(graph: ApiGraph, start: unknown): { width: number; height: number } | undefined {
  let link = asLink(start);
  const seen = new Set<string>();
  while (link !== undefined && !seen.has(link[0])) {
    seen.add(link[0]);
    const node = graph.get(link[0]);
    if (node === undefined || isSampler(node)) return undefined;
    const width = resolveValue(graph, node.inputs.width, ['width', 'value']);
    const height = resolveValue(graph, node.inputs.height, ['height', 'value']);
    if (/latent/i.test(node.class_type) && typeof width === 'number' && typeof height === 'number')
      return { width, height };
    link = undefined;
    for (const name of MAIN_LINE) {
      link = asLink(node.inputs[name]);
      if (link !== undefined) break;
    }
  }
  return undefined;
}

function num(value: unknown, integer: boolean): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (integer && !Number.isSafeInteger(value)) return undefined;
  return value;
}

export function extractComfyGraph(graph: ApiGraph): ComfyExtract | undefined {
  const samplerId = pickSampler(graph);
  if (samplerId === undefined) return undefined;
  const sampler = graph.get(samplerId);
  if (sampler === undefined) return undefined;
  const out: ComfyExtract = {};
  const positive = asLink(sampler.inputs.positive);
  const negative = asLink(sampler.inputs.negative);
  if (positive !== undefined) {
    const texts = collectTexts(graph, positive, 'positive');
    if (texts.length > 0) out.prompt = texts.join('\n');
  }
  if (negative !== undefined) {
    const texts = collectTexts(graph, negative, 'negative');
    if (texts.length > 0) out.negativePrompt = texts.join('\n');
  }
  const seed = num(
    resolveValue(graph, sampler.inputs.seed ?? sampler.inputs.noise_seed, ['seed', 'noise_seed', 'value']),
    true,
  );
  if (seed !== undefined) out.seed = seed;
  const steps = num(resolveValue(graph, sampler.inputs.steps, ['steps', 'value']), true);
  if (steps !== undefined) out.steps = steps;
  const cfg = num(resolveValue(graph, sampler.inputs.cfg, ['cfg', 'value']), false);
  if (cfg !== undefined) out.cfgScale = cfg;
  const samplerName = resolveValue(graph, sampler.inputs.sampler_name, ['sampler_name', 'value']);
  if (typeof samplerName === 'string') out.sampler = samplerName;
  const model = findModel(graph, sampler.inputs.model);
  if (model !== undefined) out.model = model;
  const size = findSize(graph, sampler.inputs.latent_image);
  if (size !== undefined) {
    out.width = size.width;
    out.height = size.height;
  }
  return out;
}
