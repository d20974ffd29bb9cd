// Reading values out of a ComfyUI API graph: a widget value may be typed in, or linked from a
// primitive, a text or number node of a custom pack (Comfyroll's CR Prompt Text, CR Text
// Concatenate, CR SDXL Aspect Ratio; rgthree, easy-use...). Every walk is bounded by depth.
import { asLink, type ApiGraph, type ApiNode, type Link } from './comfy-graph.ts';

const MAX_DEPTH = 20;
export const TEXT_INPUTS = [
  'text',
  'text_g',
  'text_l',
  'prompt',
  'string',
  'value',
  'text_positive',
  'positive_prompt',
];
const NUMBER_INPUTS = ['value', 'int', 'float', 'number', 'seed', 'noise_seed'];

/** Texts a concatenating node joins, in input order (text1, text2..., part1..., string_a...). */
const JOINED_INPUT = /^(text|string|part|prompt)_?([a-z]|\d+)$/i;

function singleScalar(node: ApiNode, type: 'string' | 'number'): unknown {
  const values = Object.values(node.inputs).filter((v) => typeof v === type);
  return values.length === 1 ? values[0] : undefined;
}

/** The text a widget value stands for: typed in, or from the node it links to. */
export function resolveText(graph: ApiGraph, value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  const link = asLink(value);
  if (link === undefined || depth > MAX_DEPTH) return undefined;
  const node = graph.get(link[0]);
  if (node === undefined) return undefined;
  for (const name of TEXT_INPUTS)
    if (name in node.inputs) {
      const text = resolveText(graph, node.inputs[name], depth + 1);
      if (text !== undefined) return text;
    }
  const selected = node.inputs.Input ?? node.inputs.select ?? node.inputs.index;
  if (/switch/i.test(node.class_type) && typeof selected === 'number')
    return resolveText(graph, node.inputs[`text${selected}`] ?? node.inputs[`text_${selected}`], depth + 1);
  const joined = Object.entries(node.inputs)
    .filter(([name]) => JOINED_INPUT.test(name))
    .map(([, v]) => resolveText(graph, v, depth + 1)?.trim())
    .filter((t): t is string => t !== undefined && t !== '');
  if (joined.length > 0) {
    const separator = node.inputs.separator ?? node.inputs.delimiter;
    return joined.join(typeof separator === 'string' ? separator : ' ');
  }
  const only = singleScalar(node, 'string');
  return typeof only === 'string' ? only : undefined;
}

/** "1:1 square 1024x1024" → 1024×1024 (Comfyroll's aspect-ratio nodes), swapped when asked. */
function aspectSize(node: ApiNode): { width: number; height: number } | undefined {
  const ratio = node.inputs.aspect_ratio;
  const m = typeof ratio === 'string' ? /(\d+)\s*x\s*(\d+)/.exec(ratio) : null;
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const swap = node.inputs.swap_dimensions === 'On' || node.inputs.swap_dimensions === true;
  const [width, height] = swap ? [Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2])];
  return { width, height };
}

/** The number a widget value stands for: typed in, or from the node (and output slot) it links to. */
export function resolveNumber(
  graph: ApiGraph,
  value: unknown,
  names: readonly string[],
  depth = 0,
): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const link = asLink(value);
  if (link === undefined || depth > MAX_DEPTH) return undefined;
  const node = graph.get(link[0]);
  if (node === undefined) return undefined;
  const aspect = aspectSize(node);
  if (aspect !== undefined && (link[1] === 0 || link[1] === 1)) return link[1] === 0 ? aspect.width : aspect.height;
  for (const name of [...names, ...NUMBER_INPUTS])
    if (name in node.inputs) {
      const n = resolveNumber(graph, node.inputs[name], names, depth + 1);
      if (n !== undefined) return n;
    }
  const only = singleScalar(node, 'number');
  return typeof only === 'number' ? only : undefined;
}

/** Every prompt text reachable from a conditioning input, in graph order. */
export function collectTexts(graph: ApiGraph, start: Link, side: 'positive' | 'negative'): string[] {
  const texts: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number): void => {
    if (seen.has(id) || depth > 200) return;
    seen.add(id);
    const node = graph.get(id);
    if (node === undefined) return;
    let found = false;
    for (const name of TEXT_INPUTS) {
      if (!(name in node.inputs) || !(name.startsWith('text') || /encode|prompt/i.test(node.class_type))) continue;
      const text = resolveText(graph, node.inputs[name])?.trim();
      if (text !== undefined && text !== '') {
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
export function findModel(graph: ApiGraph, start: unknown): string | undefined {
  let link = asLink(start);
  const seen = new Set<string>();
  while (link !== undefined && !seen.has(link[0])) {
    seen.add(link[0]);
    const node = graph.get(link[0]);
    if (node === undefined) return undefined;
    for (const name of ['ckpt_name', 'unet_name', 'model_name', 'base_ckpt_name']) {
      const value = resolveText(graph, node.inputs[name]);
      if (value !== undefined && value !== '') return value;
    }
    link = asLink(node.inputs.model);
  }
  return undefined;
}

/**
 * Follows the latent line from a sampler's latent input up to the node that states the size (an
 * empty latent, an aspect-ratio node), stopping at another sampler. `mainLine` names the inputs that
 * carry the picture.
 */
export function findSize(
  graph: ApiGraph,
  start: unknown,
  isSampler: (node: ApiNode) => boolean,
  mainLine: readonly string[],
): { width: number; height: number } | undefined {
  let link = asLink(start);
  const seen = new Set<string>();
  while (link !== undefined && !seen.has(link[0])) {
    seen.add(link[0]);
    const node = graph.get(link[0]);
    if (node === undefined || isSampler(node)) return undefined;
    if (/latent|aspect|resolution/i.test(node.class_type)) {
      const aspect = aspectSize(node);
      if (aspect !== undefined) return aspect;
      const width = resolveNumber(graph, node.inputs.width, ['width']);
      const height = resolveNumber(graph, node.inputs.height, ['height']);
      if (width !== undefined && height !== undefined) return { width, height };
    }
    link = undefined;
    for (const name of mainLine) {
      link = asLink(node.inputs[name]);
      if (link !== undefined) break;
    }
  }
  return undefined;
}
