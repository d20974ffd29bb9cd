// ComfyUI's two graph formats as one: the `prompt` chunk (API graph: {id: {class_type, inputs}})
// as it is, and the `workflow` chunk (editor graph: nodes + links + positional widgets_values)
// converted to the API shape, for the common nodes whose widget order is known.

export interface ApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
}
export type ApiGraph = Map<string, ApiNode>;

export type Link = [string, number];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asLink(value: unknown): Link | undefined {
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
  EmptyHunyuanLatentVideo: ['width', 'height', 'length', 'batch_size'],
  SamplerCustom: ['add_noise', 'noise_seed', '*control', 'cfg'],
  KSamplerSelect: ['sampler_name'],
  BasicScheduler: ['scheduler', 'steps', 'denoise'],
  RandomNoise: ['noise_seed', '*control'],
  CFGGuider: ['cfg'],
  FluxGuidance: ['guidance'],
  PrimitiveNode: ['value', '*control'],
  'CR Prompt Text': ['prompt'],
  'CR Text': ['text'],
  'CR SDXL Aspect Ratio': ['width', 'height', 'aspect_ratio', 'swap_dimensions', 'upscale_factor', 'batch_size'],
  'CR Aspect Ratio': [
    'width',
    'height',
    'aspect_ratio',
    'swap_dimensions',
    'upscale_factor',
    'prescale_factor',
    'batch_size',
  ],
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
