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
import { asLink, type ApiGraph, type ApiNode } from './comfy-graph.ts';
import { collectTexts, findModel, findSize, resolveNumber, resolveText } from './comfy-values.ts';

export { apiGraphFrom, apiGraphFromWorkflow } from './comfy-graph.ts';
export type { ApiGraph } from './comfy-graph.ts';

/** The generation fields a ComfyUI graph can state (seeds only when exact, as in ImportedMetadata). */
export type ComfyExtract = Pick<
  ImportedMetadata,
  'prompt' | 'negativePrompt' | 'seed' | 'steps' | 'cfgScale' | 'sampler' | 'scheduler' | 'model' | 'width' | 'height'
>;

function isSampler(node: ApiNode): boolean {
  if (/^SamplerCustom/.test(node.class_type)) return true;
  if (asLink(node.inputs.guider) !== undefined && asLink(node.inputs.sigmas) !== undefined) return true;
  return (
    asLink(node.inputs.positive) !== undefined &&
    asLink(node.inputs.negative) !== undefined &&
    ('seed' in node.inputs || 'noise_seed' in node.inputs || /sampler/i.test(node.class_type))
  );
}

/** 2: a node that saves the file (SaveImage, Save Image Extended, Image Saver...), 1: a preview, 0: neither. */
function outputRank(node: ApiNode): number {
  if (/^PreviewImage/.test(node.class_type)) return 1;
  if (/^SaveImage/.test(node.class_type) || (/save/i.test(node.class_type) && 'images' in node.inputs)) return 2;
  return 0;
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
  // The file came from a saving node; previews only when the graph has no saver.
  const saver = Math.max(0, ...[...graph.values()].map(outputRank));
  const finals = [...graph.entries()]
    .filter(([, n]) => saver > 0 && outputRank(n) === saver)
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

function linked(graph: ApiGraph, value: unknown): ApiNode | undefined {
  const link = asLink(value);
  return link === undefined ? undefined : graph.get(link[0]);
}

/**
 * Where a sampler's settings are: on the node itself (KSampler, KSamplerAdvanced, most custom
 * samplers), or on the helper nodes SamplerCustom(Advanced) links to (RandomNoise, CFGGuider or
 * BasicGuider, KSamplerSelect, BasicScheduler).
 */
function samplerInputs(graph: ApiGraph, node: ApiNode): Record<string, unknown> {
  const noise = linked(graph, node.inputs.noise);
  const guider = linked(graph, node.inputs.guider);
  const choice = linked(graph, node.inputs.sampler);
  const sigmas = linked(graph, node.inputs.sigmas);
  const g = guider?.inputs ?? {};
  // Flux's BasicGuider has no CFG: its conditioning's FluxGuidance states the guidance instead.
  const guidance = linked(graph, g.conditioning);
  return {
    model: g.model,
    positive: g.positive ?? g.conditioning ?? g.cond1,
    negative: g.negative,
    cfg: g.cfg ?? g.cfg_conds ?? (guidance?.class_type === 'FluxGuidance' ? guidance.inputs.guidance : undefined),
    seed: noise?.inputs.noise_seed ?? noise?.inputs.seed,
    sampler_name: choice?.inputs.sampler_name,
    steps: sigmas?.inputs.steps,
    scheduler: sigmas?.inputs.scheduler,
    ...Object.fromEntries(Object.entries(node.inputs).filter(([, v]) => v !== undefined)),
  };
}

function setIf<K extends keyof ComfyExtract>(out: ComfyExtract, key: K, value: ComfyExtract[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

export function extractComfyGraph(graph: ApiGraph): ComfyExtract | undefined {
  const samplerId = pickSampler(graph);
  const node = samplerId === undefined ? undefined : graph.get(samplerId);
  if (node === undefined) return undefined;
  const inputs = samplerInputs(graph, node);
  const out: ComfyExtract = {};
  const positive = asLink(inputs.positive);
  const negative = asLink(inputs.negative);
  if (positive !== undefined) setIf(out, 'prompt', collectTexts(graph, positive, 'positive').join('\n') || undefined);
  if (negative !== undefined)
    setIf(out, 'negativePrompt', collectTexts(graph, negative, 'negative').join('\n') || undefined);
  const seed = resolveNumber(graph, inputs.seed ?? inputs.noise_seed, ['seed', 'noise_seed']);
  setIf(out, 'seed', seed !== undefined && Number.isSafeInteger(seed) ? seed : undefined);
  const steps = resolveNumber(graph, inputs.steps, ['steps']);
  setIf(out, 'steps', steps !== undefined && Number.isSafeInteger(steps) ? steps : undefined);
  setIf(out, 'cfgScale', resolveNumber(graph, inputs.cfg, ['cfg']));
  setIf(out, 'sampler', resolveText(graph, inputs.sampler_name));
  setIf(out, 'scheduler', resolveText(graph, inputs.scheduler));
  setIf(out, 'model', findModel(graph, inputs.model));
  const size = findSize(graph, inputs.latent_image, isSampler, MAIN_LINE);
  if (size !== undefined) {
    out.width = size.width;
    out.height = size.height;
  }
  return out;
}
